import { AppError } from "../errors/app-error";
import { ExportRequestError } from "../exports/errors";
import { REQUEST_LABELS, requestItem } from "./input";
import { CLIENT_NAMES } from "./request";

const upperFirst = (s: string) => (s[0]?.toUpperCase() ?? "") + s.slice(1);

/**
 * The export engine's refusal as the portal answers it: 422, keyed by the request field ("filters",
 * "scope.appIds", "from"), and worded with the form's label, e.g. "Filter 1 (nodes): enter a whole number."
 * `raw` is the request as sent, so a filter can be named by its field.
 */
export function refusalOf(error: ExportRequestError, raw?: unknown): AppError {
  const segments = error.field.split(/\.|\[(\d+)\]/).filter((s) => s !== undefined && s !== "");
  const path = segments.map((s) => (/^\d+$/.test(s) ? Number(s) : (CLIENT_NAMES[s] ?? s)));
  const end = path.findIndex((p) => typeof p === "number");
  const key = (end === -1 ? path : path.slice(0, end)).join(".") || "request";
  const item = requestItem(path, raw);
  const label = item ?? REQUEST_LABELS[key] ?? "The request";
  const message = `${label}: ${error.reason}`;
  return new AppError("invalid", upperFirst(message), { [key]: upperFirst(message) }, { cause: error });
}

export function isExportRequestError(error: unknown): error is ExportRequestError {
  return error instanceof ExportRequestError || (error instanceof Error && error.name === "ExportRequestError" && "field" in error);
}

/**
 * Postgres refuses a value it cannot read with an SQLSTATE of class 22 (data exception: a date out of
 * range, an unknown time zone, a NUL byte). Validation is meant to stop all of them first; one that
 * slips through is still the request's fault, so it is answered 422 rather than 500.
 */
export function isDataException(error: unknown): boolean {
  for (let e: unknown = error, depth = 0; e && typeof e === "object" && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === "string" && /^22[0-9A-Z]{3}$/.test(code)) return true;
  }
  return false;
}

export function dataExceptionRefusal(cause: unknown): AppError {
  return new AppError(
    "invalid",
    "One of the values in this request cannot be used: check the dates, the timezone and the filter values, then try again.",
    { request: "One of the values in this request cannot be used: check the dates, the timezone and the filter values." },
    { cause },
  );
}

/**
 * An error that is the request's fault although it is no AppError: the engine's refusal, or a value
 * Postgres could not read. Both are logged, since validation should have caught them, and answered 422.
 */
export function inputRefusal(error: unknown): AppError | null {
  if (isExportRequestError(error)) {
    console.warn("an export request refusal reached the edge unmapped:", error.field, error.message);
    return refusalOf(error);
  }
  if (isDataException(error)) {
    console.error("Postgres refused a value that validation let through:", error);
    return dataExceptionRefusal(error);
  }
  return null;
}
