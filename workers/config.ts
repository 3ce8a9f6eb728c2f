import net from "node:net";
import os from "node:os";
import { EnvError, parseEnv } from "../lib/config/env";

export interface WorkerConfig {
  /** Worker processes; each one is a core's worth of export work. */
  workers: number;
  port: number;
  /** undefined: every interface. */
  host: string | undefined;
  /** What the functions are registered with, so what the engine or Inngest calls back. */
  serveOrigin: string;
  /** Where processes on this machine reach the workers (the launcher's health check and sync). */
  localOrigin: string;
  signingKey: string | undefined;
  trustedProxies: number;
}

/**
 * The workers' settings, derived from the validated configuration (lib/config/env.ts) here and nowhere
 * else (the launcher reads them through this too); a bad value throws EnvError, one line per variable. The serve
 * origin is never taken from a request: the SDK would otherwise register whatever Host a client sent with
 * its PUT, and the engine's calls (with their step data) would go there. In production it must be set;
 * elsewhere it is this machine at the worker port.
 */
export function workerConfig(source: Record<string, string | undefined> = process.env): WorkerConfig {
  const env = parseEnv(source);
  // Beside the web app by default, so two portals on one machine (each with its own PORT) do not collide.
  const workerPort = env.WORKER_PORT ?? (env.PORT < 65535 ? env.PORT + 1 : env.PORT - 1);
  const local = localOrigin(env.WORKER_HOST, workerPort);
  if (!env.INNGEST_SERVE_ORIGIN && env.NODE_ENV === "production")
    throw new EnvError([
      "INNGEST_SERVE_ORIGIN: required in production. Set it to the address the engine or Inngest reaches the workers at " +
        "(e.g. https://workers.example.com, the load balancer in front of them); it is never taken from a request's Host header, which a client can forge.",
    ]);
  return {
    workers: env.WORKERS ?? os.availableParallelism(),
    port: workerPort,
    host: env.WORKER_HOST,
    serveOrigin: (env.INNGEST_SERVE_ORIGIN ?? local).replace(/\/$/, ""),
    localOrigin: local,
    signingKey: env.INNGEST_SIGNING_KEY,
    trustedProxies: env.TRUSTED_PROXIES,
  };
}

function localOrigin(host: string | undefined, port: number): string {
  if (host === undefined || host === "0.0.0.0" || host === "::") return `http://127.0.0.1:${port}`;
  return `http://${net.isIPv6(host) ? `[${host}]` : host}:${port}`;
}

/** Where the functions are served on a worker, as on the web app before: the SDK's default path. */
export const SERVE_PATH = "/api/inngest";
