import type { ExportProgress } from "../types";

/**
 * Counts rows and bytes and reports them on a timer, so slow phases (a long sort, Parquet) still report,
 * and once straight away when the first rows arrive, so a waiting person sees the export has started.
 */
export class ProgressTracker {
  bytes = 0;
  private count = 0;
  /** Rows of the realms already produced, when an archive holds several: producers count from 0 each. */
  private before = 0;
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly onProgress?: (p: ExportProgress) => void) {
    if (onProgress) this.timer = setInterval(() => this.report(), 500);
  }

  get rows(): number {
    return this.count;
  }

  set rows(n: number) {
    const first = this.count === 0 && n > 0;
    this.count = this.before + n;
    if (first) this.report();
  }

  /** One realm's files are written; the next realm's producer counts on from here. */
  realmDone(): void {
    this.before = this.count;
  }

  report(): void {
    this.onProgress?.({ rows: this.count, bytes: this.bytes });
  }

  stop(final: boolean): void {
    clearInterval(this.timer);
    if (final) this.report();
  }
}
