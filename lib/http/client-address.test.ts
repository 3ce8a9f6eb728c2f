import { describe, expect, it } from "vitest";
import { clientAddress } from "./client-address";

describe("clientAddress", () => {
  it("is the connection's peer when no proxy is trusted, whatever X-Forwarded-For claims", () => {
    expect(clientAddress("192.0.2.10", "203.0.113.66", 0)).toBe("192.0.2.10");
    expect(clientAddress("192.0.2.10", undefined, 0)).toBe("192.0.2.10");
  });

  it("behind one trusted proxy, is the address that proxy appended, not what the client put before it", () => {
    // The client sent "X-Forwarded-For: 203.0.113.66"; the proxy appended the address it saw.
    expect(clientAddress("10.0.0.2", "203.0.113.66, 198.51.100.4", 1)).toBe("198.51.100.4");
    expect(clientAddress("10.0.0.2", "198.51.100.4", 1)).toBe("198.51.100.4");
  });

  it("behind two trusted proxies, counts two hops from the right; repeated headers count as one list", () => {
    expect(clientAddress("10.0.0.3", "203.0.113.66, 198.51.100.4, 10.0.0.2", 2)).toBe("198.51.100.4");
    expect(clientAddress("10.0.0.3", ["203.0.113.66, 198.51.100.4", "10.0.0.2"], 2)).toBe("198.51.100.4");
  });

  it("stops at the farthest address known when fewer proxies appended than are trusted", () => {
    expect(clientAddress("10.0.0.2", undefined, 1)).toBe("10.0.0.2");
    expect(clientAddress("10.0.0.2", " , ", 2)).toBe("10.0.0.2");
    expect(clientAddress("10.0.0.3", "198.51.100.4", 3)).toBe("198.51.100.4");
  });

  it("is null when nothing is known", () => {
    expect(clientAddress(undefined, undefined, 0)).toBeNull();
  });
});
