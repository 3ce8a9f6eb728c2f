import fs from "node:fs";
import path from "node:path";
import type { Writable } from "node:stream";
import { batches } from "../query/batch";
import { compileCopy, selectList } from "../query/compile";
import type { ProduceContext, Produced } from "./context";
import { abortError } from "../errors";
import { PartSplitter, partName } from "./parts";
import { CopyTranscoder, type RowChunk, type TextFormat } from "./transcode";
import type { ArchiveFile } from "../types";

const BOM = Buffer.from([0xef, 0xbb, 0xbf]);

function headerFooter(ctx: ProduceContext, format: TextFormat): { header: Buffer; footer: Buffer } {
  const names = ctx.valid.fields.map((f) => f.name);
  if (format === "csv") {
    const line = Buffer.from(`${names.join(",")}\n`);
    return { header: ctx.valid.req.options?.csvBom ? Buffer.concat([BOM, line]) : line, footer: Buffer.alloc(0) };
  }
  if (format === "json") return { header: Buffer.from(`[${JSON.stringify(names)}`), footer: Buffer.from("\n]\n") };
  return { header: Buffer.alloc(0), footer: Buffer.alloc(0) };
}

/**
 * CSV, JSON, NDJSON and csv+ndjson: one plain COPY (the database's fastest path) whose output Node reshapes
 * on the other core. The first format streams straight into the archive; a second one goes to temporary
 * files first because zip entries are written one after the other.
 */
export async function produceText(ctx: ProduceContext, formats: TextFormat[]): Promise<Produced> {
  const { valid, session, progress, archive } = ctx;
  const copy = compileCopy(valid, selectList(valid.fields), "FORMAT csv");
  const later: { name: string; file: string }[] = [];
  const outputs = formats.map((format, i) => {
    const open = (name: string): Writable => {
      if (i === 0) return archive.open(name, !ctx.deflate, ctx.date);
      const file = path.join(ctx.tmpDir, name);
      later.push({ name, file });
      return fs.createWriteStream(file, { highWaterMark: 1 << 20 });
    };
    const splitter = new PartSplitter({
      name: partName(ctx.baseName, format, ctx.numbered),
      open,
      ...headerFooter(ctx, format),
      limits: ctx.limits,
      onBytes: (n) => (progress.bytes += n),
    });
    return { transcoder: new CopyTranscoder(valid.fields, format, format === "csv" && ctx.formulaGuard), splitter };
  });

  const stream = await session.copyOut(copy);
  ctx.onAbort(() => stream.destroy(abortError()));
  let rows = 0;
  const take = async (i: number, rowChunk: RowChunk | null) => {
    if (!rowChunk) return;
    if (i === 0) {
      rows += rowChunk.rowEnds.length;
      progress.rows = rows;
    }
    await outputs[i].splitter.write(rowChunk);
  };
  for await (const chunk of batches(stream, { reuse: true })) {
    if (ctx.signal.aborted) throw abortError(ctx.signal.reason);
    for (const [i, out] of outputs.entries()) await take(i, out.transcoder.push(chunk));
  }
  const files: ArchiveFile[] = [];
  for (const [i, out] of outputs.entries()) {
    await take(i, out.transcoder.end());
    files.push(...(await out.splitter.finish()));
  }
  for (const { name, file } of later) archive.append(name, fs.createReadStream(file, { highWaterMark: 1 << 20 }), !ctx.deflate, ctx.date);
  return { files, rowCount: rows };
}
