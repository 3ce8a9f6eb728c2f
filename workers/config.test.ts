import os from "node:os";
import { describe, expect, it } from "vitest";
import { workerConfig } from "./config";

describe("workerConfig", () => {
  it("runs one worker per core beside the web app's port, serving at this machine's address, outside production", () => {
    const config = workerConfig({ NODE_ENV: "development", PORT: "3210" });
    expect(config).toMatchObject({ workers: os.availableParallelism(), port: 3211, host: undefined, serveOrigin: "http://127.0.0.1:3211" });
    expect(config.localOrigin).toBe("http://127.0.0.1:3211");
  });

  it("takes the count, port, address and origin it is given", () => {
    const config = workerConfig({ WORKERS: "3", WORKER_PORT: "4100", WORKER_HOST: "::1", INNGEST_SERVE_ORIGIN: "https://workers.example.com/" });
    expect(config).toMatchObject({ workers: 3, port: 4100, host: "::1", serveOrigin: "https://workers.example.com", localOrigin: "http://[::1]:4100" });
  });

  it("refuses production without a serve origin, saying what to set and why", () => {
    expect(() => workerConfig({ NODE_ENV: "production" })).toThrow(/INNGEST_SERVE_ORIGIN: required in production.*Host header/);
    expect(workerConfig({ NODE_ENV: "production", INNGEST_SERVE_ORIGIN: "https://w.example.com" }).serveOrigin).toBe("https://w.example.com");
  });

  it("names each bad setting in words a person can act on", () => {
    expect(() => workerConfig({ WORKERS: "0" })).toThrow("WORKERS: must be a whole number of processes from 1 to 256");
    expect(() => workerConfig({ WORKERS: "many" })).toThrow("WORKERS: must be a whole number of processes from 1 to 256");
    expect(() => workerConfig({ WORKER_PORT: "70000" })).toThrow("WORKER_PORT:");
    expect(() => workerConfig({ INNGEST_SERVE_ORIGIN: "workers" })).toThrow("INNGEST_SERVE_ORIGIN: must be an http(s) URL");
  });
});
