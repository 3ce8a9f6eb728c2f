import { evaluateKey } from "./cel";
import type { FunctionConfig } from "./config";
import { addJob, jsonb, type TxScope } from "./db";
import type { CallKind, IncomingEvent, RunRow, SerializedError, StoredEvent } from "./types";
import { ulid } from "./ulid";

/** Marks a concurrency group: the limit's index in the function config plus the evaluated key. */
function concurrencyKeys(fn: FunctionConfig, event: StoredEvent): string[] {
  return fn.concurrency.map((limit, index) => `${index}:${limit.key ? evaluateKey(limit.key, { event: event.payload }) : ""}`);
}

/** Creates a run; functions without concurrency limits start at once, others wait for admission. */
export async function createRun(scope: TxScope, fn: FunctionConfig, event: StoredEvent): Promise<string> {
  const { tx } = scope;
  const id = ulid();
  const keys = concurrencyKeys(fn, event);
  const limited = fn.concurrency.length > 0;
  await tx`
    insert into runs (id, function_id, event_internal_id, event_name, event_ts, config, status, concurrency_keys, started_at)
    values (${id}, ${fn.id}, ${event.internalId}, ${event.payload.name}, ${event.payload.ts}, ${jsonb(fn)}::text::jsonb,
            ${limited ? "queued" : "running"}, ${keys}::text[], ${limited ? null : new Date()})`;
  if (limited) {
    scope.logs.push(`run ${id} ${fn.id} queued (event ${event.payload.name}, concurrency ${keys.join(", ")})`);
    await addJob(scope, "admit", { functionId: fn.id }, { jobKey: `admit:${fn.id}` });
  } else {
    scope.logs.push(`run ${id} ${fn.id} running (event ${event.payload.name})`);
    await scheduleCall(scope, id, "discovery", null, 0, new Date());
  }
  return id;
}

export async function scheduleCall(
  scope: TxScope,
  runId: string,
  kind: CallKind,
  stepId: string | null,
  attempt: number,
  runAt: Date,
  unreachableSince: Date | null = null,
): Promise<void> {
  const [row] = await scope.tx<{ id: string }[]>`
    insert into calls (run_id, kind, step_id, attempt, run_at, unreachable_since)
    values (${runId}, ${kind}, ${stepId}, ${attempt}, ${runAt}, ${unreachableSince})
    returning id`;
  await addJob(scope, kind === "wake" ? "wake" : "call", { callId: String(row.id) }, { runAt, jobKey: `call:${row.id}` });
}

/** Locks the run row so that concurrent step results of one run are applied one after another. */
export async function lockRun(scope: TxScope, runId: string): Promise<RunRow | null> {
  const [run] = await scope.tx<RunRow[]>`select * from runs where id = ${runId} for update`;
  return run ?? null;
}

/** When nothing else is outstanding for a run, ask the function what comes next. */
export async function continueRun(scope: TxScope, runId: string): Promise<void> {
  const [{ pending }] = await scope.tx<{ pending: number }[]>`
    select count(*)::int as pending from calls where run_id = ${runId} and status = 'pending'`;
  if (pending === 0) await scheduleCall(scope, runId, "discovery", null, 0, new Date());
}

type Ending = { status: "completed"; output: unknown } | { status: "failed"; error: SerializedError } | { status: "cancelled"; reason: string };

/**
 * Ends a run. A failed or cancelled run is followed by `inngest/function.failed` or `.cancelled`, which
 * failure handlers (onFailure) are triggered by, as on Inngest: that event is returned for the caller to
 * ingest in the same transaction.
 */
export async function finishRun(scope: TxScope, run: RunRow, ending: Ending): Promise<IncomingEvent | null> {
  const { tx } = scope;
  await tx`
    update runs set status = ${ending.status},
      output = ${ending.status === "completed" ? jsonb(ending.output) : null}::text::jsonb,
      error = ${ending.status === "failed" ? jsonb(ending.error) : null}::text::jsonb,
      ended_at = now()
    where id = ${run.id}`;
  await tx`update calls set status = 'cancelled' where run_id = ${run.id} and status = 'pending'`;
  if (run.config.concurrency.length > 0) await addJob(scope, "admit", { functionId: run.function_id }, { jobKey: `admit:${run.function_id}` });
  const detail = ending.status === "failed" ? `: ${ending.error.message}` : ending.status === "cancelled" ? ` (${ending.reason})` : "";
  scope.logs.push(`run ${run.id} ${run.function_id} ${ending.status}${detail}`);
  if (ending.status === "completed") return null;
  const [event] = await tx<{ payload: Record<string, unknown> }[]>`select payload from events where internal_id = ${run.event_internal_id}`;
  const base = { function_id: run.function_id, run_id: run.id, event: event?.payload ?? null };
  return ending.status === "failed"
    ? { name: "inngest/function.failed", data: { ...base, error: ending.error } }
    : { name: "inngest/function.cancelled", data: { ...base, reason: ending.reason } };
}
