import { fetch, type Response } from "undici";
import type { EngineContext } from "./db";
import { canonicalJson, signatureHeader, verifySignatureHeader } from "./signature";
import { toSerializedError, type CallRow, type EngineEvent, type RunRow, type SerializedError, type StepOp } from "./types";

export type CallOutcome =
  | { kind: "complete"; output: unknown; version?: number }
  | { kind: "ops"; ops: StepOp[]; version?: number; retryAfterMs?: number }
  | { kind: "error"; error: SerializedError; retriable: boolean; retryAfterMs?: number; version?: number }
  /** No answer came at all: the app is down, restarting or moving. Not the function's error, not an attempt. */
  | { kind: "unreachable"; address: string; reason: string; version?: undefined };

export interface CallInput {
  call: CallRow;
  run: RunRow;
  event: EngineEvent;
  /** Memoized results in completion order. */
  steps: Array<{ step_id: string; result: unknown }>;
}

/** One signed call request to the app's serve endpoint (SDK_SPEC 4.4), reduced to what happened. */
export async function invokeFunction(ctx: EngineContext, input: CallInput): Promise<CallOutcome> {
  const { call, run, event, steps } = input;
  // The address of the app's latest sync, not the one the run started with: the app may have moved since.
  const url = new URL(ctx.functions.get(run.function_id)?.url ?? run.config.url);
  url.searchParams.set("fnId", run.config.id);
  url.searchParams.set("stepId", call.step_id ?? "step");
  const stack = steps.map((step) => step.step_id);
  const body = canonicalJson({
    event,
    events: [event],
    steps: Object.fromEntries(steps.map((step) => [step.step_id, step.result])),
    // No fn_id: its presence switches SDK v4 to async checkpointing against Inngest's checkpoint API.
    ctx: {
      run_id: run.id,
      attempt: call.attempt,
      max_attempts: run.config.maxAttempts,
      disable_immediate_execution: run.disable_immediate,
      use_api: false,
      stack: { stack, current: Math.max(stack.length - 1, 0) },
    },
    version: run.request_version ?? -1,
  });
  const headers: Record<string, string> = {
    "Content-Type": "application/json",
    "User-Agent": "inngest-embedded-engine",
    "X-Inngest-Signature": signatureHeader(body, ctx.signingKey),
    "X-Inngest-Server-Kind": "cloud",
    "X-Run-Id": run.id,
    "X-Request-Id": `${run.id}-${call.id}`,
  };
  if (run.request_version !== null) headers["X-Inngest-Req-Version"] = String(run.request_version);
  let response: Response | undefined;
  let text: string;
  try {
    response = await fetch(url, {
      method: "POST",
      headers,
      body,
      // undici's own fetch with the engine's client: the platform's fetch carries a different undici.
      dispatcher: ctx.dispatcher,
      signal: AbortSignal.any([ctx.shutdown, AbortSignal.timeout(ctx.requestTimeoutMs)]),
    });
    text = await response.text();
  } catch (error) {
    if (ctx.shutdown.aborted) throw error;
    const reason = describeFailure(error, ctx.requestTimeoutMs);
    if (!response && isConnectionFailure(error)) return { kind: "unreachable", address: url.origin, reason };
    // An answer cut off midway, or a step that ran past the engine's limit: the function's attempt.
    return { kind: "error", retriable: true, error: { name: "Error", message: `Could not reach ${url.origin}: ${reason}` } };
  }
  return interpretResponse(ctx, response, text);
}

/** Failures to connect, or a connection that closed before the app said anything (the process went away). */
const CONNECTION_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ENOTFOUND",
  "EAI_AGAIN",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "EHOSTDOWN",
  "EPIPE",
  "ETIMEDOUT",
  "UND_ERR_CONNECT_TIMEOUT",
  "UND_ERR_SOCKET",
  "UND_ERR_CLOSED",
]);

/** fetch wraps the socket's error in its cause; several addresses tried at once give an AggregateError. */
function isConnectionFailure(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: unknown }).code;
  if (typeof code === "string" && CONNECTION_CODES.has(code)) return true;
  if (error instanceof AggregateError && error.errors.some(isConnectionFailure)) return true;
  return isConnectionFailure(error.cause);
}

/** fetch says only "fetch failed"; the cause says what did (a timeout, a refused connection). */
function describeFailure(error: unknown, limitMs: number): string {
  if (!(error instanceof Error)) return String(error);
  if (error.name === "TimeoutError") return `no answer within the engine's limit of ${limitMs} ms`;
  const cause = error.cause instanceof Error ? `: ${error.cause.message}` : "";
  return `${error.message}${cause}`;
}

function interpretResponse(ctx: EngineContext, response: Response, text: string): CallOutcome {
  const rawVersion = Number(response.headers.get("x-inngest-req-version"));
  const version = Number.isInteger(rawVersion) && rawVersion > 0 ? rawVersion : undefined;
  const parsed = parseJson(text);
  if (response.status === 200 || response.status === 206) {
    // The SDK signs its responses with the same key; a mismatch means we reached something else.
    if (!verifySignatureHeader(response.headers.get("x-inngest-signature"), text, ctx.signingKey)) {
      return {
        kind: "error",
        retriable: true,
        version,
        error: { name: "Error", message: `The app's response (HTTP ${response.status}) is not signed with the engine's signing key` },
      };
    }
    if (response.status === 200) return { kind: "complete", output: parsed.ok ? parsed.value : text, version };
    const ops = parsed.ok ? (Array.isArray(parsed.value) ? parsed.value : [parsed.value]) : null;
    if (!ops || !ops.every(isStepOp)) {
      return { kind: "error", retriable: true, version, error: { name: "Error", message: "The app answered 206 without a list of step operations" } };
    }
    // A step that threw RetryAfterError asks for its retry delay in Retry-After.
    return { kind: "ops", ops, version, retryAfterMs: retryAfter(response.headers.get("retry-after")) };
  }
  const noRetry = response.headers.get("x-inngest-no-retry") === "true";
  const fallback =
    response.status === 401
      ? "The app refused the engine's signature (HTTP 401): are INNGEST_SIGNING_KEY of the app and the engine the same?"
      : `The app answered HTTP ${response.status}`;
  return {
    kind: "error",
    retriable: !noRetry,
    retryAfterMs: retryAfter(response.headers.get("retry-after")),
    version,
    error: response.status === 401 ? { name: "Error", message: fallback } : toSerializedError(parsed.ok ? parsed.value : text.slice(0, 2000), fallback),
  };
}

function parseJson(text: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false };
  }
}

function isStepOp(value: unknown): value is StepOp {
  return Boolean(value) && typeof value === "object" && typeof (value as StepOp).id === "string" && typeof (value as StepOp).op === "string";
}

/** Retry-After as seconds or, per SDK_SPEC, a date. */
function retryAfter(header: string | null): number | undefined {
  if (!header) return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const at = Date.parse(header);
  return Number.isFinite(at) ? Math.max(0, at - Date.now()) : undefined;
}
