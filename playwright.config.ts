import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { defineConfig, devices } from "@playwright/test";

/*
 * Browser tests run against the real portal started by `npm start` (embedded Postgres, the job engine,
 * `next start`) in a throwaway DATA_DIR on ports of their own, so a portal you are running is untouched.
 */
const port = Number(process.env.E2E_PORT ?? 3210);
const dataDir = process.env.E2E_DATA_DIR ?? fs.mkdtempSync(path.join(os.tmpdir(), "portal-e2e-"));
process.env.E2E_DATA_DIR = dataDir;
// Below the ephemeral port range (32768–60999 on Linux), where a reconnecting client can take the port
// itself; set here so the specs' own database connections use the same port.
process.env.E2E_PG_PORT ??= "25439";
const chromium = process.env.CHROMIUM_PATH ?? (fs.existsSync("/usr/bin/chromium") ? "/usr/bin/chromium" : undefined);

export default defineConfig({
  testDir: "e2e",
  outputDir: "test-results",
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 120_000,
  expect: { timeout: 15_000 },
  reporter: process.env.CI ? [["list"], ["html", { open: "never" }]] : "list",
  use: {
    baseURL: `http://localhost:${port}`,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    launchOptions: {
      executablePath: chromium,
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
    },
  },
  projects: [{ name: "chromium", use: { ...devices["Desktop Chrome"] } }],
  webServer: {
    command: "npm start",
    url: `http://localhost:${port}/api/health`,
    timeout: 300_000,
    reuseExistingServer: !process.env.CI,
    stdout: "pipe",
    stderr: "pipe",
    env: {
      PORT: String(port),
      DATA_DIR: dataDir,
      EMBEDDED_PG_PORT: String(Number(process.env.E2E_PG_PORT)),
      INNGEST_ENGINE_PORT: String(Number(process.env.E2E_ENGINE_PORT ?? 8299)),
      SEED_ROWS_PER_REALM: process.env.E2E_SEED_ROWS ?? "20000",
      // The suite signs the same demo people in many times from one address; the limits have tests of their own.
      SIGN_IN_EMAILS_PER_ADDRESS: "1000",
      SIGN_IN_EMAILS_PER_IP: "1000",
      // The webhooks spec's receiver listens on 127.0.0.1, which is refused otherwise.
      WEBHOOKS_ALLOW_PRIVATE: "true",
      // Seals the bucket destinations' credentials (schedule-destination spec); a fixed test key.
      DESTINATION_CREDENTIALS_KEY: Buffer.alloc(32, 1).toString("base64"),
    },
  },
});
