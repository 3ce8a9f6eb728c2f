import { spawn } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { EXPORT_PROCESS_FLAGS, exportProcessEnv } from "../../lib/exports/process-flags";
import type { ChildJob, ChildResult } from "./child";

const here = path.dirname(fileURLToPath(import.meta.url));

/** One bench job (a COPY baseline or an in-process archive) in a child process of its own, so its peak RSS is its own. */
export function runChild(job: ChildJob): Promise<ChildResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...EXPORT_PROCESS_FLAGS, "--import", "tsx", path.join(here, "child.ts"), "--child", JSON.stringify(job)], {
      stdio: ["ignore", "pipe", "inherit"],
      env: { ...process.env, ...exportProcessEnv() },
    });
    let out = "";
    child.stdout.on("data", (c: Buffer) => (out += c.toString()));
    child.on("exit", (code) =>
      code === 0 ? resolve(JSON.parse(out.trim().split("\n").pop() ?? "{}") as ChildResult) : reject(new Error(`child exited ${code}`)),
    );
  });
}
