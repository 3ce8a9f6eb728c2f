import { jsonb, type TxScope } from "./db";
import { resolveTime } from "./duration";
import type { CallOutcome } from "./invoke";
import { ingestEvents } from "./ingest";
import { continueRun, finishRun, lockRun, scheduleCall } from "./runs";
import { toSerializedError, type CallRow, type RunRow, type SerializedError, type StepOp } from "./types";

const SUPPORTED_OPS = new Set(["StepRun", "StepPlanned", "StepError", "StepFailed", "Sleep", "RunComplete"]);
const MAX_BACKOFF_MS = 10 * 60 * 1000;

/** Exponential backoff with jitter; attempt 1 waits about one base delay. */
export function backoffMs(baseMs: number, attempt: number): number {
  const exponential = Math.min(MAX_BACKOFF_MS, baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(exponential * (0.75 + Math.random() * 0.25));
}

/**
 * Applies the answer to one call. The call row is the unit of idempotency: a job that runs again after a
 * crash finds its call done and changes nothing.
 */
/** Ends the run and ingests the event its ending is followed by (onFailure handlers start from it). */
async function endRun(scope: TxScope, run: RunRow, ending: Parameters<typeof finishRun>[2]): Promise<void> {
  const followUp = await finishRun(scope, run, ending);
  if (followUp) await ingestEvents(scope, [followUp]);
}

export async function applyOutcome(scope: TxScope, callId: string, outcome: CallOutcome): Promise<void> {
  const { tx } = scope;
  const [call] = await tx<CallRow[]>`select * from calls where id = ${callId}`;
  if (!call) return;
  const run = await lockRun(scope, call.run_id);
  const [current] = await tx<CallRow[]>`select * from calls where id = ${callId} for update`;
  if (!run || current.status !== "pending") return;
  const error = outcome.kind === "error" ? outcome.error : outcome.kind === "unreachable" ? unreachableError(outcome) : null;
  await tx`update calls set status = 'done', error = ${error ? jsonb(error) : null}::text::jsonb where id = ${callId}`;
  // A run cancelled while the app was working: its answer is dropped and nothing more is scheduled.
  if (run.status !== "running") return;
  if (outcome.version && run.request_version === null) {
    await tx`update runs set request_version = ${outcome.version} where id = ${run.id}`;
  }
  if (outcome.kind === "complete") return endRun(scope, run, { status: "completed", output: outcome.output });
  if (outcome.kind === "unreachable") return waitForApp(scope, run, call, outcome);
  if (outcome.kind === "error") return handleCallError(scope, run, call, outcome);
  return applyOps(scope, run, call, outcome.ops, outcome.retryAfterMs);
}

const UNREACHABLE_FIRST_DELAY_MS = 1000;
const UNREACHABLE_MAX_DELAY_MS = 30_000;

function unreachableError(outcome: Extract<CallOutcome, { kind: "unreachable" }>): SerializedError {
  return { name: "Error", message: `Could not reach ${outcome.address}: ${outcome.reason}` };
}

/**
 * The app did not answer at all (down, restarting, moved): the same call is asked again, at the same attempt,
 * so the function's retries stay for its own errors. Each call is a job due later, so a waiting run holds no
 * worker slot or connection. The wait is measured from the first failed call, and the run fails after
 * `unreachableTimeoutMs`. The delay grows with the wait (1 s, 1 s, 2 s, 4 s … up to 30 s); a sync of the
 * app (registerApp) calls at once.
 */
async function waitForApp(scope: TxScope, run: RunRow, call: CallRow, outcome: Extract<CallOutcome, { kind: "unreachable" }>): Promise<void> {
  const now = Date.now();
  const since = call.unreachable_since ?? new Date(now);
  const waited = now - since.getTime();
  if (waited >= scope.ctx.unreachableTimeoutMs) {
    const message = `Could not reach ${outcome.address} for ${formatWait(waited)} (since ${since.toISOString()}; the engine waits up to ${formatWait(scope.ctx.unreachableTimeoutMs)}): ${outcome.reason}`;
    return endRun(scope, run, { status: "failed", error: { name: "Error", message } });
  }
  const delay = Math.min(UNREACHABLE_MAX_DELAY_MS, Math.max(UNREACHABLE_FIRST_DELAY_MS, waited), scope.ctx.unreachableTimeoutMs - waited);
  scope.logs.push(
    `run ${run.id} ${run.function_id} waiting for the app (${formatWait(waited)} so far; again in ${delay} ms): ${unreachableError(outcome).message}`,
  );
  await scheduleCall(scope, run.id, call.kind, call.step_id, call.attempt, new Date(now + delay), since);
}

function formatWait(ms: number): string {
  const seconds = Math.round(ms / 1000);
  return seconds < 60 ? `${seconds} s` : `${Math.floor(seconds / 60)} min ${seconds % 60} s`;
}

async function handleCallError(scope: TxScope, run: RunRow, call: CallRow, outcome: Extract<CallOutcome, { kind: "error" }>): Promise<void> {
  const nextAttempt = call.attempt + 1;
  if (!outcome.retriable || nextAttempt >= run.config.maxAttempts) {
    return endRun(scope, run, { status: "failed", error: outcome.error });
  }
  const delay = outcome.retryAfterMs ?? backoffMs(scope.ctx.retryBaseDelayMs, nextAttempt);
  scope.logs.push(
    `run ${run.id} ${run.function_id} retrying (attempt ${nextAttempt + 1} of ${run.config.maxAttempts} in ${delay} ms): ${outcome.error.message}`,
  );
  await scheduleCall(scope, run.id, call.kind, call.step_id, nextAttempt, new Date(Date.now() + delay));
}

async function applyOps(scope: TxScope, run: RunRow, call: CallRow, ops: StepOp[], retryAfterMs?: number): Promise<void> {
  const { tx } = scope;
  const unsupported = ops.find((op) => !SUPPORTED_OPS.has(op.op));
  if (unsupported) {
    const step = unsupported.displayName ?? unsupported.name ?? unsupported.id;
    return endRun(scope, run, {
      status: "failed",
      error: { name: "Error", message: `Step "${step}" uses the ${unsupported.op} operation, which the embedded Inngest engine does not support` },
    });
  }
  // SDK_SPEC 5.5: once a run reports several steps at once, every later step must be planned before it runs.
  const planned = ops.filter((op) => op.op === "StepPlanned" || op.op === "Sleep").length;
  if (planned > 1 && !run.disable_immediate) await tx`update runs set disable_immediate = true where id = ${run.id}`;
  for (const op of ops) {
    switch (op.op) {
      case "RunComplete":
        return endRun(scope, run, { status: "completed", output: op.data ?? null });
      case "StepRun":
        await memoize(scope, run.id, op.id, { data: op.data ?? null });
        break;
      case "StepFailed":
        await memoize(scope, run.id, op.id, { error: toSerializedError(op.error, "Step failed") });
        scope.logs.push(`run ${run.id} ${run.function_id} step "${op.displayName ?? op.id}" failed for good`);
        break;
      case "StepError": {
        const nextAttempt = call.step_id === op.id ? call.attempt + 1 : 1;
        const error = toSerializedError(op.error, "Step errored");
        if (nextAttempt >= run.config.maxAttempts) {
          await memoize(scope, run.id, op.id, { error });
          break;
        }
        const delay = retryAfterMs ?? backoffMs(scope.ctx.retryBaseDelayMs, nextAttempt);
        scope.logs.push(
          `run ${run.id} ${run.function_id} step "${op.displayName ?? op.id}" retrying (attempt ${nextAttempt + 1} of ${run.config.maxAttempts} in ${delay} ms): ${error.message}`,
        );
        await scheduleCall(scope, run.id, "step", op.id, nextAttempt, new Date(Date.now() + delay));
        break;
      }
      case "StepPlanned":
        if (!(await isKnownStep(scope, run.id, op.id))) await scheduleCall(scope, run.id, "step", op.id, 0, new Date());
        break;
      case "Sleep": {
        // The SDK sends the duration as a time string ("30s") or an ISO date; the op's name carries it too.
        const duration = op.opts?.duration;
        const target = typeof duration === "string" || typeof duration === "number" ? String(duration) : (op.name ?? "");
        const wakeAt = resolveTime(target, Date.now());
        if (wakeAt === null) {
          return endRun(scope, run, {
            status: "failed",
            error: { name: "Error", message: `Step "${op.displayName ?? op.id}" sleeps for "${target}", which is not a duration or date` },
          });
        }
        if (!(await isKnownStep(scope, run.id, op.id))) await scheduleCall(scope, run.id, "wake", op.id, 0, new Date(wakeAt));
        break;
      }
    }
  }
  await continueRun(scope, run.id);
}

/** Sleep ends: the step is memoized with null (SDK_SPEC 5.3.2) and the run carries on. */
export async function wakeRun(scope: TxScope, callId: string): Promise<void> {
  const [call] = await scope.tx<CallRow[]>`select * from calls where id = ${callId}`;
  if (!call) return;
  const run = await lockRun(scope, call.run_id);
  const [current] = await scope.tx<CallRow[]>`select * from calls where id = ${callId} for update`;
  if (!run || current.status !== "pending") return;
  await scope.tx`update calls set status = 'done' where id = ${callId}`;
  if (run.status !== "running" || !call.step_id) return;
  await memoize(scope, run.id, call.step_id, { data: null });
  await continueRun(scope, run.id);
}

/** The first result wins: a step that ran twice (at-least-once after a crash) keeps the result already seen. */
async function memoize(scope: TxScope, runId: string, stepId: string, result: unknown): Promise<void> {
  await scope.tx`
    insert into steps (run_id, step_id, result) values (${runId}, ${stepId}, ${jsonb(result)}::text::jsonb)
    on conflict (run_id, step_id) do nothing`;
}

async function isKnownStep(scope: TxScope, runId: string, stepId: string): Promise<boolean> {
  const [row] = await scope.tx<{ known: boolean }[]>`
    select exists (select 1 from steps where run_id = ${runId} and step_id = ${stepId})
        or exists (select 1 from calls where run_id = ${runId} and step_id = ${stepId} and status = 'pending') as known`;
  return row.known;
}
