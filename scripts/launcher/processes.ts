import { spawn, type ChildProcess } from "node:child_process";

const children = new Set<ChildProcess>();

/** Starts a child that shares our stdout/stderr, prefixing nothing: Next and the engine log their own lines. */
export function startChild(name: string, command: string, args: string[], env: NodeJS.ProcessEnv): ChildProcess {
  const child = spawn(command, args, { env, stdio: ["ignore", "inherit", "inherit"] });
  children.add(child);
  child.on("exit", (code, signal) => {
    children.delete(child);
    if (!stopping) {
      console.error(`${name} exited (${signal ?? code}); stopping the portal.`);
      void shutdown(1);
    }
  });
  return child;
}

export function run(command: string, args: string[], env: NodeJS.ProcessEnv): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env, stdio: "inherit" });
    child.on("exit", (code) => (code === 0 ? resolve() : reject(new Error(`${command} ${args.join(" ")} exited with ${code}`))));
  });
}

let stopping = false;
const cleanups: (() => Promise<void>)[] = [];

export function onShutdown(fn: () => Promise<void>) {
  cleanups.push(fn);
}

export async function shutdown(code = 0): Promise<never> {
  if (!stopping) {
    stopping = true;
    for (const child of children) child.kill("SIGTERM");
    await Promise.all(
      [...children].map((c) => new Promise<void>((resolve) => {
        const timer = setTimeout(() => { c.kill("SIGKILL"); resolve(); }, 5000);
        c.once("exit", () => { clearTimeout(timer); resolve(); });
      })),
    );
    for (const fn of cleanups.reverse()) await fn().catch((e) => console.error(e));
  }
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
