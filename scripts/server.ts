/**
 * The web app's HTTP server: Next.js's own request handler behind node:http. It exists for one reason:
 * Next drops Content-Length from route-handler responses, and multi-gigabyte downloads need it (browsers
 * show progress and time left; clients check the length before they trust a resume). Routes that know
 * their exact length send it as LENGTH_HEADER, and this server turns it back into Content-Length.
 */
import http from "node:http";
import path from "node:path";
import { fileURLToPath } from "node:url";
import next from "next";
import { LENGTH_HEADER } from "../lib/downloads/length-header";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const dev = process.argv.includes("--dev");
const port = Number(process.env.PORT || 3000);

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
