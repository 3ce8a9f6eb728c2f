/**
 * Where one partition's time goes: `npx tsx scripts/bench/partition-profile.ts [--rows N]` loads N events rows
 * (default 250,000, one partition's worth) into its own embedded PostgreSQL and times, each with the CPU of
 * this process and of the database backend that ran the COPY: COPY alone (read by an async iterator, as the
 * export reads it, or by 'data' events), COPY + reshaping, and the whole archive stored and deflated. Each
 * stage's own cost is the difference to the one before. `--sample FILE` also writes the reshaped CSV there
 * (for measuring compression levels on it).
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { produceArchive } from "../../lib/exports/archive/produce";
import { batches } from "../../lib/exports/query/batch";
import { compileCopy, selectList } from "../../lib/exports/query/compile";
import { ExportSession } from "../../lib/exports/query/session";
import { validateRequest } from "../../lib/exports/query/validate";
import { estimateRows } from "../../lib/exports/query/estimate";
import { CopyTranscoder } from "../../lib/exports/formats/transcode";
import { onePartition } from "./one-partition";

const args = process.argv.slice(2);
const ROWS = Number(args.includes("--rows") ? args[args.indexOf("--rows") + 1] : 250_000);
const ticks = (pid: number) => {
  const f = fs.readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]?.split(" ") ?? [];
  return (Number(f[11]) + Number(f[12])) / 100;
};

const { sql, tmp, req, close } = await onePartition("Profile", ROWS, "csv");
try {
  const valid = validateRequest(req);
  console.log(`estimate: exact ${JSON.stringify(await estimateRows(sql, req))}, planner's ${JSON.stringify(await estimateRows(sql, req, { timeoutMs: 1 }))}`);
  const copySql = compileCopy(valid, selectList(valid.fields), "FORMAT csv");

  async function timed(name: string, work: (session: ExportSession, backend: number) => Promise<number>) {
    const session = await ExportSession.open(sql, "Europe/Amsterdam");
    const [{ pid }] = await session.conn<{ pid: number }[]>`select pg_backend_pid() as pid`;
    const pg0 = ticks(pid);
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    const bytes = await work(session, pid);
    const wall = (performance.now() - t0) / 1000;
    const cpu = process.cpuUsage(cpu0);
    const pg = ticks(pid) - pg0;
    await session.close(true);
    console.log(
      `${name.padEnd(34)} wall ${wall.toFixed(2)} s  node CPU ${((cpu.user + cpu.system) / 1e6).toFixed(2)} s  postgres CPU ${pg.toFixed(2)} s  ${(bytes / 1e6).toFixed(1)} MB; load ${os.loadavg()[0].toFixed(2)}`,
    );
  }
  const drain = async (session: ExportSession, transcode: boolean) => {
    const t = new CopyTranscoder(valid.fields, "csv", true);
    let n = 0;
    for await (const chunk of batches(await session.copyOut(copySql), { reuse: true })) n += transcode ? (t.push(chunk)?.data.length ?? 0) : chunk.length;
    return n;
  };
  // The same COPY read by 'data' events, each chunk as it arrives, instead of an async iterator.
  const byEvents = async (session: ExportSession) => {
    const stream = await session.copyOut(copySql);
    let n = 0;
    stream.on("data", (c: Buffer) => (n += c.length));
    await new Promise((resolve, reject) => stream.once("end", resolve).once("error", reject));
    return n;
  };
  const sample = args.includes("--sample") ? args[args.indexOf("--sample") + 1] : undefined;
  if (sample) {
    const t = new CopyTranscoder(valid.fields, "csv", true);
    const session = await ExportSession.open(sql, "Europe/Amsterdam");
    const out = fs.createWriteStream(sample);
    for await (const chunk of batches(await session.copyOut(copySql), { reuse: true })) {
      const rows = t.push(chunk);
      if (rows) out.write(rows.data);
    }
    await new Promise((resolve) => out.end(resolve));
    await session.close(true);
  }
  for (let round = 0; round < 2; round++) {
    await timed("COPY, received by data events", (s) => byEvents(s));
    await timed("COPY, received", (s) => drain(s, false));
    await timed("COPY, received, reshaped", (s) => drain(s, true));
    for (const compression of ["store", "deflate"] as const) {
      await timed(`archive, ${compression}`, async () => {
        const out = path.join(tmp, "out");
        const r = await produceArchive(sql, req, { outDir: out, baseName: "p", compression, dataOnly: true });
        fs.rmSync(out, { recursive: true, force: true });
        return r.sizeBytes;
      });
    }
  }
} finally {
  await close();
}
