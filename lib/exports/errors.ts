/**
 * A request the export engine refuses. `field` is the path of the value at fault (e.g. "filters[0].value")
 * and `message` the technical account for logs; `reason` says what to change, for the person who sent it
 * (e.g. "enter a whole number"), and is what the portal shows after the field's label.
 */
export class ExportRequestError extends Error {
  readonly field: string;
  readonly reason: string;

  constructor(field: string, message: string, reason = message) {
    super(message);
    this.name = "ExportRequestError";
    this.field = field;
    this.reason = reason;
  }
}

/** The error produceArchive rejects with when its signal aborts, shaped like the platform's AbortError. */
export function abortError(reason?: unknown): Error {
  const err = new Error(reason instanceof Error ? reason.message : "The export was cancelled", { cause: reason });
  err.name = "AbortError";
  return err;
}

export function isAbortError(err: unknown): boolean {
  return err instanceof Error && err.name === "AbortError";
}
