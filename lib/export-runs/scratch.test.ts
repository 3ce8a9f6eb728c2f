import { spawn, spawnSync } from "node:child_process";
import { randomUUID } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { waitFor } from "@portal/inngest-engine/testing";
import { uniqueDir } from "@/test/export-flow";
import { FOREIGN_SCRATCH_MAX_AGE_MS, openScratch, scratchName, sweepScratch } from "./scratch";

const tmpDir = uniqueDir("scratch");
const sleeper = spawn("sleep", ["120"], { stdio: "ignore" });

afterAll(() => {
  sleeper.kill("SIGKILL");
});

/** A directory with a file in it, as an attempt leaves one; `ageMs` back-dates it. */
function leftBehind(name: string, ageMs = 0): string {
  const dir = path.join(tmpDir, name);
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, "part.csv"), "job_id\n1\n");
  const at = new Date(Date.now() - ageMs);
  fs.utimesSync(dir, at, at);
  return name;
}

/** The pid of a process that has exited (and, this soon, is not yet reused). */
function deadPid(): number {
  const child = spawnSync(process.execPath, ["-e", "console.log(process.pid)"], { encoding: "utf8" });
  return Number(child.stdout.trim());
}

describe("sweeping scratch space at start", () => {
  it("removes what dead processes left, keeps what live attempts use here or on another machine", async () => {
    const id = () => randomUUID();
    const crashed = leftBehind(scratchName(id(), deadPid()));
    const sameDeadPidTwice = leftBehind(scratchName(id(), deadPid()));
    // Our own pid on a directory we do not know: a process before us had the same pid (containers do).
    const earlierSelf = leftBehind(scratchName(id(), process.pid));
    const otherLiveProcess = leftBehind(scratchName(id(), sleeper.pid ?? 0));
    const running = await openScratch(tmpDir, id());
    fs.writeFileSync(path.join(running.path, "part.csv"), "job_id\n");
    // Another machine sharing DATA_DIR: only age tells, since its pids mean nothing here.
    const foreignName = (exportId: string) => `${exportId}.0000abcd.4242.0123abcd`;
    const foreignYoung = leftBehind(foreignName(id()), 60_000);
    const foreignOld = leftBehind(foreignName(id()), FOREIGN_SCRATCH_MAX_AGE_MS + 60_000);
    // The layout before directories carried their owner.
    const legacyOld = leftBehind(`${id()}-1a2b3c4d`, FOREIGN_SCRATCH_MAX_AGE_MS + 60_000);

    const removed = await sweepScratch(tmpDir);

    expect(removed.sort()).toEqual([crashed, sameDeadPidTwice, earlierSelf, foreignOld, legacyOld].sort());
    expect(fs.readdirSync(tmpDir).sort()).toEqual([otherLiveProcess, path.basename(running.path), foreignYoung].sort());
    expect(fs.readFileSync(path.join(running.path, "part.csv"), "utf8")).toBe("job_id\n");
    await running.release();
    expect(fs.existsSync(running.path)).toBe(false);
  });

  it("has nothing to do when scratch space was never used", async () => {
    expect(await sweepScratch(path.join(tmpDir, "never-created"))).toEqual([]);
  });
});

describe("the app process that runs exports", () => {
  it("sweeps DATA_DIR/tmp when it first runs an export step", async () => {
    const dataDir = uniqueDir("scratch-app");
    const crashed = path.join(dataDir, "tmp", scratchName(randomUUID(), deadPid()));
    fs.mkdirSync(crashed, { recursive: true });
    process.env.DATA_DIR = dataDir;
    const { runDeps } = await import("@/inngest/run-deps");
    expect(runDeps().tmpDir).toBe(path.join(dataDir, "tmp"));
    await waitFor("the crashed attempt's directory to go", () => !fs.existsSync(crashed), 5_000);
  });
});
