import { spawn } from "node:child_process";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { BAD_VALUES } from "@/test/config-values";

/**
 * `npm start` (tsx scripts/start.ts) with a bad value in every documented variable that can have one: it
 * must stop before it starts anything, with one line per variable. Every variable is bad at once, so even
 * with one check removed the launcher still stops here and starts no database or server.
 */
const root = path.resolve(import.meta.dirname, "..");

function launch(env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", path.join(root, "scripts/start.ts")], {
      cwd: root,
      // Only what node needs to run, so nothing of the test runner's own configuration leaks in.
      env: { NODE_ENV: "production", PATH: process.env.PATH, HOME: process.env.HOME, ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (c: Buffer) => (stdout += c.toString()));
    child.stderr.on("data", (c: Buffer) => (stderr += c.toString()));
    const timer = setTimeout(() => child.kill("SIGKILL"), 50_000);
    child.on("error", reject);
    child.on("exit", (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

describe("npm start with a bad configuration", () => {
  it("exits 1 before starting anything, printing one line per bad variable that names it and says what is expected", async () => {
    const { code, stdout, stderr } = await launch(BAD_VALUES);
    const lines = stderr.trimEnd().split("\n");
    expect(lines[0]).toBe("The portal cannot start because of its configuration:");
    const problems = lines.slice(1);
    expect(problems.map((line) => /^ {2}([A-Z0-9_]+): must \S/.exec(line)?.[1]).sort()).toEqual(Object.keys(BAD_VALUES).sort());
    expect(problems).toContain("  S3_FORCE_PATH_STYLE: must be true or false (1/0 and yes/no also work)");
    expect(problems).toContain("  EXPIRE_EXPORTS_CRON: must be a five-field cron expression, e.g. */10 * * * *");
    expect(stdout).toBe("");
    expect(code).toBe(1);
  });
});
