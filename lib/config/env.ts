import { z } from "zod";

const bool = z.enum(["true", "false", "1", "0", "yes", "no"], { message: "must be true or false" }).transform((v) => v === "true" || v === "1" || v === "yes");

const url = z.url({ message: "must be a URL, e.g. http://localhost:3000" });

/** Every environment variable the portal reads, validated once. README's configuration table mirrors this. */
export const envSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  PORT: z.coerce.number({ message: "must be a port number" }).int().min(1).max(65535).default(3000),
  HOST: z
    .string()
    .regex(/^[A-Za-z0-9.:*-]+$/, "must be an address to listen on, e.g. 127.0.0.1 or 0.0.0.0")
    .optional(),
  DATA_DIR: z.string().min(1).default(".data"),
  APP_URL: url.optional(),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, "must start with postgres:// or postgresql://")
    .optional(),
  WAREHOUSE_DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, "must start with postgres:// or postgresql://")
    .optional(),
  EMBEDDED_PG_PORT: z.coerce.number({ message: "must be a port number" }).int().min(1).max(65535).default(25432),
  AUTH_SECRET: z.string().min(32, "must be at least 32 characters").optional(),
  AUTH_ALLOW_SELF_SIGNUP: bool.default(false),
  AUTH_OIDC_ISSUER: url.optional(),
  AUTH_OIDC_ID: z.string().min(1).optional(),
  AUTH_OIDC_SECRET: z.string().min(1).optional(),
  AUTH_OIDC_NAME: z.string().min(1).default("Single sign-on"),
  RESEND_API_KEY: z.string().min(1).optional(),
  RESEND_BASE_URL: url.optional(),
  EMAIL_FROM: z.string().min(3).default("Data Export Portal <exports@localhost>"),
  INNGEST_BASE_URL: url.optional(),
  INNGEST_EVENT_KEY: z.string().min(1).optional(),
  INNGEST_SIGNING_KEY: z
    .string()
    .regex(/^signkey-[a-z]+-[0-9a-f]+$/, "must look like signkey-<env>-<hex>")
    .optional(),
  INNGEST_SERVE_ORIGIN: url.optional(),
  EXPORT_CONCURRENCY_PER_ORGANIZATION: z.coerce.number({ message: "must be a whole number" }).int().min(1).max(100).default(10),
  EXPIRE_EXPORTS_CRON: z
    .string()
    .regex(/^(\S+\s+){4}\S+$/, "must be a five-field cron expression, e.g. */10 * * * *")
    .default("*/10 * * * *"),
  INNGEST_ENGINE_PORT: z.coerce.number({ message: "must be a port number" }).int().min(1).max(65535).default(8288),
  INNGEST_ENGINE_RETENTION_DAYS: z.coerce.number({ message: "must be a whole number of days" }).int().min(0).max(3650).default(30),
  SEED_ROWS_PER_REALM: z.coerce.number({ message: "must be a whole number" }).int().min(0).default(100_000),
  EXPORT_STORAGE: z.enum(["local", "s3"], { message: "must be local or s3" }).default("local"),
  S3_BUCKET: z.string().min(1).optional(),
  S3_ENDPOINT: url.optional(),
  S3_REGION: z.string().min(1).default("us-east-1"),
  S3_ACCESS_KEY_ID: z.string().min(1).optional(),
  S3_SECRET_ACCESS_KEY: z.string().min(1).optional(),
  S3_FORCE_PATH_STYLE: bool.default(false),
  S3_PRESIGN_SECONDS: z.coerce.number({ message: "must be a number of seconds" }).int().min(1).max(604800).default(300),
  SIGN_IN_EMAILS_PER_ADDRESS: z.coerce.number({ message: "must be a whole number" }).int().min(1).default(5),
  SIGN_IN_EMAILS_PER_IP: z.coerce.number({ message: "must be a whole number" }).int().min(1).default(30),
  API_FAILED_TOKENS_PER_IP: z.coerce.number({ message: "must be a whole number" }).int().min(1).default(20),
  API_REQUESTS_PER_TOKEN: z.coerce.number({ message: "must be a whole number" }).int().min(1).default(600),
  TRUSTED_PROXIES: z.coerce.number({ message: "must be a whole number" }).int().min(0).max(10).default(0),
});

export type Env = z.infer<typeof envSchema>;

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
    const problems = result.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
    throw new EnvError(problems);
  }
  const env = result.data;
  const problems: string[] = [];
  if (env.EXPORT_STORAGE === "s3" && !env.S3_BUCKET) problems.push("S3_BUCKET: required when EXPORT_STORAGE=s3");
  const oidc = [env.AUTH_OIDC_ISSUER, env.AUTH_OIDC_ID, env.AUTH_OIDC_SECRET].filter(Boolean).length;
  if (oidc > 0 && oidc < 3) problems.push("AUTH_OIDC_ISSUER, AUTH_OIDC_ID, AUTH_OIDC_SECRET: set all three or none");
  if (env.INNGEST_BASE_URL && !env.INNGEST_SIGNING_KEY) problems.push("INNGEST_SIGNING_KEY: required when INNGEST_BASE_URL is set");
  if (problems.length) throw new EnvError(problems);
  return env;
}

let cached: Env | undefined;
export function env(): Env {
  cached ??= parseEnv();
  return cached;
}

export function appUrl(): string {
  const e = env();
  return (e.APP_URL ?? `http://localhost:${e.PORT}`).replace(/\/$/, "");
}
