export type AppErrorCode =
  | "unauthenticated"
  | "not_found"
  | "forbidden"
  | "invalid"
  | "conflict"
  | "limit_exceeded"
  | "gone"
  | "range_not_satisfiable"
  | "unsupported_media_type"
  | "internal";

const STATUS: Record<AppErrorCode, number> = {
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  gone: 410,
  range_not_satisfiable: 416,
  unsupported_media_type: 415,
  invalid: 422,
  limit_exceeded: 429,
  internal: 500,
};

/**
 * An error a user can act on. The message is safe to show; the cause stays on the server.
 * fieldErrors name the request fields that were refused.
 */
export class AppError extends Error {
  readonly status: number;
  constructor(
    readonly code: AppErrorCode,
    message: string,
    readonly fieldErrors: Record<string, string> = {},
    options?: { cause?: unknown; retryAfterSeconds?: number },
  ) {
    super(message, options);
    this.name = "AppError";
    this.status = STATUS[code];
    this.retryAfterSeconds = options?.retryAfterSeconds;
  }

  /** For a refusal that passes with time (a rate limit): how long to wait, sent as Retry-After. */
  readonly retryAfterSeconds: number | undefined;

  static notFound(what = "Not found") {
    return new AppError("not_found", what);
  }

  static invalidField(field: string, message: string) {
    return new AppError("invalid", message, { [field]: message });
  }
}

export function isAppError(error: unknown): error is AppError {
  return error instanceof AppError;
}
