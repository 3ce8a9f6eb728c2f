import "server-only";
import { getDb } from "@/db/client";
import type { Actor } from "@/lib/permissions/actor";
import { studyTenant, studyWithCohorts } from "@/lib/studies/service";
import { AppError } from "@/lib/errors/app-error";
import { cohortView, studyView } from "./study-views";

/* What the study write routes share: the JSON body, and the study or cohort read back after the write. */

export const noStore = { "Cache-Control": "no-store" };

/** The JSON object of a request, or a 422 that says what to send. */
export async function readObject(request: Request, example: string): Promise<Record<string, unknown>> {
  const raw: unknown = await request.json().catch(() => {
    throw new AppError("invalid", `The body is not valid JSON. Send ${example}.`, { request: "The body is not valid JSON." });
  });
  if (!raw || typeof raw !== "object" || Array.isArray(raw)) throw new AppError("invalid", `Send ${example}.`, { request: "Send a JSON object." });
  return raw as Record<string, unknown>;
}

/** A study named only by its id, located (another organization's reads as a made-up id; access is checked by the write). */
export const locate = (studyId: string, what: string) => studyTenant(getDb(), studyId, what);

export async function studyAnswer(actor: Actor, q: { organizationId: string; tenantId: string; studyId: string }) {
  const { study, cohorts } = await studyWithCohorts(getDb(), actor, q);
  return { ...studyView(study), cohorts: cohorts.map((c) => cohortView(study.id, c)) };
}

export async function cohortAnswer(actor: Actor, q: { organizationId: string; tenantId: string; studyId: string }, cohortId: string) {
  const { cohorts } = await studyWithCohorts(getDb(), actor, q);
  const cohort = cohorts.find((c) => c.id === cohortId);
  if (!cohort) throw AppError.notFound("Cohort not found");
  return cohortView(q.studyId, cohort);
}
