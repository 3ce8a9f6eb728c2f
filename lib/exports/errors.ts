/** A request the export engine refuses; `field` names the request field at fault (e.g. "filters[0].field"). */
export class ExportRequestError extends Error {
  readonly field: string;

  constructor(field: string, message: string) {
    super(message);
    this.name = "ExportRequestError";
    this.field = field;
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
