import { spawn } from "node:child_process";
import { once } from "node:events";
import { describe, expect, it } from "vitest";
import { delay, killHard } from "../testing";

const idle = () => spawn(process.execPath, ["-e", "setInterval(() => {}, 1000)"], { stdio: "ignore" });
/** Whether `promise` settles within `ms`. */
const settles = (promise: Promise<void>, ms: number) => Promise.race([promise.then(() => true), delay(ms).then(() => false)]);

describe("killHard", () => {
  it("kills a running process and waits until it is gone", async () => {
    const proc = idle();
    await once(proc, "spawn");
    expect(await settles(killHard(proc), 5_000)).toBe(true);
    expect(proc.signalCode).toBe("SIGKILL");
  });

  it("returns at once for a process already ended by a signal, which has a signalCode but no exitCode", async () => {
    const proc = idle();
    await once(proc, "spawn");
    proc.kill("SIGKILL");
    await once(proc, "exit");
    expect(proc.exitCode).toBeNull();
    expect(await settles(killHard(proc), 2_000)).toBe(true);
  });
});
