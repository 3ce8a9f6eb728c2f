import { describe, expect, it } from "vitest";
import { parseRegistration } from "./config";

function body(fn: Record<string, unknown>) {
  return {
    url: "http://127.0.0.1:3000/api/inngest",
    appName: "portal",
    functions: [
      {
        id: "portal-run-export",
        name: "Run export",
        triggers: [{ event: "export/requested" }],
        steps: { step: { id: "step", name: "step", runtime: { type: "http", url: "http://127.0.0.1:3000/api/inngest?fnId=portal-run-export&stepId=step" } } },
        ...fn,
      },
    ],
  };
}

describe("parseRegistration", () => {
  it("normalises retries, concurrency and cancelOn", () => {
    const app = parseRegistration(
      body({
        concurrency: [{ key: "event.data.organizationId", limit: 2 }],
        cancel: [{ event: "export/cancelled", if: "event.data.exportId == async.data.exportId", timeout: "7d" }],
        steps: {
          step: {
            id: "step",
            name: "step",
            runtime: { type: "http", url: "http://x/api/inngest?fnId=portal-run-export&stepId=step" },
            retries: { attempts: 2 },
          },
        },
      }),
    );
    expect(app.functions[0]).toMatchObject({ id: "portal-run-export", maxAttempts: 3, concurrency: [{ key: "event.data.organizationId", limit: 2 }] });
    expect(parseRegistration(body({ concurrency: 5 })).functions[0]).toMatchObject({ maxAttempts: 4, concurrency: [{ limit: 5 }] });
  });

  it.each([
    [{ rateLimit: { limit: 1, period: "1m" } }, /uses "rateLimit"/],
    [{ throttle: { limit: 1, period: "1m" } }, /uses "throttle"/],
    [{ debounce: { period: "5s" } }, /uses "debounce"/],
    [{ batchEvents: { maxSize: 10, timeout: "5s" } }, /uses "batchEvents"/],
    [{ priority: { run: "1" } }, /uses "priority"/],
    [{ idempotency: "event.data.id" }, /uses "idempotency"/],
    [{ singleton: { mode: "skip" } }, /uses "singleton"/],
    [{ timeouts: { finish: "1h" } }, /uses "timeouts"/],
    [{ concurrency: [{ limit: 2, scope: "account", key: "x" }] }, /scope "account"/],
    [{ triggers: [{ event: "export/*" }] }, /wildcard/],
    [{ triggers: [{ event: "export/requested", expression: "event.data.x ==" }] }, /not valid CEL/],
    [{ triggers: [{ cron: "not a cron" }] }, /invalid cron/],
    [{ triggers: [{ cron: "* * * * *", jitter: "10s" }] }, /jitter/],
  ])("refuses %j", (options, message) => {
    expect(() => parseRegistration(body(options))).toThrow(message);
  });
});
