import { Inngest } from "inngest";
import { describe, expect, it } from "vitest";
import { RequestSignalMiddleware, requestSignal } from "./request-signal";

const middleware = new RequestSignalMiddleware({ client: new Inngest({ id: "request-signal-test", isDev: true }) });

/** Runs `inside` as the SDK would run a step for a request made with these framework arguments. */
async function during(requestArgs: unknown[], inside: () => void): Promise<void> {
  const args = {
    fn: null,
    requestArgs,
    requestInfo: { headers: {}, method: "POST", url: new URL("http://127.0.0.1/api/inngest"), body: async () => ({}) },
    runId: "run-1",
    next: async () => {
      inside();
      return { status: 200, headers: {}, body: "" };
    },
  };
  await middleware.wrapRequest(args);
}

describe("requestSignal", () => {
  it("follows the Web Request of Next.js route handlers", async () => {
    const client = new AbortController();
    let seen: AbortSignal | undefined;
    await during([new Request("http://127.0.0.1/api/inngest", { method: "POST", signal: client.signal })], () => (seen = requestSignal()));
    expect(seen?.aborted).toBe(false);
    client.abort();
    expect(seen?.aborted).toBe(true);
  });

  it("is undefined outside a request", () => {
    expect(requestSignal()).toBeUndefined();
  });
});
