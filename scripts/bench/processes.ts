/** What the benches that start the portal's processes share: starting a child until it says it is ready, and the machine's load. */
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { startEmbeddedPostgres } from "../../db/embedded";
import { freePort } from "../../test/free-port";
import { lowerPriority } from "../launcher/priority";

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The machine is shared: each figure is printed with the load it was measured under. */
export const loadAverage = () =>
  `load ${os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(" ")}`;

/** CPU seconds (user + system) a live process has used, all its threads. */
export function cpuSeconds(pid: number): number {
  const fields = fs.readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]?.split(" ") ?? [];
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

export function exited(proc: ChildProcess): Promise<void> {
  if (proc.exitCode !== null || proc.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => proc.once("exit", () => resolve()));
}

/** Stops a child this bench started and waits for it to exit. */
export async function stopProcess(proc: ChildProcess | undefined): Promise<void> {
  if (!proc) return;
  proc.kill("SIGTERM");
  await exited(proc);
}

/**
 * A child whose output is kept, resolved once `ready` appears in it. `nice` lowers its CPU priority at once,
 * before it starts any thread or process of its own, as the launcher does for the workers.
 */
export async function startProcess(what: string, args: string[], env: Record<string, string>, ready: RegExp, nice = 0): Promise<ChildProcess> {
  const proc = spawn(process.execPath, args, { env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
  const refused = lowerPriority(proc.pid, nice, what);
  if (refused) console.error(`  ${refused}`);
  let output = "";
  proc.stdout?.on("data", (c: Buffer) => (output += c.toString()));
  proc.stderr?.on("data", (c: Buffer) => (output += c.toString()));
  const deadline = Date.now() + 120_000;
  while (!ready.test(output)) {
    if (proc.exitCode !== null || Date.now() > deadline) throw new Error(`${what}: ${proc.exitCode === null ? "not ready within 120 s" : "exited"}\n${output}`);
    await sleep(100);
  }
  return proc;
}

/** A bench's own folder and database: `databaseUrl` when given, else an embedded PostgreSQL in the folder. `close` stops and removes both. */
export async function benchDatabase(name: string, databaseUrl: string | undefined): Promise<{ tmp: string; url: string; close: () => Promise<void> }> {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), `${name}-bench-`));
  const embedded = databaseUrl ? undefined : await startEmbeddedPostgres({ dataDir: tmp, port: await freePort(), database: "bench" });
  const url = databaseUrl ?? embedded?.url ?? "";
  return {
    tmp,
    url,
    close: async () => {
      await embedded?.stop();
      fs.rmSync(tmp, { recursive: true, force: true });
    },
  };
}
