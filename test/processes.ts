/** Whether a process of this machine still runs (signal 0 checks without sending anything). */
export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** The worker pids a workers primary (workers/main.ts) announced in its output: the latest start's, and each replacement. */
export function announcedWorkerPids(output: string): number[] {
  const started = [...output.matchAll(/processes ([\d, ]+)\)/g)].at(-1)?.[1]?.split(", ").map(Number) ?? [];
  const replacements = [...output.matchAll(/worker (\d+) takes its place/g)].map((m) => Number(m[1]));
  return [...started, ...replacements];
}
