import { spawn } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { isAlive } from "@/db/embedded";
import { freePort } from "@/test/free-port";

const leftovers: number[] = [];
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "portal-launcher-"));

afterAll(() => {
  for (const pid of leftovers) if (isAlive(pid)) process.kill(pid, "SIGKILL");
  fs.rmSync(dataDir, { recursive: true, force: true });
});

function canListen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer().once("error", () => resolve(false));
    server.listen(port, "127.0.0.1", () => server.close(() => resolve(true)));
  });
}

async function until(check: () => boolean | Promise<boolean>, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (await check()) return true;
    await new Promise((r) => setTimeout(r, 100));
  }
  return false;
}

describe("when the launcher is killed outright", () => {
  it("its children (the web app's stand-in, the workers and PostgreSQL) exit and free their ports", async () => {
    const [pgPort, webPort, workerPort] = [await freePort(), await freePort(), await freePort()];
    const args = [dataDir, String(pgPort), String(webPort), String(workerPort)];
    const harness = spawn(process.execPath, ["--import", "tsx", path.resolve("test/launcher-harness.ts"), ...args], {
      stdio: ["ignore", "pipe", "inherit"],
    });
    const pids = await new Promise<{ pg: number; child: number; workers: number[] }>((resolve, reject) => {
      let out = "";
      harness.stdout.on("data", (chunk: Buffer) => {
        out += chunk.toString();
        const line = out.split("\n").find((l) => l.startsWith("{"));
        if (line) resolve(JSON.parse(line) as { pg: number; child: number; workers: number[] });
      });
      harness.once("exit", (code) => reject(new Error(`the harness exited early (${code})`)));
    });
    leftovers.push(pids.pg, pids.child, ...pids.workers);
    expect(pids.workers).toHaveLength(3);
    expect([pids.pg, pids.child, ...pids.workers].every(isAlive)).toBe(true);

    process.kill(harness.pid ?? 0, "SIGKILL");

    expect(await until(() => ![pids.child, pids.pg, ...pids.workers].some(isAlive), 15_000)).toBe(true);
    expect(await canListen(webPort)).toBe(true);
    expect(await canListen(workerPort)).toBe(true);
    expect(await canListen(pgPort)).toBe(true);
  });
});
