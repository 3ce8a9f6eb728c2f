import type postgres from "postgres";
import type { FunctionConfig } from "./config";

/** The engine's connection pool (its own schema on the search path). */
export type Sql = postgres.Sql;

/** An event as it is sent to the engine (by the SDK, or by the engine itself). */
export interface IncomingEvent {
  name: string;
  data?: Record<string, unknown>;
  id?: string;
  ts?: number;
  user?: Record<string, unknown>;
  v?: string;
}

/** An event as functions see it. */
export interface EngineEvent {
  id: string;
  name: string;
  data: Record<string, unknown>;
  ts: number;
  user?: Record<string, unknown>;
  v?: string;
}

export interface StoredEvent {
  internalId: string;
  payload: EngineEvent;
}

export type RunStatus = "queued" | "running" | "completed" | "failed" | "cancelled";

export interface RunRow {
  id: string;
  function_id: string;
  event_internal_id: string;
  event_name: string;
  config: FunctionConfig;
  status: RunStatus;
  concurrency_keys: string[];
  disable_immediate: boolean;
  request_version: number | null;
  queued_at: Date;
}

export interface SerializedError {
  name: string;
  message: string;
  stack?: string;
  [key: string]: unknown;
}

export type CallKind = "discovery" | "step" | "wake";

export interface CallRow {
  id: string;
  run_id: string;
  kind: CallKind;
  step_id: string | null;
  attempt: number;
  status: "pending" | "done" | "cancelled";
  /** Set while the app cannot be reached: when the first call of this wait failed to connect. */
  unreachable_since: Date | null;
}

/** A step operation from a 206 response (SDK OutgoingOp). */
export interface StepOp {
  id: string;
  op: string;
  name?: string;
  displayName?: string;
  opts?: Record<string, unknown>;
  data?: unknown;
  error?: unknown;
}

export function toSerializedError(value: unknown, fallback: string): SerializedError {
  if (value && typeof value === "object") {
    const record = value as Record<string, unknown>;
    const message = typeof record.message === "string" ? record.message : typeof record.error === "string" ? record.error : fallback;
    return { ...record, name: typeof record.name === "string" ? record.name : "Error", message };
  }
  if (typeof value === "string" && value) return { name: "Error", message: value };
  return { name: "Error", message: fallback };
}
