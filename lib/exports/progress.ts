import type { ExportProgress } from "./types";

/** Counts rows and bytes and reports them on a timer, so slow phases (a long sort, Parquet) still report. */
export class ProgressTracker {
  rows = 0;
  bytes = 0;
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly onProgress?: (p: ExportProgress) => void) {
    if (onProgress) this.timer = setInterval(() => this.report(), 500);
  }

  report(): void {
    this.onProgress?.({ rows: this.rows, bytes: this.bytes });
  }

  stop(final: boolean): void {
    clearInterval(this.timer);
    if (final) this.report();
  }
}
