import { describe, expect, it } from "vitest";
import { parseEnv } from "@/lib/config/env";

// Linux hands out 32768–60999 to outgoing connections (Windows and macOS 49152–65535). A server on such a
// port can find it taken by a client's own end while it is down, most often by a client retrying it.
const EPHEMERAL_FROM = 32768;

describe("default ports", () => {
  it("all lie below the ephemeral range", () => {
    const env = parseEnv({});
    for (const [name, port] of Object.entries({ PORT: env.PORT, EMBEDDED_PG_PORT: env.EMBEDDED_PG_PORT, INNGEST_ENGINE_PORT: env.INNGEST_ENGINE_PORT })) {
      expect(port, name).toBeLessThan(EPHEMERAL_FROM);
    }
  });
});
