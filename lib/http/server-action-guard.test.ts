import { describe, expect, it } from "vitest";
import { serverActionRefusal } from "./server-action-guard";

const PORTAL = "http://localhost:3000";
const call = (headers: Record<string, string>, body?: BodyInit) =>
  new Request(`${PORTAL}/admin/members`, {
    method: "POST",
    headers: { host: "localhost:3000", "next-action": "60a5fda13063c92ef0825c628eb71752a873e03cd5", ...headers },
    body,
  });

function multipart(fields: Record<string, string>): FormData {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) form.set(k, v);
  return form;
}

describe("server action calls Next would answer with 500", () => {
  it("refuses a call from another port of the same host with 403", async () => {
    expect(await serverActionRefusal(call({ origin: "http://localhost:4000", "content-type": "text/plain;charset=UTF-8" }, "[]"), [PORTAL])).toEqual({
      status: 403,
      message: "This form was sent from another site, so it was refused. Open the portal and try again there.",
    });
    expect((await serverActionRefusal(call({ origin: "null" }, "[]"), [PORTAL]))?.status).toBe(403);
    // No Origin at all: refused too, unless the browser says the call is same-origin.
    expect((await serverActionRefusal(call({ "content-type": "text/plain;charset=UTF-8" }, "[]"), [PORTAL]))?.status).toBe(403);
    expect(await serverActionRefusal(call({ "sec-fetch-site": "same-origin", "content-type": "text/plain;charset=UTF-8" }, "[]"), [PORTAL])).toBeNull();
  });

  it("refuses a body that is not an encoded argument list with 400", async () => {
    const unreadable = [
      call({ origin: PORTAL, "content-type": "text/plain;charset=UTF-8" }, "garbage"),
      call({ origin: PORTAL, "content-type": "text/plain;charset=UTF-8" }, '{"a":1}'),
      call({ origin: PORTAL }, multipart({ a: "b" })),
      call({ origin: PORTAL }, multipart({ "1_email": "x@example.test" })),
      call({ origin: PORTAL }, multipart({ "0": "not json" })),
    ];
    for (const request of unreadable) {
      expect(await serverActionRefusal(request, [PORTAL])).toEqual({ status: 400, message: "This form could not be read. Reload the page and try again." });
    }
  });

  it("lets through what React sends: an argument list as text, or as the root of a form", async () => {
    expect(await serverActionRefusal(call({ origin: PORTAL, "content-type": "text/plain;charset=UTF-8" }, '[{},"$K1"]'), [PORTAL])).toBeNull();
    expect(await serverActionRefusal(call({ origin: PORTAL }, multipart({ "0": '["$undefined","$K1"]', "1_email": "x@example.test" })), [PORTAL])).toBeNull();
    // APP_URL behind a proxy that rewrites Host.
    expect(await serverActionRefusal(call({ origin: "https://exports.example.com", host: "10.0.0.5:3000" }, "[]"), ["https://exports.example.com"])).toBeNull();
  });
});
