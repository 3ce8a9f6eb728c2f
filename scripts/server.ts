/**
 * The web app's HTTP server: Next.js's own request handler behind node:http. It exists because only here
 * is the connection known (see lib/http/request-listener.ts for what is done with it):
 * - Next drops Content-Length from route-handler responses, and multi-gigabyte downloads need it (browsers
 *   show progress and time left; clients check the length before they trust a resume). Routes that know
 *   their exact length send it as LENGTH_HEADER, and this server turns it back into Content-Length.
 * - The connection's peer: the audit trail's client address, and whether the request came over loopback
 *   (the development mailbox answers nothing else).
 * - Request bodies are limited (1 MiB) by the bytes that arrive, not only by what Content-Length claims.
 */
import http from "node:http";
import path from "node:path";
import { fileURLToPath } from "node:url";
import next from "next";
import { listenPlan } from "../lib/http/listen";
import { portalRequestListener } from "../lib/http/request-listener";
import { configOrExit } from "./launcher/config";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const dev = process.argv.includes("--dev");
const env = configOrExit();

function listen(server: http.Server, host: string | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(env.PORT, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
}

async function main() {
  const plan = listenPlan(env);
  if (plan.warning) console.warn(`▲ ${plan.warning}`);
  const app = next({ dev, dir: root, port: env.PORT, hostname: "localhost" });
  const handle = app.getRequestHandler();
  await app.prepare();
  const listener = portalRequestListener(handle, { trustedProxies: env.TRUSTED_PROXIES });
  const servers: http.Server[] = [];
  const where: string[] = [];
  for (const { host, optional } of plan.addresses) {
    const server = http.createServer(listener);
    try {
      await listen(server, host);
      servers.push(server);
      where.push(host ?? "every interface");
    } catch (e) {
      // ::1 is only a courtesy for browsers that try IPv6 first; a machine without IPv6 lacks it.
      if (!optional) throw e;
    }
  }
  console.log(`▸ Web app listening on port ${env.PORT} (${where.join(", ")})${dev ? " (development)" : ""}`);
  const stop = () => void Promise.all(servers.map((s) => new Promise((r) => s.close(r)))).then(() => process.exit(0));
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
