import type http from "node:http";
import { answerTooLarge, ENGINE_BODY_LIMIT_BYTES, hasBody, readBodyWithin, withBody } from "../lib/http/body-limit";
import { CLIENT_ADDRESS_HEADER, clientAddress } from "../lib/http/client-address";
import { syncRefusal } from "../lib/http/inngest-sync";
import { SERVE_PATH } from "./config";

type Handle = (req: http.IncomingMessage, res: http.ServerResponse) => unknown;

/** The SDK answers errors itself; anything that still escapes is logged and answered, not left to crash the worker. */
function run(handle: Handle, req: http.IncomingMessage, res: http.ServerResponse) {
  Promise.resolve()
    .then(() => handle(req, res))
    .catch((error: unknown) => {
      console.error(`worker ${process.pid}: ${req.method} ${req.url} failed`, error);
      if (!res.headersSent)
        answer(res, 500, {
          type: "about:blank",
          title: "Internal error",
          status: 500,
          detail: "The worker failed to handle the call; the engine retries it.",
          code: "internal",
        });
      else res.destroy();
    });
}

function answer(res: http.ServerResponse, status: number, body: Record<string, unknown>, type = "application/problem+json") {
  const text = JSON.stringify(body);
  res.writeHead(status, { "Content-Type": type, "Cache-Control": "no-store", "Content-Length": Buffer.byteLength(text), "X-Content-Type-Options": "nosniff" });
  res.end(text);
}

/**
 * Why a sync (PUT) is refused, judged as the web app judged it: the address comes from the connection
 * (through TRUSTED_PROXIES hops of X-Forwarded-For), never from a header the client set under that name.
 */
function refusal(req: http.IncomingMessage, opts: { trustedProxies: number; signingKey: string | undefined }) {
  const headers = new Headers();
  const address = clientAddress(req.socket.remoteAddress, req.headers["x-forwarded-for"], opts.trustedProxies);
  if (address) headers.set(CLIENT_ADDRESS_HEADER, address);
  for (const name of ["authorization", "x-inngest-sync-kind", "x-inngest-signature"]) {
    const value = req.headers[name];
    if (typeof value === "string") headers.set(name, value);
  }
  return syncRefusal(headers, opts.signingKey);
}

/**
 * A worker's HTTP front: `GET /health` for the launcher and load balancers, the functions at
 * /api/inngest (the SDK verifies the engine's signatures), and nothing else. A sync needs the same
 * right as it did on the web app (lib/http/inngest-sync.ts). Bodies are counted as they arrive and cut
 * at 32 MiB, Inngest's ceiling on a run's state, which every call carries.
 */
export function workerRequestListener(handle: Handle, opts: { trustedProxies: number; signingKey: string | undefined }): http.RequestListener {
  return (req, res) => {
    const pathname = (req.url ?? "/").split("?")[0];
    if (pathname === "/health" && (req.method === "GET" || req.method === "HEAD")) return answer(res, 200, { status: "ok" }, "application/json");
    if (pathname !== SERVE_PATH) {
      return answer(res, 404, {
        type: "about:blank",
        title: "Not found",
        status: 404,
        detail: `A worker serves only ${SERVE_PATH} and /health.`,
        code: "not_found",
      });
    }
    if (req.method === "PUT") {
      const refused = refusal(req, opts);
      if (refused) return answer(res, 403, { type: "about:blank", title: "Forbidden", status: 403, detail: refused.message, code: refused.code });
    }
    if (!hasBody(req)) return run(handle, req, res);
    const limit = ENGINE_BODY_LIMIT_BYTES;
    if (Number(req.headers["content-length"]) > limit) return answerTooLarge(req, res, limit);
    readBodyWithin(req, limit).then(
      (body) => (body ? run(handle, withBody(req, body), res) : answerTooLarge(req, res, limit)),
      () => req.socket.destroy(),
    );
  };
}
