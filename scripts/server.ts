/**
 * The web app's HTTP server: Next.js's own request handler behind node:http. It exists for two reasons:
 * - Next drops Content-Length from route-handler responses, and multi-gigabyte downloads need it (browsers
 *   show progress and time left; clients check the length before they trust a resume). Routes that know
 *   their exact length send it as LENGTH_HEADER, and this server turns it back into Content-Length.
 * - Only here is the connection's peer known. The audit trail's client address is worked out from it
 *   (and from X-Forwarded-For as far as TRUSTED_PROXIES allows) and passed on as CLIENT_ADDRESS_HEADER.
 */
import http from "node:http";
import path from "node:path";
import { fileURLToPath } from "node:url";
import next from "next";
import { parseEnv } from "../lib/config/env";
import { LENGTH_HEADER } from "../lib/downloads/length-header";
import { CLIENT_ADDRESS_HEADER, clientAddress } from "../lib/http/client-address";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const dev = process.argv.includes("--dev");
const { PORT: port, TRUSTED_PROXIES: trustedProxies } = parseEnv();

function restoreContentLength(res: http.ServerResponse) {
  const setHeader = res.setHeader.bind(res);
  res.setHeader = (name: string, value: number | string | readonly string[]) =>
    name.toLowerCase() === LENGTH_HEADER ? setHeader("Content-Length", value) : setHeader(name, value);
}

async function main() {
  const app = next({ dev, dir: root, port, hostname: "localhost" });
  const handle = app.getRequestHandler();
  await app.prepare();
  const server = http.createServer((req, res) => {
    restoreContentLength(res);
    const address = clientAddress(req.socket.remoteAddress, req.headers["x-forwarded-for"], trustedProxies);
    if (address) req.headers[CLIENT_ADDRESS_HEADER] = address;
    else delete req.headers[CLIENT_ADDRESS_HEADER];
    void handle(req, res);
  });
  server.listen(port, () => console.log(`▸ Web app listening on port ${port}${dev ? " (development)" : ""}`));
  const stop = () => server.close(() => process.exit(0));
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
