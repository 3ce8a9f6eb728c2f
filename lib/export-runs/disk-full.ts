export const SCRATCH_DISK_FULL_MESSAGE =
  "The export server ran out of scratch disk space while writing the archive. Resubmit later; if it happens again, tell your administrator.";

/**
 * The scratch disk (DATA_DIR/tmp) filled up while an archive was being written. Retrying at once would
 * fill it again, so the run fails now with a message that says so, rather than after every retry.
 */
export class ScratchDiskFullError extends Error {
  constructor(cause: unknown) {
    super(SCRATCH_DISK_FULL_MESSAGE, { cause });
    this.name = "ScratchDiskFullError";
  }
}

/** Node reports a full disk as ENOSPC; DuckDB (Parquet) in its message. The cause chain is searched too. */
export function isDiskFull(err: unknown): boolean {
  for (let e = err, depth = 0; e instanceof Error && depth < 5; e = e.cause, depth++) {
    if ((e as NodeJS.ErrnoException).code === "ENOSPC" || /ENOSPC|no space left on device/i.test(e.message)) return true;
  }
  return false;
}
