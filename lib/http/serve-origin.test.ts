import { describe, expect, it } from "vitest";
import { serveOriginProblem } from "./serve-origin";

describe("serveOriginProblem", () => {
  it("refuses production without an explicit serve origin, saying what to set", () => {
    expect(serveOriginProblem({ NODE_ENV: "production" })).toContain("Neither INNGEST_SERVE_ORIGIN nor APP_URL is set");
    expect(serveOriginProblem({ NODE_ENV: "production" })).toContain("Host header");
  });

  it("accepts production with one, and development without", () => {
    expect(serveOriginProblem({ NODE_ENV: "production", INNGEST_SERVE_ORIGIN: "https://exports.example.com" })).toBeNull();
    expect(serveOriginProblem({ NODE_ENV: "production", APP_URL: "https://exports.example.com" })).toBeNull();
    expect(serveOriginProblem({ NODE_ENV: "development" })).toBeNull();
  });
});
