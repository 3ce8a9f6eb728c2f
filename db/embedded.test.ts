import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { superviseDatabase } from "@/scripts/launcher/database";
import { freePort } from "@/test/free-port";
import { isAlive, startEmbeddedPostgres, type EmbeddedDatabase } from "./embedded";

let dataDir: string;
let port: number;
let running: EmbeddedDatabase | undefined;
const conf = () => path.join(dataDir, "postgres", "postgresql.conf");

async function answers(url: string): Promise<number | undefined> {
  const sql = postgres(url, { max: 1, connect_timeout: 5, onnotice: () => {} });
  try {
    const [row] = await sql<{ ok: number }[]>`select 1 as ok`;
    return row?.ok;
  } finally {
    await sql.end({ timeout: 1 });
  }
}

async function until(check: () => boolean, ms: number, what: string) {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "portal-embedded-"));
  port = await freePort();
  const first = await startEmbeddedPostgres({ dataDir, port });
  await first.stop();
});

afterAll(async () => {
  await running?.stop();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe("the embedded PostgreSQL", () => {
  it("starts although postgresql.conf sends its log to files (logging_collector=on)", async () => {
    fs.appendFileSync(conf(), "\nlogging_collector = on\n");
    running = await startEmbeddedPostgres({ dataDir, port, startTimeoutMs: 30_000 });
    expect(await answers(running.url)).toBe(1);
  });

  it("is restarted when it dies, a bounded number of times, and then the portal is told to stop", async () => {
    const db = running;
    if (!db) throw new Error("the previous test starts the server");
    const events: string[] = [];
    let gaveUp = "";
    const supervision = superviseDatabase(db, {
      maxRestarts: 1,
      intervalMs: 100,
      log: (line) => events.push(line),
      onRestarted: () => events.push("restarted"),
      onGiveUp: (message) => (gaveUp = message),
    });
    try {
      const firstPid = db.pid();
      expect(firstPid).not.toBeNull();
      process.kill(firstPid ?? 0, "SIGKILL");
      await until(() => events.includes("restarted"), 30_000, "the restart");
      expect(db.pid()).not.toBe(firstPid);
      expect(await answers(db.url)).toBe(1);
      expect(events[0]).toContain("restarting it (restart 1 of at most 1)");

      const secondPid = db.pid();
      process.kill(secondPid ?? 0, "SIGKILL");
      await until(() => gaveUp !== "", 10_000, "giving up");
      expect(gaveUp).toContain("Embedded PostgreSQL stopped again after 1 restart(s); stopping the portal");
      expect(isAlive(secondPid ?? 0)).toBe(false);
    } finally {
      supervision.stop();
    }
  });

  it("gives up start-up after its time limit, saying what it waited for", async () => {
    // Each connection now waits 20 s before authentication: the server runs but accepts nobody in time.
    fs.appendFileSync(conf(), "\npre_auth_delay = 20\n");
    const started = Date.now();
    await expect(startEmbeddedPostgres({ dataDir, port, startTimeoutMs: 3000 })).rejects.toThrow(
      new RegExp(`Embedded PostgreSQL did not accept connections on 127\\.0\\.0\\.1:${port} \\(data in .*\\) within 3 s`),
    );
    expect(Date.now() - started).toBeLessThan(15_000);
    // The half-started server is not left behind.
    const pidFile = path.join(dataDir, "postgres", "postmaster.pid");
    const gone = () => !fs.existsSync(pidFile) || !isAlive(Number(fs.readFileSync(pidFile, "utf8").split("\n")[0]));
    await until(gone, 5000, "the half-started server to stop");
  });
});
