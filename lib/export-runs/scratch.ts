import { createHash, randomBytes } from "node:crypto";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";

/**
 * Scratch directories of export attempts under DATA_DIR/tmp, named `<exportId>.<host>.<pid>.<random>` so
 * that one left behind by a crashed process can be told from one still in use: on this machine its
 * process is gone (or, for our own pid, a process before us had it), while a directory of another machine
 * sharing DATA_DIR is only removed once older than any attempt can run.
 */

/** This machine in directory names: a hash, since a host name may hold any character. */
const HOST = createHash("sha256").update(os.hostname()).digest("hex").slice(0, 8);
const NAME = /^([\w-]+)\.([0-9a-f]{8})\.(\d+)\.[0-9a-f]{8}$/;
/** An attempt is given up on after the engine's 2-hour limit; a day leaves ample margin. */
export const FOREIGN_SCRATCH_MAX_AGE_MS = 24 * 60 * 60 * 1000;

/** Directories of attempts running in this process. */
const live = new Set<string>();

export interface ScratchDir {
  path: string;
  /** Removes the directory and everything in it; safe to call more than once. */
  release(): Promise<void>;
}

/** The directory name of an attempt of exportId by process pid on this machine. */
export function scratchName(exportId: string, pid = process.pid): string {
  return `${exportId}.${HOST}.${pid}.${randomBytes(4).toString("hex")}`;
}

export async function openScratch(tmpDir: string, exportId: string): Promise<ScratchDir> {
  const name = scratchName(exportId);
  const dir = path.join(tmpDir, name);
  // Registered before it exists, so a sweep running meanwhile never takes it for a dead process's.
  live.add(name);
  try {
    await fs.mkdir(dir, { recursive: true });
  } catch (err) {
    live.delete(name);
    throw err;
  }
  return {
    path: dir,
    release: async () => {
      try {
        await fs.rm(dir, { recursive: true, force: true });
      } finally {
        live.delete(name);
      }
    },
  };
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: it exists but belongs to someone else.
    return (err as NodeJS.ErrnoException).code === "EPERM";
  }
}

async function isStale(tmpDir: string, name: string, now: number, maxAgeMs: number): Promise<boolean> {
  const owner = NAME.exec(name);
  if (owner && owner[2] === HOST) {
    const pid = Number(owner[3]);
    return pid === process.pid ? !live.has(name) : !processAlive(pid);
  }
  const { mtimeMs } = await fs.stat(path.join(tmpDir, name));
  return now - mtimeMs > maxAgeMs;
}

/** Removes scratch directories no running attempt uses; returns their names. */
export async function sweepScratch(tmpDir: string, opts: { now?: Date; maxAgeMs?: number } = {}): Promise<string[]> {
  const now = (opts.now ?? new Date()).getTime();
  const maxAgeMs = opts.maxAgeMs ?? FOREIGN_SCRATCH_MAX_AGE_MS;
  let names: string[];
  try {
    names = await fs.readdir(tmpDir);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return [];
    throw err;
  }
  const removed: string[] = [];
  for (const name of names) {
    try {
      if (!(await isStale(tmpDir, name, now, maxAgeMs))) continue;
      await fs.rm(path.join(tmpDir, name), { recursive: true, force: true });
      removed.push(name);
    } catch (err) {
      // Gone already (another sweep, or its attempt finished): nothing to do.
      if ((err as NodeJS.ErrnoException).code !== "ENOENT") throw err;
    }
  }
  return removed;
}
