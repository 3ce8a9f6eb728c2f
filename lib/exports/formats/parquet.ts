import fs from "node:fs";
import path from "node:path";
import type { Writable } from "node:stream";
import { DuckDBInstance, type DuckDBConnection } from "@duckdb/node-api";
import type { FieldType, RealmField } from "../../realms/catalog";
import { batches } from "../query/batch";
import { compileCopy, selectList } from "../query/compile";
import { DigestStream } from "../streams";
import type { ProduceContext, Produced } from "./context";
import { abortError } from "../errors";
import { PartSplitter, partName } from "./parts";
import { CopyTranscoder, type RowChunk } from "./transcode";
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

/**
 * Rows per Parquet row group (about 8 MB of events before compression). DuckDB holds the group it is
 * filling, so its memory rises and falls with each one; at 61,440 rows a 2,000,000-row export peaked up to
 * 16% above a 200,000-row one (the longer it runs, the higher the highest swing), at 30,720 within 7%, for
 * a file 0.1% larger.
 */
const ROW_GROUP_ROWS = 30_720;

/**
 * DuckDB's CSV reader keeps a few buffers of `buffer_size` per thread, and a row must fit in `max_line_size`.
 * Both start small, which keeps memory flat (about 250 MB), and grow only for an export with a huge row.
 */
function duckCopy(fields: RealmField[], source: string, target: string, longestRow: number): string {
  const columns = fields.map((f) => `${str(f.name)}: ${str(DUCK_TYPE[f.type])}`).join(", ");
  const maxLine = Math.max(8 << 20, longestRow + 1024);
  const csv = `read_csv(${str(source)}, header = false, auto_detect = false, columns = {${columns}}, delim = ',', quote = '"', escape = '"',
    allow_quoted_nulls = false, max_line_size = ${maxLine}, buffer_size = ${2 * maxLine})`;
  return `COPY (SELECT * FROM ${csv}) TO ${str(target)} (FORMAT parquet, COMPRESSION snappy, ROW_GROUP_SIZE ${ROW_GROUP_ROWS})`;
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
  // One thread: reading one CSV file on two was hardly faster, while the second thread's row groups
  // waited in memory to be written in order (peaks of 300–470 MB instead of about 250 MB).
  const duck = await DuckDBInstance.create(":memory:", { threads: "1", memory_limit: "192MB", temp_directory: ctx.tmpDir });
  let duckOpen = true;
  const closeDuck = () => {
    if (duckOpen) duck.closeSync();
    duckOpen = false;
  };
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
      checksum: false,
    });
    const transcoder = new CopyTranscoder(valid.fields, "csv", false);
    const stream = await session.copyOut(compileCopy(valid, selectList(valid.fields), "FORMAT csv"));
    ctx.onAbort(() => stream.destroy(abortError()));
    let rows = 0;
    let longestRow = 0;
    const take = async (rowChunk: RowChunk | null) => {
      if (!rowChunk) return;
      const ends = rowChunk.rowEnds;
      for (let i = 0, start = 0; i < ends.length; start = ends[i++]) longestRow = Math.max(longestRow, ends[i] - start);
      rows += ends.length;
      progress.rows = rows;
      await splitter.write(rowChunk);
    };
    for await (const chunk of batches(stream, { reuse: true })) {
      if (ctx.signal.aborted) throw abortError(ctx.signal.reason);
      await take(transcoder.push(chunk));
    }
    await take(transcoder.end());
    const csvParts = await splitter.finish();
    await Promise.all(parts.map((p) => (p.file.closed ? undefined : new Promise((resolve) => p.file.once("close", resolve)))));
    for (const part of parts) {
      if (ctx.signal.aborted) throw abortError(ctx.signal.reason);
      connection = await duck.connect();
      try {
        await connection.run(duckCopy(valid.fields, part.csv, part.parquet, longestRow));
      } catch (err) {
        if (ctx.signal.aborted) throw abortError(ctx.signal.reason);
        throw err;
      } finally {
        connection.closeSync();
        connection = undefined;
      }
      await fs.promises.rm(part.csv, { force: true });
    }
    // DuckDB's memory goes back before the archive is written, rather than sitting idle beside it.
    closeDuck();
    const files: ArchiveFile[] = [];
    for (const [i, part] of parts.entries()) files.push(await appendHashed(ctx, part.name, part.parquet, csvParts[i]?.rows ?? 0));
    return { files, rowCount: rows };
  } finally {
    for (const part of parts) part.file.destroy();
    closeDuck();
  }
}

/** Adds a finished file to the archive, hashing it as the archive reads it. */
async function appendHashed(ctx: ProduceContext, name: string, file: string, rows: number): Promise<ArchiveFile> {
  const digest = new DigestStream();
  const ended = new Promise<void>((resolve, reject) => {
    digest.on("end", resolve);
    digest.on("error", reject);
    // The archive destroys its entries when its own output fails; this one then never ends.
    digest.on("close", () => (digest.readableEnded ? resolve() : reject(new Error("The archive stopped reading this file"))));
  });
  const source = fs.createReadStream(file, { highWaterMark: 1 << 20 });
  source.on("error", (err) => digest.destroy(err));
  // Parquet pages are already compressed; deflating them again costs time and saves nothing.
  ctx.archive.append(name, source.pipe(digest), true, ctx.date);
  await ended;
  return { name, rows, bytes: digest.bytes, sha256: digest.sha256() };
}
