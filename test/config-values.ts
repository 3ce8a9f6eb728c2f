/**
 * For the configuration tests: one bad value for each variable in README's configuration table, or why
 * none exists. lib/config/env.test.ts checks that the table and these lists name the same variables.
 */
export const BAD_VALUES: Record<string, string> = {
  PORT: "eighty",
  HOST: "my host",
  APP_URL: "portal.example.com",
  DATABASE_URL: "mysql://db/portal",
  WAREHOUSE_DATABASE_URL: "replica",
  EMBEDDED_PG_PORT: "70000",
  SEED_ROWS_PER_REALM: "-5",
  AUTH_SECRET: "short",
  AUTH_ALLOW_SELF_SIGNUP: "maybe",
  AUTH_OIDC_ISSUER: "id.example.com",
  RESEND_BASE_URL: "ftp://resend.example.com",
  EMAIL_FROM: "exports",
  INNGEST_BASE_URL: "inngest:8288",
  INNGEST_SIGNING_KEY: "secret",
  INNGEST_ENGINE_PORT: "0",
  INNGEST_ENGINE_RETENTION_DAYS: "a month",
  INNGEST_ENGINE_UNREACHABLE_MINUTES: "0",
  INNGEST_SERVE_ORIGIN: "127.0.0.1:3000",
  WORKERS: "many",
  WORKER_PORT: "70000",
  WORKER_HOST: "my host",
  EXPORT_CONCURRENCY_PER_ORGANIZATION: "0",
  EXPIRE_EXPORTS_CRON: "every 10 minutes",
  EXPORT_STORAGE: "ftp",
  S3_REGION: "US East",
  S3_ENDPOINT: "minio:9000",
  S3_FORCE_PATH_STYLE: "yes please",
  S3_PRESIGN_SECONDS: "0",
  SIGN_IN_EMAILS_PER_ADDRESS: "0",
  SIGN_IN_EMAILS_PER_IP: "many",
  API_FAILED_TOKENS_PER_IP: "1.5",
  API_REQUESTS_PER_TOKEN: "-1",
  TRUSTED_PROXIES: "11",
};

/** Documented variables that take any non-empty text, so no value of them is wrong in itself. */
export const ANY_TEXT: Record<string, string> = {
  DATA_DIR: "any directory",
  AUTH_OIDC_ID: "issued by the identity provider",
  AUTH_OIDC_SECRET: "issued by the identity provider",
  AUTH_OIDC_NAME: "any label",
  RESEND_API_KEY: "issued by Resend or a compatible service",
  INNGEST_EVENT_KEY: "issued by Inngest",
  S3_BUCKET: "naming rules differ between S3-compatible servers",
  S3_ACCESS_KEY_ID: "issued by the storage provider",
  S3_SECRET_ACCESS_KEY: "issued by the storage provider",
};
