import path from "node:path";
import { z } from "zod";
import { loadOrCreateEngineKeys, startEngine } from "./index";

/** Process entry used by `npm start`: `node --import tsx packages/inngest-engine/src/main.ts`. */
const envSchema = z.object({
  DATABASE_URL: z.string({ error: "DATABASE_URL is required: the engine keeps its state in Postgres" }).min(1),
  DATA_DIR: z.string().default(".data"),
  INNGEST_ENGINE_PORT: z.coerce.number().int().min(0).max(65535).default(8288),
  INNGEST_ENGINE_HOST: z.string().default("127.0.0.1"),
  INNGEST_ENGINE_SCHEMA: z.string().optional(),
  INNGEST_ENGINE_CONCURRENCY: z.coerce.number().int().positive().optional(),
  INNGEST_ENGINE_RETENTION_DAYS: z.coerce.number().int().min(0).max(3650).default(30),
  INNGEST_ENGINE_UNREACHABLE_MINUTES: z.coerce.number().int().min(1).max(10080).default(15),
  INNGEST_SIGNING_KEY: z.string().optional(),
  INNGEST_EVENT_KEY: z.string().optional(),
});

async function main(): Promise<void> {
  const parsed = envSchema.safeParse(process.env);
  if (!parsed.success) {
    console.error(`[inngest-engine] ${z.prettifyError(parsed.error)}`);
    process.exit(1);
  }
  const env = parsed.data;
  const keys =
    env.INNGEST_SIGNING_KEY && env.INNGEST_EVENT_KEY
      ? { signingKey: env.INNGEST_SIGNING_KEY, eventKey: env.INNGEST_EVENT_KEY }
      : await loadOrCreateEngineKeys(path.resolve(env.DATA_DIR));
  const engine = await startEngine({
    databaseUrl: env.DATABASE_URL,
    port: env.INNGEST_ENGINE_PORT,
    host: env.INNGEST_ENGINE_HOST,
    schema: env.INNGEST_ENGINE_SCHEMA,
    concurrency: env.INNGEST_ENGINE_CONCURRENCY,
    retentionDays: env.INNGEST_ENGINE_RETENTION_DAYS,
    unreachableTimeoutMs: env.INNGEST_ENGINE_UNREACHABLE_MINUTES * 60_000,
    signingKey: keys.signingKey,
    eventKey: keys.eventKey,
  });
  console.log(`[inngest-engine] ready at ${engine.url}`);
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`[inngest-engine] ${signal}: stopping`);
    engine.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(`[inngest-engine] stop failed: ${(error as Error).message}`);
        process.exit(1);
      },
    );
  };
  process.on("SIGTERM", () => stop("SIGTERM"));
  process.on("SIGINT", () => stop("SIGINT"));
  // Ctrl+C reaches the database too, which may close our connections before we have; once stopping,
  // a dropped connection is expected and not worth a stack trace.
  process.on("uncaughtException", (error) => {
    if (!stopping) throw error;
    console.log(`[inngest-engine] stopped (${error.message})`);
    process.exit(0);
  });
}

main().catch((error: unknown) => {
  console.error(`[inngest-engine] failed to start: ${(error as Error).stack ?? String(error)}`);
  process.exit(1);
});
