import type { Sql } from "@/db/client";
import { env, type Env } from "@/lib/config/env";

export interface HealthReport {
  status: "ok" | "degraded";
  database: { ok: boolean; latencyMs: number | null; error?: string };
  engine: { ok: boolean; kind: "embedded" | "external" | "inngest-cloud"; url: string | null; error?: string };
}

async function timed<T>(fn: () => Promise<T>): Promise<{ value?: T; ms: number; error?: string }> {
  const start = performance.now();
  try {
    const value = await fn();
    return { value, ms: Math.round(performance.now() - start) };
  } catch (e) {
    return { ms: Math.round(performance.now() - start), error: e instanceof Error ? e.message : String(e) };
  }
}

/** Whether the database and the job engine answer right now (each bounded to 2 s). */
export async function checkHealth(sql: Sql, config: Pick<Env, "INNGEST_BASE_URL" | "INNGEST_SIGNING_KEY" | "INNGEST_EMBEDDED"> = env()): Promise<HealthReport> {
  const db = await timed(() => Promise.race([sql`select 1 as ok`, new Promise((_, rej) => setTimeout(() => rej(new Error("timed out after 2 s")), 2000))]));
  const base = config.INNGEST_BASE_URL?.replace(/\/$/, "") ?? null;
  let engine: HealthReport["engine"];
  if (!base) {
    engine = {
      ok: Boolean(config.INNGEST_SIGNING_KEY),
      kind: "inngest-cloud",
      url: null,
      ...(config.INNGEST_SIGNING_KEY ? {} : { error: "no job engine configured" }),
    };
  } else {
    const kind = config.INNGEST_EMBEDDED ? "embedded" : "external";
    const probe = await timed(async () => {
      const res = await fetch(`${base}/health`, { signal: AbortSignal.timeout(2000) });
      if (!res.ok) throw new Error(`answered ${res.status}`);
      return res;
    });
    engine = { ok: !probe.error, kind, url: base, ...(probe.error ? { error: probe.error } : {}) };
  }
  return {
    status: !db.error && engine.ok ? "ok" : "degraded",
    database: { ok: !db.error, latencyMs: db.error ? null : db.ms, ...(db.error ? { error: db.error } : {}) },
    engine,
  };
}
