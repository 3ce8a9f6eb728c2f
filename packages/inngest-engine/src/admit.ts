import type { TxScope } from "./db";
import { scheduleCall } from "./runs";
import type { RunRow } from "./types";

/** How many waiting runs one admission pass looks at; the rest wait for the next finished run. */
const SCAN_LIMIT = 1000;

/**
 * Starts waiting runs of a function that fit under its concurrency limits, oldest event first.
 *
 * A run counts against its keys from the moment it starts until it finishes, including while it sleeps or
 * waits for a retry. (Inngest counts only steps that are executing; counting whole runs is stricter, which
 * is what the portal wants: a started export holds its slot until it is done.) Once a run of a key has to
 * wait because that key is full, later runs of that key wait too, so each key starts its runs strictly in
 * event order, while runs of other keys go ahead: a run held back by one of its keys does not hold up its
 * other keys, as with Inngest's separate queue per key.
 */
export async function admitRuns(scope: TxScope, functionId: string): Promise<number> {
  const { tx } = scope;
  await tx`select pg_advisory_xact_lock(hashtext(${`inngest-engine-admit:${functionId}`}))`;
  const active = await tx<{ concurrency_keys: string[] }[]>`
    select concurrency_keys from runs where function_id = ${functionId} and status = 'running'`;
  const inProgress = new Map<string, number>();
  for (const run of active) for (const key of run.concurrency_keys) inProgress.set(key, (inProgress.get(key) ?? 0) + 1);
  const waiting = await tx<RunRow[]>`
    select * from runs where function_id = ${functionId} and status = 'queued'
    order by event_ts, seq limit ${SCAN_LIMIT}`;
  const blocked = new Set<string>();
  let started = 0;
  for (const run of waiting) {
    const full = run.concurrency_keys.filter((key, index) => {
      const limit = run.config.concurrency[index]?.limit ?? Number.POSITIVE_INFINITY;
      return blocked.has(key) || (inProgress.get(key) ?? 0) >= limit;
    });
    if (full.length > 0) {
      // Only the keys that held it back wait on: a run kept by one key's limit takes no place under its other key.
      for (const key of full) blocked.add(key);
      continue;
    }
    for (const key of run.concurrency_keys) inProgress.set(key, (inProgress.get(key) ?? 0) + 1);
    await tx`update runs set status = 'running', started_at = now() where id = ${run.id}`;
    scope.logs.push(`run ${run.id} ${run.function_id} running (event ${run.event_name})`);
    await scheduleCall(scope, run.id, "discovery", null, 0, new Date());
    started++;
  }
  return started;
}
