import { parseCron } from "./cron";
import { addJob, removeJob, type JobOptions, type TxScope } from "./db";
import { storeEvent } from "./ingest";
import { createRun } from "./runs";

export interface CronJobPayload {
  functionId: string;
  index: number;
  cron: string;
}

export function cronJobKey(functionId: string, index: number): string {
  return `cron:${functionId}:${index}`;
}

/** Queues the job for the cron's next tick after `after`; the job's run_at is the tick. */
export async function scheduleNextTick(scope: TxScope, payload: CronJobPayload, after: Date, mode: JobOptions["mode"] = "replace"): Promise<void> {
  const next = parseCron(payload.cron).next(after);
  if (!next) return removeJob(scope, cronJobKey(payload.functionId, payload.index));
  await addJob(scope, "cron", { ...payload }, { runAt: next, jobKey: cronJobKey(payload.functionId, payload.index), mode });
}

/**
 * One cron tick: at most one run per function, trigger and tick (the cron_ticks row is the guard, so a job
 * that runs twice after a crash starts nothing new). After downtime the pending job fires once for the
 * missed tick it was waiting for, then the schedule continues from now; missed ticks are not replayed.
 */
export async function runCronTick(scope: TxScope, payload: CronJobPayload, runAt: Date): Promise<void> {
  const fn = scope.ctx.functions.get(payload.functionId);
  const trigger = fn?.triggers[payload.index];
  // A re-sync that changed or removed this cron has already scheduled (or removed) its own job.
  if (!fn || !trigger || !("cron" in trigger) || trigger.cron !== payload.cron) return;
  const tick = new Date(Math.floor(runAt.getTime() / 1000) * 1000);
  const claimed = await scope.tx`
    insert into cron_ticks (function_id, trigger_index, tick) values (${fn.id}, ${payload.index}, ${tick})
    on conflict do nothing returning tick`;
  const event = claimed.length > 0 ? await storeEvent(scope, { name: "inngest/scheduled.timer", data: { cron: payload.cron }, ts: tick.getTime() }) : null;
  if (event) {
    const runId = await createRun(scope, fn, event);
    await scope.tx`update cron_ticks set run_id = ${runId} where function_id = ${fn.id} and trigger_index = ${payload.index} and tick = ${tick}`;
  }
  await scheduleNextTick(scope, payload, new Date(Math.max(Date.now(), tick.getTime())));
}
