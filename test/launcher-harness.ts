/**
 * A launcher in miniature for scripts/launcher/processes.test.ts: the guard, an embedded PostgreSQL and a
 * child server, started the way scripts/start.ts starts them. It prints their pids once all are up.
 */
import net from "node:net";
import { startEmbeddedPostgres } from "../db/embedded";
import { startChild, startGuard, watch } from "../scripts/launcher/processes";

const [dataDir = "", pgPort = "0", webPort = "0"] = process.argv.slice(2);

async function listening(port: number) {
  for (;;) {
    const ok = await new Promise<boolean>((resolve) => {
      const s = net.connect(port, "127.0.0.1", () => (s.destroy(), resolve(true))).once("error", () => resolve(false));
    });
    if (ok) return;
    await new Promise((r) => setTimeout(r, 50));
  }
}

await startGuard();
const pg = await startEmbeddedPostgres({ dataDir, port: Number(pgPort) });
watch(pg.pid() ?? undefined, "SIGINT");
const server = `require("node:http").createServer((q, s) => s.end("ok")).listen(${Number(webPort)}, "127.0.0.1")`;
const child = startChild("The child server", process.execPath, ["-e", server], process.env);
await listening(Number(webPort));
console.log(JSON.stringify({ pg: pg.pid(), child: child.pid }));
setInterval(() => {}, 60_000);
