import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";

const children = new Set<ChildProcess>();
const here = path.dirname(fileURLToPath(import.meta.url));
let guard: ChildProcess | undefined;

/**
 * Starts the guard (scripts/launcher/guard.ts), which stops every process registered with `watch` if the
 * launcher dies without shutting down. Resolves once it is listening.
 */
export function startGuard(): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", path.join(here, "guard.ts")], { stdio: ["ignore", "inherit", "inherit", "ipc"] });
    guard = child;
    child.once("spawn", () => {
      child.unref();
      child.channel?.unref();
      resolve();
    });
    child.once("error", reject);
  });
}

/** Asks the guard to stop pid (with signal) should the launcher die first. */
export function watch(pid: number | undefined, signal: NodeJS.Signals = "SIGTERM") {
  if (pid && guard?.connected) guard.send({ watch: pid, signal });
}

export function forget(pid: number | undefined) {
  if (pid && guard?.connected) guard.send({ forget: pid });
}

/** Starts a child that shares our stdout/stderr, prefixing nothing: Next and the engine log their own lines. */
export function startChild(name: string, command: string, args: string[], env: NodeJS.ProcessEnv): ChildProcess {
  const child = spawn(command, args, { env, stdio: ["ignore", "inherit", "inherit"] });
  children.add(child);
  watch(child.pid);
  child.on("exit", (code, signal) => {
    children.delete(child);
    forget(child.pid);
    if (!stopping) {
      console.error(`${name} exited (${signal ?? code}); stopping the portal.`);
      void shutdown(1);
    }
  });
  return child;
}

/** Runs a command to its end, within timeoutMs (then it is stopped and the promise rejects naming `what`). */
export function run(command: string, args: string[], env: NodeJS.ProcessEnv, what = `${command} ${args.join(" ")}`, timeoutMs = 15 * 60_000): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env, stdio: "inherit" });
    watch(child.pid);
    const timer = setTimeout(() => {
      child.kill("SIGTERM");
      reject(new Error(`${what} did not finish within ${timeoutMs / 60_000} min; stopped it.`));
    }, timeoutMs);
    child.on("exit", (code) => {
      clearTimeout(timer);
      forget(child.pid);
      if (code === 0) resolve();
      else reject(new Error(`${what} failed (exit code ${code})`));
    });
  });
}

let stopping = false;
const cleanups: (() => Promise<void>)[] = [];

export function onShutdown(fn: () => Promise<void>) {
  cleanups.push(fn);
}

export function isStopping() {
  return stopping;
}

export async function shutdown(code = 0): Promise<never> {
  if (!stopping) {
    stopping = true;
    for (const child of children) child.kill("SIGTERM");
    await Promise.all(
      [...children].map(
        (c) =>
          new Promise<void>((resolve) => {
            const timer = setTimeout(() => {
              c.kill("SIGKILL");
              resolve();
            }, 5000);
            c.once("exit", () => {
              clearTimeout(timer);
              resolve();
            });
          }),
      ),
    );
    for (const fn of cleanups.reverse()) await fn().catch((e) => console.error(e));
  }
  guard?.kill("SIGTERM");
  process.exit(code);
}

export async function waitFor(url: string, what: string, timeoutMs = 60_000, init?: RequestInit): Promise<Response> {
  const deadline = Date.now() + timeoutMs;
  let last = "";
  while (Date.now() < deadline) {
    try {
      const res = await fetch(url, { ...init, signal: AbortSignal.timeout(2000) });
      if (res.ok) return res;
      last = `answered ${res.status}`;
    } catch (e) {
      last = e instanceof Error ? e.message : String(e);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${what} did not become ready at ${url} within ${timeoutMs / 1000} s (${last})`);
}
