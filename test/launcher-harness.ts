/**
 * A launcher in miniature for scripts/launcher/processes.test.ts: the guard, an embedded PostgreSQL, a
 * child server and the workers (a cluster of two), started the way scripts/start.ts starts them. It prints
 * their pids once all are up.
 */
import fs from "node:fs";
import net from "node:net";
import path from "node:path";
import { startEmbeddedPostgres } from "../db/embedded";
import { startChild, startGuard, watch } from "../scripts/launcher/processes";

const [dataDir = "", pgPort = "0", webPort = "0", workerPort = "0"] = process.argv.slice(2);

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
const workers = startChild("The workers", process.execPath, ["--import", "tsx", path.resolve(import.meta.dirname, "../workers/main.ts")], {
  ...process.env,
  WORKERS: "2",
  WORKER_PORT: workerPort,
  WORKER_HOST: "127.0.0.1",
});
await listening(Number(webPort));
await listening(Number(workerPort));
// The cluster's worker processes are the primary's children; the launcher is told only of the primary.
const workerPids = async () => fs.readFileSync(`/proc/${workers.pid}/task/${workers.pid}/children`, "utf8").trim().split(/\s+/).filter(Boolean).map(Number);
while ((await workerPids()).length < 2) await new Promise((r) => setTimeout(r, 50));
console.log(JSON.stringify({ pg: pg.pid(), child: child.pid, workers: [workers.pid, ...(await workerPids())] }));
setInterval(() => {}, 60_000);
