import http from "node:http";
import type { AddressInfo } from "node:net";

export interface CapturedEmail {
  headers: http.IncomingHttpHeaders;
  body: { from: string; to: string | string[]; subject: string; html: string; text: string };
}

/** A local HTTP server that answers like Resend's POST /emails and keeps what it was sent. */
export async function startResendStandIn() {
  const received: CapturedEmail[] = [];
  const seenKeys = new Map<string, string>();
  const server = http.createServer((req, res) => {
    let raw = "";
    req.on("data", (c) => (raw += c));
    req.on("end", () => {
      if (req.method !== "POST" || req.url !== "/emails") {
        res.writeHead(404, { "content-type": "application/json" }).end(JSON.stringify({ message: "not found" }));
        return;
      }
      const key = req.headers["idempotency-key"];
      const existing = typeof key === "string" ? seenKeys.get(key) : undefined;
      if (existing) {
        res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ id: existing }));
        return;
      }
      const id = `email_${received.length + 1}`;
      if (typeof key === "string") seenKeys.set(key, id);
      received.push({ headers: req.headers, body: JSON.parse(raw) });
      res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ id }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, received, close: () => new Promise<void>((r) => server.close(() => r())) };
}
