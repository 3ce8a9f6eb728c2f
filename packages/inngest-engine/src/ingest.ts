import { createHash } from "node:crypto";
import { expressionMatches } from "./cel";
import type { FunctionConfig } from "./config";
import { jsonb, type TxScope } from "./db";
import { resolveTime } from "./duration";
import { createRun, finishRun, lockRun } from "./runs";
import type { EngineEvent, IncomingEvent, RunRow, StoredEvent } from "./types";

export type { IncomingEvent };
import { ulid } from "./ulid";

/** Inngest ignores a repeated event id for 24 hours: the event is accepted but triggers nothing. */
const IDEMPOTENCY_WINDOW = "24 hours";

/**
 * Stores events and acts on them in the caller's transaction: starts the runs they trigger and cancels the
 * runs they cancel. Returns the internal ids, in order.
 *
 * `idSeed` is the SDK's `X-Inngest-Event-Id-Seed` ("<millis>,<base64 entropy>"): the SDK retries a send
 * that may already have arrived, and ids derived from the seed let the retry be recognised and ignored.
 */
export async function ingestEvents(scope: TxScope, incoming: IncomingEvent[], idSeed?: string): Promise<string[]> {
  const ids: string[] = [];
  for (const [index, item] of incoming.entries()) {
    if (item.id) {
      const [seen] = await scope.tx<{ internal_id: string }[]>`
        select internal_id from events where id = ${item.id} and received_at > now() - ${IDEMPOTENCY_WINDOW}::interval limit 1`;
      if (seen) {
        ids.push(seen.internal_id);
        continue;
      }
    }
    const seeded = seededId(idSeed, index);
    const event = await storeEvent(scope, item, seeded);
    if (!event) {
      // A retried send: the first delivery already stored and acted on this event.
      ids.push(seeded ?? "");
      continue;
    }
    ids.push(event.internalId);
    await cancelMatchingRuns(scope, event);
    for (const fn of triggeredFunctions(scope.ctx.functions.all(), event.payload)) await createRun(scope, fn, event);
  }
  return ids;
}

function seededId(seed: string | undefined, index: number): string | undefined {
  const match = seed ? /^(\d+),(.+)$/.exec(seed) : null;
  if (!match) return undefined;
  return ulid(Number(match[1]), createHash("sha256").update(`${match[2]}:${index}`).digest());
}

/** Stores one event; null when an event with the same (seeded) internal id is already stored. */
export async function storeEvent(scope: TxScope, item: IncomingEvent, seeded?: string): Promise<StoredEvent | null> {
  const internalId = seeded ?? ulid();
  const payload: EngineEvent = {
    id: item.id || internalId,
    name: item.name,
    data: item.data ?? {},
    ts: item.ts ?? Date.now(),
    ...(item.user ? { user: item.user } : {}),
    ...(item.v ? { v: item.v } : {}),
  };
  const stored = await scope.tx`
    insert into events (internal_id, id, name, payload, ts)
    values (${internalId}, ${payload.id}, ${payload.name}, ${jsonb(payload)}::text::jsonb, ${payload.ts})
    on conflict (internal_id) do nothing`;
  return stored.count === 1 ? { internalId, payload } : null;
}

function triggeredFunctions(functions: FunctionConfig[], event: EngineEvent): FunctionConfig[] {
  return functions.filter((fn) =>
    fn.triggers.some(
      (trigger) => "event" in trigger && trigger.event === event.name && (!trigger.expression || expressionMatches(trigger.expression, { event })),
    ),
  );
}

/** cancelOn: `event` is the run's triggering event and `async` the incoming one, as on Inngest. */
async function cancelMatchingRuns(scope: TxScope, incoming: StoredEvent): Promise<void> {
  const candidates = await scope.tx<(RunRow & { trigger: EngineEvent })[]>`
    select r.*, e.payload as trigger
    from runs r join events e on e.internal_id = r.event_internal_id
    where r.status in ('queued', 'running')
      and r.config -> 'cancel' @> ${jsonb([{ event: incoming.payload.name }])}::text::jsonb
    order by r.seq`;
  const now = Date.now();
  for (const run of candidates) {
    const matching = run.config.cancel.find((spec) => {
      if (spec.event !== incoming.payload.name) return false;
      if (spec.timeout) {
        const deadline = resolveTime(spec.timeout, run.queued_at.getTime());
        if (deadline !== null && now > deadline) return false;
      }
      return !spec.if || expressionMatches(spec.if, { event: run.trigger, async: incoming.payload });
    });
    if (!matching) continue;
    const locked = await lockRun(scope, run.id);
    if (!locked || (locked.status !== "queued" && locked.status !== "running")) continue;
    const followUp = await finishRun(scope, locked, { status: "cancelled", reason: `cancelled by event ${incoming.payload.name} ${incoming.internalId}` });
    if (followUp) await ingestEvents(scope, [followUp]);
  }
}
