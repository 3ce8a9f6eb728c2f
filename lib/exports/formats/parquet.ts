import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { Transform, type Writable } from "node:stream";
import { promisify } from "node:util";
import { DuckDBInstance, type DuckDBConnection } from "@duckdb/node-api";
import type { FieldType, RealmField } from "../../realms/catalog";
import { batches } from "../batch";
import { compileCopy, selectList } from "../compile";
import type { ProduceContext, Produced } from "../context";
import { abortError } from "../errors";
import { PartSplitter, partName } from "../parts";
import { CopyTranscoder } from "../transcode";
import type { ArchiveFile } from "../types";

const DUCK_TYPE: Record<FieldType, string> = {
  text: "VARCHAR",
  // Parquet readers disagree on the UUID logical type; the canonical text form reads everywhere.
  uuid: "VARCHAR",
  integer: "INTEGER",
  bigint: "BIGINT",
  double: "DOUBLE",
  timestamp: "TIMESTAMPTZ",
  json: "JSON",
};

const str = (s: string) => `'${s.replace(/'/g, "''")}'`;

function duckCopy(fields: RealmField[], fifo: string, target: string): string {
  const columns = fields.map((f) => `${str(f.name)}: ${str(DUCK_TYPE[f.type])}`).join(", ");
  const csv = `read_csv(${str(fifo)}, header = false, auto_detect = false, columns = {${columns}}, delim = ',', quote = '"', escape = '"',
    allow_quoted_nulls = false, parallel = false, max_line_size = 67108864, buffer_size = 134217728)`;
  return `COPY (SELECT * FROM ${csv}) TO ${str(target)} (FORMAT parquet, COMPRESSION snappy, ROW_GROUP_SIZE 122880)`;
}

interface DuckPart {
  name: string;
  parquet: string;
  fifo: string;
  sink: Transform;
  converted: Promise<void>;
}

/** Ends every pipe so DuckDB sees end of input and its COPY returns, even when the export is failing. */
async function stopParts(parts: DuckPart[], connections: DuckDBConnection[]): Promise<void> {
  connections.forEach((c) => c.interrupt());
  for (const part of parts) {
    part.sink.destroy();
    // Either end still waiting for the other would block forever; opening the other end briefly releases it.
    for (const flag of [fs.constants.O_RDONLY, fs.constants.O_WRONLY]) {
      await fs.promises.open(part.fifo, flag | fs.constants.O_NONBLOCK).then((fh) => fh.close(), () => {});
    }
  }
  await Promise.allSettled(parts.map((p) => p.converted));
}

/**
 * Parquet through DuckDB: Postgres COPY streams CSV (timestamps in UTC) through a named pipe into DuckDB,
 * which types the columns and writes row groups while the query still runs. A part limit starts a new
 * pipe and a new Parquet file, so parts split on exact row counts.
 */
export async function produceParquet(ctx: ProduceContext): Promise<Produced> {
  const { valid, session, progress, archive } = ctx;
  const duck = await DuckDBInstance.create(":memory:", { threads: "2", memory_limit: "384MB", temp_directory: ctx.tmpDir });
  const connections: DuckDBConnection[] = [];
  const parts: DuckPart[] = [];
  ctx.onAbort(() => connections.forEach((c) => c.interrupt()));
  try {
    const open = (name: string): Writable => {
      const fifo = path.join(ctx.tmpDir, `${name}.pipe`);
      const parquet = path.join(ctx.tmpDir, name);
      const sink = new Transform({
        highWaterMark: 1 << 20,
        transform: (chunk, _e, cb) => cb(null, chunk),
      });
      const converted = (async () => {
        await promisify(execFile)("mkfifo", [fifo]);
        const conn = await duck.connect();
        connections.push(conn);
        const run = conn.run(duckCopy(valid.fields, fifo, parquet));
        try {
          // Opening a pipe for writing waits for its reader; DuckDB opens it as its COPY starts.
          const writer = fs.createWriteStream(fifo, { highWaterMark: 1 << 20 });
          const piped = new Promise<void>((resolve, reject) => {
            writer.on("close", resolve);
            writer.on("error", reject);
            sink.on("close", () => sink.readableEnded || writer.destroy());
          });
          if (sink.destroyed) writer.destroy();
          sink.pipe(writer);
          await Promise.all([run, piped]);
        } finally {
          conn.closeSync();
        }
      })();
      converted.catch(() => {});
      parts.push({ name, parquet, fifo, sink, converted });
      return sink;
    };
    const splitter = new PartSplitter({
      name: partName(ctx.baseName, "parquet", ctx.numbered),
      open,
      header: Buffer.alloc(0),
      footer: Buffer.alloc(0),
      limits: ctx.limits,
      onBytes: (n) => (progress.bytes += n),
    });
    const transcoder = new CopyTranscoder(valid.fields, "csv", false);
    const stream = await session.copyOut(compileCopy(valid, selectList(valid.fields), "FORMAT csv"));
    ctx.onAbort(() => stream.destroy(abortError()));
    let rows = 0;
    for await (const chunk of batches(stream)) {
      if (ctx.signal.aborted) throw abortError(ctx.signal.reason);
      const rowChunk = transcoder.push(chunk);
      if (!rowChunk) continue;
      rows += rowChunk.rowEnds.length;
      progress.rows = rows;
      await splitter.write(rowChunk);
    }
    const tail = transcoder.end();
    if (tail) await splitter.write(tail);
    const csvParts = await splitter.finish();
    const files: ArchiveFile[] = [];
    for (const [i, part] of parts.entries()) {
      await part.converted;
      files.push(await appendHashed(ctx, part.name, part.parquet, csvParts[i].rows));
    }
    return { files, rowCount: rows };
  } catch (err) {
    await stopParts(parts, connections);
    throw err;
  } finally {
    duck.closeSync();
  }
}

/** Adds a finished file to the archive, hashing it as the archive reads it. */
async function appendHashed(ctx: ProduceContext, name: string, file: string, rows: number): Promise<ArchiveFile> {
  const hash = createHash("sha256");
  let bytes = 0;
  const hasher = new Transform({
    transform(chunk: Buffer, _e, cb) {
      hash.update(chunk);
      bytes += chunk.length;
      cb(null, chunk);
    },
  });
  const ended = new Promise<void>((resolve, reject) => {
    hasher.on("end", resolve);
    hasher.on("error", reject);
  });
  const source = fs.createReadStream(file, { highWaterMark: 1 << 20 });
  source.on("error", (err) => hasher.destroy(err));
  // Parquet pages are already compressed; deflating them again costs time and saves nothing.
  ctx.archive.append(name, source.pipe(hasher), true, ctx.date);
  await ended;
  return { name, rows, bytes, sha256: hash.digest("hex") };
}
