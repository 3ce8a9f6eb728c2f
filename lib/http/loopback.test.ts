import { describe, expect, it } from "vitest";
import { listenPlan } from "./listen";
import { fromLoopbackPeer, isLoopbackAddress, LOOPBACK_PEER_HEADER } from "./loopback";

describe("isLoopbackAddress", () => {
  it("is true for this machine's loopback, in every spelling Node reports", () => {
    for (const a of ["127.0.0.1", "127.8.9.10", "::1", "::ffff:127.0.0.1", "0:0:0:0:0:0:0:1"]) expect(isLoopbackAddress(a), a).toBe(true);
  });

  it("is false for any other address, and for none", () => {
    for (const a of ["192.0.2.2", "::ffff:192.0.2.2", "10.0.0.1", "128.0.0.1", "::2", "fe80::1", "localhost", "", undefined])
      expect(isLoopbackAddress(a), String(a)).toBe(false);
  });

  it("reads only the header the server stamps", () => {
    expect(fromLoopbackPeer(new Headers({ [LOOPBACK_PEER_HEADER]: "1" }))).toBe(true);
    expect(fromLoopbackPeer(new Headers({ "x-forwarded-for": "127.0.0.1" }))).toBe(false);
  });
});

describe("listenPlan", () => {
  it("listens on loopback only in mailbox mode unless HOST says otherwise", () => {
    const plan = listenPlan({});
    expect(plan.addresses.map((a) => a.host)).toEqual(["127.0.0.1", "::1"]);
    expect(plan.warning).toBeNull();
    expect(plan.localOrigin(3000)).toBe("http://127.0.0.1:3000");
  });

  it("warns when HOST opens the web app to other machines while email goes to the mailbox", () => {
    const plan = listenPlan({ HOST: "0.0.0.0" });
    expect(plan.addresses.map((a) => a.host)).toEqual(["0.0.0.0"]);
    expect(plan.warning).toContain("HOST=0.0.0.0");
    expect(plan.warning).toContain("RESEND_API_KEY");
    expect(plan.localOrigin(3000)).toBe("http://127.0.0.1:3000");
    expect(listenPlan({ HOST: "192.0.2.2" }).localOrigin(80)).toBe("http://192.0.2.2:80");
    expect(listenPlan({ HOST: "::1" }).warning).toBeNull();
    expect(listenPlan({ HOST: "fd00::5" }).localOrigin(80)).toBe("http://[fd00::5]:80");
  });

  it("keeps every interface, without a warning, when email is delivered", () => {
    const plan = listenPlan({ RESEND_API_KEY: "re_x" });
    expect(plan.addresses.map((a) => a.host)).toEqual([undefined]);
    expect(plan.warning).toBeNull();
  });
});
