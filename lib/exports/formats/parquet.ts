import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { Transform, type Writable } from "node:stream";
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

function duckCopy(fields: RealmField[], source: string, target: string): string {
  const columns = fields.map((f) => `${str(f.name)}: ${str(DUCK_TYPE[f.type])}`).join(", ");
  const csv = `read_csv(${str(source)}, header = false, auto_detect = false, columns = {${columns}}, delim = ',', quote = '"', escape = '"',
    allow_quoted_nulls = false, max_line_size = 67108864, buffer_size = 134217728)`;
  return `COPY (SELECT * FROM ${csv}) TO ${str(target)} (FORMAT parquet, COMPRESSION snappy, ROW_GROUP_SIZE 122880)`;
}

interface CsvPart {
  name: string;
  csv: string;
  parquet: string;
  file: fs.WriteStream;
}

/**
 * Parquet through DuckDB: Postgres COPY streams CSV (timestamps in UTC) into a scratch file per part, then
 * DuckDB types the columns and writes row groups from that file. A plain file (not a pipe) keeps the two
 * engines from waiting on each other: a pipe left half-open by a cancel or a slow reader could hang both.
 * A part limit starts a new file, so parts split on exact row counts.
 */
export async function produceParquet(ctx: ProduceContext): Promise<Produced> {
  const { valid, session, progress } = ctx;
  const parts: CsvPart[] = [];
  let connection: DuckDBConnection | undefined;
  ctx.onAbort(() => connection?.interrupt());
  const duck = await DuckDBInstance.create(":memory:", { threads: "2", memory_limit: "384MB", temp_directory: ctx.tmpDir });
  try {
    const open = (name: string): Writable => {
      const csv = path.join(ctx.tmpDir, `${name}.csv`);
      const file = fs.createWriteStream(csv, { highWaterMark: 1 << 20 });
      parts.push({ name, csv, parquet: path.join(ctx.tmpDir, name), file });
      return file;
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
    await Promise.all(parts.map((p) => (p.file.closed ? undefined : new Promise((resolve) => p.file.once("close", resolve)))));
    const files: ArchiveFile[] = [];
    for (const [i, part] of parts.entries()) {
      if (ctx.signal.aborted) throw abortError(ctx.signal.reason);
      connection = await duck.connect();
      try {
        await connection.run(duckCopy(valid.fields, part.csv, part.parquet));
      } catch (err) {
        if (ctx.signal.aborted) throw abortError(ctx.signal.reason);
        throw err;
      } finally {
        connection.closeSync();
        connection = undefined;
      }
      await fs.promises.rm(part.csv, { force: true });
      files.push(await appendHashed(ctx, part.name, part.parquet, csvParts[i]?.rows ?? 0));
    }
    return { files, rowCount: rows };
  } finally {
    for (const part of parts) part.file.destroy();
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
