import type { AppRegistration, FunctionConfig } from "./config";
import { addJob, jsonb, removeJob, withTx, type EngineContext, type TxScope } from "./db";
import { parseCron } from "./cron";
import { cronJobKey, scheduleNextTick } from "./schedule";

/**
 * Stores a sync: the app's function set is replaced by the synced one, and cron schedules follow.
 * Returns whether anything changed.
 */
export async function registerApp(ctx: EngineContext, app: AppRegistration): Promise<{ modified: boolean }> {
  const result = await withTx(ctx, async (scope) => {
    const { tx } = scope;
    await tx`select pg_advisory_xact_lock(hashtext(${`inngest-engine-register:${app.appId}`}))`;
    const previous = await tx<{ id: string; config: FunctionConfig }[]>`select id, config from functions where app_id = ${app.appId}`;
    const old = new Map(previous.map((row) => [row.id, row.config]));
    await tx`
      insert into apps (id, url, sdk, framework) values (${app.appId}, ${app.url}, ${app.sdk ?? null}, ${app.framework ?? null})
      on conflict (id) do update set url = excluded.url, sdk = excluded.sdk, framework = excluded.framework, synced_at = now()`;
    const current = new Set(app.functions.map((fn) => fn.id));
    for (const [id, config] of old) {
      if (current.has(id)) continue;
      await tx`delete from functions where id = ${id}`;
      await removeCronJobs(scope, config, 0);
      scope.logs.push(`function ${id} removed (app ${app.appId})`);
    }
    let modified = old.size !== current.size;
    for (const fn of app.functions) {
      const before = old.get(fn.id);
      if (!before || JSON.stringify(before) !== JSON.stringify(fn)) modified = true;
      await tx`
        insert into functions (id, app_id, config) values (${fn.id}, ${app.appId}, ${jsonb(fn)}::text::jsonb)
        on conflict (id) do update set app_id = excluded.app_id, config = excluded.config, updated_at = now()`;
      await syncCronJobs(scope, fn, before);
    }
    await callWaitingRunsNow(scope, [...current]);
    scope.logs.push(`app ${app.appId} synced: ${app.functions.length} function(s)${modified ? "" : " (unchanged)"}`);
    return { modified };
  });
  await ctx.functions.reload(ctx.sql);
  return result;
}

async function syncCronJobs(scope: TxScope, fn: FunctionConfig, before: FunctionConfig | undefined): Promise<void> {
  const now = new Date();
  for (const [index, trigger] of fn.triggers.entries()) {
    if (!("cron" in trigger)) {
      await removeJob(scope, cronJobKey(fn.id, index));
      continue;
    }
    const previous = before?.triggers[index];
    const unchanged = previous !== undefined && "cron" in previous && previous.cron === trigger.cron;
    if (parseCron(trigger.cron).hasSeconds) {
      scope.logs.push(`function ${fn.id}: cron "${trigger.cron}" has a seconds field, an engine extension that Inngest Cloud may reject`);
    }
    // An unchanged cron keeps its pending tick, so re-syncing never skips or repeats one.
    await scheduleNextTick(scope, { functionId: fn.id, index, cron: trigger.cron }, now, unchanged ? "preserve_run_at" : "replace");
  }
  if (before) await removeCronJobs(scope, before, fn.triggers.length);
}

async function removeCronJobs(scope: TxScope, config: FunctionConfig, fromIndex: number): Promise<void> {
  for (let index = fromIndex; index < config.triggers.length; index++) {
    if ("cron" in config.triggers[index]) await removeJob(scope, cronJobKey(config.id, index));
  }
}

/** A sync is the app saying where it is now: runs waiting for it to be reachable call it at once, not after their backoff. */
async function callWaitingRunsNow(scope: TxScope, functionIds: string[]): Promise<void> {
  const waiting = await scope.tx<{ id: string }[]>`
    update calls set run_at = now()
    where status = 'pending' and unreachable_since is not null
      and run_id in (select id from runs where function_id = any(${functionIds}::text[]) and status = 'running')
    returning id`;
  for (const call of waiting) await addJob(scope, "call", { callId: String(call.id) }, { jobKey: `call:${call.id}` });
  if (waiting.length > 0) scope.logs.push(`${waiting.length} call(s) waiting for the app sent to its new address`);
}
