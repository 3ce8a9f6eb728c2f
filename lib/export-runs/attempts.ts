/**
 * Attempts at producing an export's archive that run in this process. The engine retries a step whose call
 * it gave up on (its time limit, a restart) while the first attempt may still be running here: the newer
 * attempt stops the older one and waits until it has cleaned up (its query cancelled, its scratch files and
 * any file it stored removed), so two attempts never hold warehouse connections or write the same storage
 * key at once.
 */
const running = new Map<string, { stop: (reason: Error) => void; settled: Promise<void> }>();

/** The reason an attempt stops when a newer one takes over: not a cancel, so the run is not ended. */
export class SupersededError extends Error {
  constructor(message = "A newer attempt of this step took over") {
    super(message);
    this.name = "SupersededError";
  }
}

/** Registers an attempt of exportId, stopping and awaiting an older one first. Call the result when done. */
export async function takeOver(exportId: string, stop: (reason: Error) => void): Promise<() => void> {
  let settle = () => {};
  const entry = { stop, settled: new Promise<void>((resolve) => (settle = resolve)) };
  const older = running.get(exportId);
  running.set(exportId, entry);
  if (older) {
    older.stop(new SupersededError());
    await older.settled;
  }
  return () => {
    if (running.get(exportId) === entry) running.delete(exportId);
    settle();
  };
}
