import http from "node:http";

const MiB = 1024 * 1024;

/**
 * The largest request body the web app reads. Its JSON API, forms and server actions need a few kilobytes;
 * 1 MiB leaves ample room and matches Next's own default for server actions. The job engine's calls to the
 * workers' /api/inngest (workers/listener.ts) carry the run's earlier step results, so they may be larger
 * (Inngest caps a run's state at 32 MiB); those calls are signed and checked by the SDK.
 */
export const BODY_LIMIT_BYTES = MiB;
export const ENGINE_BODY_LIMIT_BYTES = 32 * MiB;

export function hasBody(req: http.IncomingMessage): boolean {
  const length = req.headers["content-length"];
  return req.headers["transfer-encoding"] !== undefined || (length !== undefined && length !== "0");
}

/**
 * Reads the body, counting the bytes as they arrive (a chunked body declares no length), and stops at the
 * limit: null then means "too large". Rejects when the client goes away mid-body.
 */
export function readBodyWithin(req: http.IncomingMessage, limit: number): Promise<Buffer | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const done = () => {
      req.off("data", onData).off("end", onEnd).off("error", onError).off("close", onClose);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        done();
        req.pause();
        resolve(null);
      } else chunks.push(chunk);
    };
    const onEnd = () => {
      done();
      resolve(Buffer.concat(chunks, size));
    };
    const onError = (error: Error) => {
      done();
      reject(error);
    };
    const onClose = () => onError(new Error("the client closed the connection before sending the whole body"));
    req.on("data", onData).on("end", onEnd).on("error", onError).on("close", onClose);
  });
}

/** The same request with its body already read, for a handler that reads the body as a stream. */
export function withBody(req: http.IncomingMessage, body: Buffer): http.IncomingMessage {
  const replay = new http.IncomingMessage(req.socket);
  const headers: http.IncomingHttpHeaders = { ...req.headers, "content-length": String(body.length) };
  delete headers["transfer-encoding"];
  replay.headers = headers;
  replay.rawHeaders = Object.entries(headers).flatMap(([name, value]) =>
    value === undefined ? [] : (Array.isArray(value) ? value : [value]).flatMap((v) => [name, v]),
  );
  replay.method = req.method;
  replay.url = req.url;
  replay.httpVersion = req.httpVersion;
  replay.httpVersionMajor = req.httpVersionMajor;
  replay.httpVersionMinor = req.httpVersionMinor;
  replay.trailers = req.trailers;
  replay.complete = true;
  replay.push(body);
  replay.push(null);
  return replay;
}

function size(bytes: number): string {
  return bytes % MiB === 0 ? `${bytes / MiB} MiB` : `${bytes.toLocaleString("en")} bytes`;
}

/** What is read and thrown away after a 413, at most, before the connection is cut. */
const DISCARD_BYTES = 64 * MiB;
const DISCARD_MS = 10_000;

/**
 * 413 as an RFC 9457 problem document. The rest of the body is then read and thrown away (within a bound
 * of bytes and time): a connection closed while the client is still sending is reset, and the client
 * would see a broken connection instead of this answer.
 */
export function answerTooLarge(req: http.IncomingMessage, res: http.ServerResponse, limit: number): void {
  const body = JSON.stringify({
    type: "about:blank",
    title: "Content too large",
    status: 413,
    detail: `The request body is larger than ${size(limit)}, the most the portal accepts. Send a smaller request; an export request needs only a few kilobytes.`,
    code: "too_large",
  });
  res.writeHead(413, {
    "Content-Type": "application/problem+json",
    "Cache-Control": "no-store",
    "Content-Length": Buffer.byteLength(body),
  });
  res.end(body);
  let discarded = 0;
  const cut = () => req.socket.destroy();
  const timer = setTimeout(cut, DISCARD_MS);
  req.on("data", (chunk: Buffer) => {
    discarded += chunk.length;
    if (discarded > DISCARD_BYTES) cut();
  });
  req.once("close", () => clearTimeout(timer));
  req.resume();
}
