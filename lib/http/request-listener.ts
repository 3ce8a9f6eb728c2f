import type http from "node:http";
import { LENGTH_HEADER } from "../downloads/length-header";
import { answerTooLarge, BODY_LIMIT_BYTES, hasBody, readBodyWithin, withBody } from "./body-limit";
import { CLIENT_ADDRESS_HEADER, clientAddress } from "./client-address";
import { isLoopbackAddress, LOOPBACK_PEER_HEADER } from "./loopback";

type Handle = (req: http.IncomingMessage, res: http.ServerResponse) => Promise<void> | void;

function restoreContentLength(res: http.ServerResponse) {
  const setHeader = res.setHeader.bind(res);
  res.setHeader = (name: string, value: number | string | readonly string[]) =>
    name.toLowerCase() === LENGTH_HEADER ? setHeader("Content-Length", value) : setHeader(name, value);
}

/** Headers only this server may set: whatever a client sent under these names is replaced or removed. */
function stampPeer(req: http.IncomingMessage, trustedProxies: number) {
  const address = clientAddress(req.socket.remoteAddress, req.headers["x-forwarded-for"], trustedProxies);
  if (address) req.headers[CLIENT_ADDRESS_HEADER] = address;
  else delete req.headers[CLIENT_ADDRESS_HEADER];
  if (isLoopbackAddress(req.socket.remoteAddress)) req.headers[LOOPBACK_PEER_HEADER] = "1";
  else delete req.headers[LOOPBACK_PEER_HEADER];
}

/**
 * What scripts/server.ts runs for every request before Next sees it: the peer headers, Content-Length
 * for downloads, and the body limit. A body is read in full (within its limit) before the app runs, so an
 * oversized one is refused with 413 before any route or server action has started on it.
 */
export function portalRequestListener(handle: Handle, opts: { trustedProxies: number }): http.RequestListener {
  return (req, res) => {
    restoreContentLength(res);
    stampPeer(req, opts.trustedProxies);
    if (!hasBody(req)) return void handle(req, res);
    const limit = BODY_LIMIT_BYTES;
    if (Number(req.headers["content-length"]) > limit) return answerTooLarge(req, res, limit);
    readBodyWithin(req, limit).then(
      (body) => (body ? void handle(withBody(req, body), res) : answerTooLarge(req, res, limit)),
      () => req.socket.destroy(),
    );
  };
}
