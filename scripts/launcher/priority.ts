import os from "node:os";

/**
 * Lowers the CPU priority of a process the launcher just started (a nice value, 0–19; 0 leaves it as it
 * is). On Linux a nice value belongs to each thread and passes to the threads and processes it starts, so
 * the workers' primary, lowered before it forks, hands it to every worker process and their threads: the
 * web app and the database then win the cores while an export runs, and exports take the cores nobody else
 * wants. Returns a warning to print when the system refuses, else null.
 */
export function lowerPriority(pid: number | undefined, nice: number, what: string): string | null {
  if (pid === undefined || nice === 0) return null;
  try {
    os.setPriority(pid, nice);
    return null;
  } catch (error) {
    return `${what} run at normal CPU priority: WORKER_NICE=${nice} was refused (${error instanceof Error ? error.message : String(error)}).`;
  }
}
