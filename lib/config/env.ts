import { Cron } from "croner";
import { z } from "zod";

/**
 * The portal's configuration: every environment variable it reads, validated in one place and parsed once
 * per process (`env()`). README's configuration table mirrors this schema; lib/config/env.test.ts checks
 * that each documented variable refuses a bad value. Messages say what is expected, because they are what a
 * person sees when `npm start` refuses to start.
 */

/** The words a yes/no variable accepts (README, "Configuration"); anything else is refused, not read as false. */
export const BOOLEAN_WORDS = ["true", "false", "1", "0", "yes", "no"] as const;
const bool = z.enum(BOOLEAN_WORDS, { message: "must be true or false (1/0 and yes/no also work)" }).transform((v) => v === "true" || v === "1" || v === "yes");

const url = z.url({ protocol: /^https?$/, message: "must be an http(s) URL, e.g. http://localhost:3000" });

/** A whole number within bounds; every failure (not a number, a fraction, out of range) gives the same sentence. */
function whole(min: number, max: number | undefined, what = "a whole number") {
  const message = max === undefined ? `must be ${what} of at least ${min}` : `must be ${what} from ${min} to ${max}`;
  const n = z.coerce.number({ message }).int(message).min(min, message);
  return max === undefined ? n : n.max(max, message);
}
const port = whole(1, 65535, "a port number");
const postgresUrl = z.string().regex(/^postgres(ql)?:\/\/\S+$/, "must start with postgres:// or postgresql://");
const text = z.string().min(1);

function validCron(expression: string): boolean {
  try {
    new Cron(expression, { paused: true });
    return true;
  } catch {
    return false;
  }
}

export const envSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"], { message: "must be development, production or test" }).default("development"),
  PORT: port.default(3000),
  HOST: z
    .string()
    .regex(/^[A-Za-z0-9.:*-]+$/, "must be an address to listen on, e.g. 127.0.0.1 or 0.0.0.0")
    .optional(),
  DATA_DIR: text.default(".data"),
  APP_URL: url.optional(),
  // Set by the launcher to APP_URL; Auth.js reads it as well. Not in README: it is not a setting of its own.
  AUTH_URL: url.optional(),
  DATABASE_URL: postgresUrl.optional(),
  WAREHOUSE_DATABASE_URL: postgresUrl.optional(),
  EMBEDDED_PG_PORT: port.default(25432),
  AUTH_SECRET: z.string().min(32, "must be at least 32 characters").optional(),
  AUTH_ALLOW_SELF_SIGNUP: bool.default(false),
  AUTH_OIDC_ISSUER: url.optional(),
  AUTH_OIDC_ID: text.optional(),
  AUTH_OIDC_SECRET: text.optional(),
  AUTH_OIDC_NAME: text.default("Single sign-on"),
  RESEND_API_KEY: text.optional(),
  RESEND_BASE_URL: url.optional(),
  EMAIL_FROM: z
    .string()
    .regex(/^(?:[^<>@]*<[^<>\s@]+@[^<>\s@]+>|[^<>\s@]+@[^<>\s@]+)$/, "must be an email address, e.g. Exports <exports@example.com>")
    .default("Data Export Portal <exports@localhost>"),
  INNGEST_BASE_URL: url.optional(),
  INNGEST_EVENT_KEY: text.optional(),
  INNGEST_SIGNING_KEY: z
    .string()
    .regex(/^signkey-[a-z]+-[0-9a-f]+$/, "must look like signkey-<env>-<hex>")
    .optional(),
  INNGEST_SERVE_ORIGIN: url.optional(),
  // The workers (workers/config.ts derives their settings from these).
  WORKERS: whole(1, 256, "a whole number of processes").optional(),
  WORKER_PORT: port.optional(),
  WORKER_HOST: z
    .string()
    .regex(/^[A-Za-z0-9.:-]+$/, "must be an address to listen on, e.g. 127.0.0.1 or 0.0.0.0")
    .optional(),
  // CPU priority (nice) npm start gives the workers, so the web app and the database win the cores while exports run.
  WORKER_NICE: whole(0, 19, "a nice value").default(10),
  // Set to 1 by the launcher when it runs the embedded engine (the health check names the engine's kind).
  INNGEST_EMBEDDED: bool.default(false),
  EXPORT_CONCURRENCY_PER_ORGANIZATION: whole(1, 100).default(10),
  // Partitions: rows each aims at, and how many run at once (unset: derived from WORKERS, see inngest/functions).
  EXPORT_PARTITION_ROWS: whole(1000, 100_000_000, "a whole number of rows, at least 1000").default(250_000),
  EXPORT_PARTITIONS_PER_EXPORT: whole(1, 1000, "a whole number of partitions").optional(),
  EXPORT_PARTITIONS_AT_ONCE: whole(1, 10_000, "a whole number of partitions").optional(),
  EXPIRE_EXPORTS_CRON: z
    .string()
    .regex(/^(\S+\s+){4}\S+$/, "must be a five-field cron expression, e.g. */10 * * * *")
    .refine(validCron, "must be a five-field cron expression, e.g. */10 * * * *")
    .default("*/10 * * * *"),
  // The schedules' tick; "off" stops scheduled runs (backfills then wait too), e.g. where another deployment ticks.
  SCHEDULES_TICK_CRON: z
    .string()
    .refine((v) => v === "off" || (/^(\S+\s+){4}\S+$/.test(v) && validCron(v)), 'must be a five-field cron expression, e.g. * * * * *, or "off"')
    .default("* * * * *"),
  INNGEST_ENGINE_PORT: port.default(8288),
  INNGEST_ENGINE_RETENTION_DAYS: whole(0, 3650, "a whole number of days").default(30),
  INNGEST_ENGINE_UNREACHABLE_MINUTES: whole(1, 10080, "a whole number of minutes").default(15),
  SEED_ROWS_PER_REALM: whole(0, undefined).default(100_000),
  EXPORT_STORAGE: z.enum(["local", "s3"], { message: "must be local or s3" }).default("local"),
  S3_BUCKET: text.optional(),
  S3_ENDPOINT: url.optional(),
  S3_REGION: z
    .string()
    .regex(/^[a-z0-9-]+$/, "must be a region name, e.g. us-east-1")
    .default("us-east-1"),
  S3_ACCESS_KEY_ID: text.optional(),
  S3_SECRET_ACCESS_KEY: text.optional(),
  // Unset: path-style exactly when S3_ENDPOINT is set (MinIO and most S3-compatible servers need it; AWS does not).
  S3_FORCE_PATH_STYLE: bool.optional(),
  S3_PRESIGN_SECONDS: whole(1, 604800, "a number of seconds").default(300),
  SIGN_IN_EMAILS_PER_ADDRESS: whole(1, undefined).default(5),
  SIGN_IN_EMAILS_PER_IP: whole(1, undefined).default(30),
  API_FAILED_TOKENS_PER_IP: whole(1, undefined).default(20),
  API_REQUESTS_PER_TOKEN: whole(1, undefined).default(600),
  TRUSTED_PROXIES: whole(0, 10).default(0),
  // Webhook URLs on loopback, private or link-local addresses are refused unless this is on (a receiver on the same machine or LAN).
  WEBHOOKS_ALLOW_PRIVATE: bool.default(false),
  // Encrypts the credentials of schedules' bucket destinations at rest (AES-256-GCM); unset, no destination can be saved.
  DESTINATION_CREDENTIALS_KEY: z
    .string()
    .regex(/^[A-Za-z0-9+/]{43}=$|^[0-9a-fA-F]{64}$/, "must be 32 random bytes as base64 or hex, e.g. from `openssl rand -base64 32`")
    .optional(),
});

export type Env = Omit<z.infer<typeof envSchema>, "S3_FORCE_PATH_STYLE"> & { S3_FORCE_PATH_STYLE: boolean };

export class EnvError extends Error {
  constructor(public readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  ${p}`).join("\n")}`);
  }
}

/** Parses the environment; throws EnvError with one line per bad variable. */
export function parseEnv(source: Record<string, string | undefined> = process.env): Env {
  const cleaned = Object.fromEntries(Object.entries(source).filter(([, v]) => v !== undefined && v !== ""));
  const result = envSchema.safeParse(cleaned);
  if (!result.success) {
    // One line per variable, even where a value breaks more than one check.
    const problems = new Map<string, string>();
    for (const issue of result.error.issues) {
      const name = issue.path.join(".");
      if (!problems.has(name)) problems.set(name, `${name}: ${issue.message}`);
    }
    throw new EnvError([...problems.values()]);
  }
  const env = { ...result.data, S3_FORCE_PATH_STYLE: result.data.S3_FORCE_PATH_STYLE ?? Boolean(result.data.S3_ENDPOINT) };
  const problems: string[] = [];
  if (env.EXPORT_STORAGE === "s3" && !env.S3_BUCKET) problems.push("S3_BUCKET: required when EXPORT_STORAGE=s3");
  const oidc = [env.AUTH_OIDC_ISSUER, env.AUTH_OIDC_ID, env.AUTH_OIDC_SECRET].filter(Boolean).length;
  if (oidc > 0 && oidc < 3) problems.push("AUTH_OIDC_ISSUER, AUTH_OIDC_ID, AUTH_OIDC_SECRET: set all three or none");
  if (env.INNGEST_BASE_URL && !env.INNGEST_SIGNING_KEY) problems.push("INNGEST_SIGNING_KEY: required when INNGEST_BASE_URL is set");
  if (problems.length) throw new EnvError(problems);
  return env;
}

// Next may bundle this module more than once (route handlers and server actions apart); each copy parses
// the same environment, so they agree.
let cached: Env | undefined;

/** The configuration of this process, parsed on first use. Start-up (scripts/start.ts, scripts/server.ts) parses it first and refuses bad values. */
export function env(): Env {
  cached ??= parseEnv();
  return cached;
}

/** For tests that change process.env: the next env() parses it again. */
export function resetEnv(): void {
  cached = undefined;
}

/** The portal's public URL, without a trailing slash. */
export function appUrl(e: Env = env()): string {
  return (e.APP_URL ?? `http://localhost:${e.PORT}`).replace(/\/$/, "");
}

/** The origins browser requests may come from besides the request's own (see lib/http/same-origin.ts). */
export function publicUrls(e: Env = env()): (string | undefined)[] {
  return [e.APP_URL, e.AUTH_URL];
}

/** OpenID Connect sign-in, when all three of its variables are set (parseEnv refuses one or two). */
export function oidcProvider(e: Env = env()): { issuer: string; clientId: string; clientSecret: string; name: string } | null {
  if (!e.AUTH_OIDC_ISSUER || !e.AUTH_OIDC_ID || !e.AUTH_OIDC_SECRET) return null;
  return { issuer: e.AUTH_OIDC_ISSUER, clientId: e.AUTH_OIDC_ID, clientSecret: e.AUTH_OIDC_SECRET, name: e.AUTH_OIDC_NAME };
}
