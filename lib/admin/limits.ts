import type { Db } from "@/db/client";
import { getUsageLimits, saveUsageLimits, type UsageLimits } from "@/db/queries/organization-settings";
import { recordAudit } from "../audit/record";
import { parsePlace, requireOrganizationAdmin } from "./access";
import type { Actor } from "../permissions/actor";
import { parseInput, updateLimitsInput } from "./input";

export async function getLimits(db: Db, actor: Actor, place: unknown): Promise<UsageLimits> {
  const { organizationId } = parsePlace(place);
  await requireOrganizationAdmin(db, actor, organizationId);
  return getUsageLimits(db, organizationId);
}

/**
 * Saves the usage limits. Row, range and per-person limits apply to requests from now on; retention to
 * exports that finish from now on; "exports running at once" to the next export that waits for a slot.
 */
export async function updateLimits(db: Db, actor: Actor, place: unknown, raw: unknown): Promise<{ changed: boolean; limits: UsageLimits }> {
  const { organizationId } = parsePlace(place);
  await requireOrganizationAdmin(db, actor, organizationId);
  const input: UsageLimits = parseInput(updateLimitsInput, raw);
  const before = await getUsageLimits(db, organizationId);
  const changes = Object.fromEntries(
    (Object.keys(input) as (keyof UsageLimits)[]).filter((k) => before[k] !== input[k]).map((k) => [k, { from: before[k], to: input[k] }]),
  );
  if (Object.keys(changes).length === 0) return { changed: false, limits: before };

  await db.transaction(async (tx) => {
    await saveUsageLimits(tx, organizationId, input);
    await recordAudit(tx, { organizationId, tenantId: null, actorUserId: actor.userId, action: "settings.updated", context: actor.context, details: changes });
  });
  return { changed: true, limits: { ...before, ...input } };
}
