import type { Sql } from "./db";

/** Rows deleted per statement, so pruning a long backlog never holds one huge transaction. */
const BATCH = 5000;

export interface Pruned {
  runs: number;
  events: number;
  cronTicks: number;
}

/**
 * Forgets history older than `before`: finished runs (with their steps and calls), events no remaining run
 * was started by, and cron ticks. Queued and running runs are kept however old, and so are their events.
 * `sql` must have the engine's schema on its search path.
 */
export async function pruneHistory(sql: Sql, before: Date): Promise<Pruned> {
  const drain = async (statement: () => Promise<{ count: number }>) => {
    let total = 0;
    for (;;) {
      const { count } = await statement();
      total += count;
      if (count < BATCH) return total;
    }
  };
  const runs = await drain(
    () => sql`
      delete from runs where id in (
        select id from runs where status in ('completed', 'failed', 'cancelled') and ended_at < ${before} limit ${BATCH}
      )`,
  );
  const events = await drain(
    () => sql`
      delete from events where internal_id in (
        select e.internal_id from events e
        where e.received_at < ${before} and not exists (select 1 from runs r where r.event_internal_id = e.internal_id)
        limit ${BATCH}
      )`,
  );
  const cronTicks = await drain(
    () => sql`
      delete from cron_ticks where (function_id, trigger_index, tick) in (
        select function_id, trigger_index, tick from cron_ticks where tick < ${before} limit ${BATCH}
      )`,
  );
  return { runs, events, cronTicks };
}
