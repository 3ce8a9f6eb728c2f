import { spawn, type ChildProcess } from "node:child_process";
import os from "node:os";
import { afterAll, describe, expect, it } from "vitest";
import { lowerPriority } from "./priority";

const started: ChildProcess[] = [];
afterAll(() => {
  for (const child of started) child.kill("SIGKILL");
});

/** A process that, after a moment, starts one of its own (as the workers' primary forks the workers) and prints its pid. */
function parentOfOne(): { proc: ChildProcess; childPid: Promise<number> } {
  const script = `setTimeout(() => {
    const c = require("node:child_process").spawn(process.execPath, ["-e", "setTimeout(() => {}, 20000)"], { stdio: "ignore" });
    console.log(c.pid);
  }, 500);
  setTimeout(() => {}, 20000);`;
  const proc = spawn(process.execPath, ["-e", script], { stdio: ["ignore", "pipe", "inherit"] });
  started.push(proc);
  const childPid = new Promise<number>((resolve) => proc.stdout?.once("data", (c: Buffer) => resolve(Number(c.toString().trim()))));
  return { proc, childPid };
}

describe("lowerPriority", () => {
  it("lowers the process at once, and the processes it starts afterwards inherit the nice value", async () => {
    const { proc, childPid } = parentOfOne();
    const nice = Math.min(19, os.getPriority() + 10);
    expect(lowerPriority(proc.pid, nice, "The workers")).toBeNull();
    expect(os.getPriority(proc.pid)).toBe(nice);
    const pid = await childPid;
    try {
      expect(os.getPriority(pid)).toBe(nice);
    } finally {
      process.kill(pid, "SIGKILL");
    }
  });

  it("leaves the process as it is with 0", async () => {
    const { proc, childPid } = parentOfOne();
    expect(lowerPriority(proc.pid, 0, "The workers")).toBeNull();
    expect(os.getPriority(proc.pid)).toBe(os.getPriority());
    process.kill(await childPid, "SIGKILL");
  });

  it("says so, naming the setting, when the process cannot be lowered", async () => {
    const gone = spawn(process.execPath, ["-e", ""], { stdio: "ignore" });
    await new Promise((resolve) => gone.once("exit", resolve));
    expect(lowerPriority(gone.pid, 10, "The workers")).toMatch(/^The workers run at normal CPU priority: WORKER_NICE=10 was refused \(.+\)\.$/);
  });
});
