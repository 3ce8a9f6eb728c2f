import { describe, expect, it } from "vitest";
import { parseEnv } from "@/lib/config/env";
import { ephemeralPortWarnings, ephemeralRange, portClashes } from "./ports";

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

describe("ephemeralPortWarnings", () => {
  it("names each configured port inside the range, and only those", () => {
    const warnings = ephemeralPortWarnings({ EMBEDDED_PG_PORT: 54329, PORT: 3000 }, [32768, 60999]);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain("EMBEDDED_PG_PORT=54329 lies in the ephemeral port range (32768–60999)");
  });

  it("reads the range the kernel uses", () => {
    const [low, high] = ephemeralRange();
    expect(low).toBeGreaterThan(1024);
    expect(high).toBeGreaterThan(low);
  });
});

describe("portClashes", () => {
  it("names a port that another part already listens on, with both names and the number", () => {
    expect(portClashes({ PORT: 4612, EMBEDDED_PG_PORT: 25432, INNGEST_ENGINE_PORT: 8288, WORKER_PORT: 4612 })).toEqual([
      "WORKER_PORT: must differ from PORT (both 4612); every part of the portal listens on a port of its own",
    ]);
    expect(portClashes({ PORT: 3000, EMBEDDED_PG_PORT: 3000, INNGEST_ENGINE_PORT: 3000 })).toHaveLength(2);
  });

  it("says nothing when every port is its own", () => {
    expect(portClashes({ PORT: 3000, EMBEDDED_PG_PORT: 25432, INNGEST_ENGINE_PORT: 8288, WORKER_PORT: 3001 })).toEqual([]);
  });
});
