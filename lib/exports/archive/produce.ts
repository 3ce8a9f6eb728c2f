import fs from "node:fs";
import path from "node:path";
import type { ProduceContext, Produced } from "../formats/context";
import { abortError, ExportRequestError } from "../errors";
import { produceText } from "../formats/text";
import { ProgressTracker } from "./progress";
import { manifestJson, readmeText } from "./readme";
import { ExportSession, type Sql } from "../query/session";
import type { ArchiveFile, ArchiveResult, ExportRequest, ProduceOptions } from "../types";
import { validateRequest, type ValidRequest } from "../query/validate";
import { ArchiveWriter } from "./zip";

/** Parquet and XLSX load DuckDB and exceljs (about 25 MB each) only when an export needs them. */
async function produce(ctx: ProduceContext): Promise<Produced> {
  switch (ctx.valid.req.format) {
    case "csv":
    case "json":
    case "ndjson":
      return produceText(ctx, [ctx.valid.req.format]);
    case "csv+ndjson":
      return produceText(ctx, ["csv", "ndjson"]);
    case "parquet":
      return (await import("../formats/parquet")).produceParquet(ctx);
    case "xlsx":
      return (await import("../formats/xlsx")).produceXlsx(ctx);
  }
}

/** README.txt and manifest.json, the archive's last entries: what it holds, file by file. */
export function appendDescription(archive: ArchiveWriter, valid: ValidRequest, files: ArchiveFile[], date: Date, rowCount: number): void {
  const formulaGuard = valid.req.options?.formulaGuard ?? true;
  archive.append("README.txt", readmeText(valid, files, date, rowCount, formulaGuard), false, date);
  archive.append("manifest.json", manifestJson(valid, files, date, rowCount), false, date);
}

/**
 * Runs the export and writes `<outDir>/<baseName>.zip` with the data file(s), README.txt and manifest.json.
 * The archive appears under its name only once complete; on failure or abort nothing is left behind, and
 * an abort rejects with an error named "AbortError".
 */
export async function produceArchive(sql: Sql, req: ExportRequest, opts: ProduceOptions): Promise<ArchiveResult> {
  const valid = validateRequest(req);
  if (!/^[\w.-]{1,200}$/.test(opts.baseName) || opts.baseName.startsWith(".")) {
    throw new ExportRequestError("baseName", `baseName must be a plain file name, got ${JSON.stringify(opts.baseName)}`);
  }
  const signal = opts.signal ?? new AbortController().signal;
  if (signal.aborted) throw abortError(signal.reason);
  const now = opts.now ?? (() => new Date());
  await fs.promises.mkdir(opts.outDir, { recursive: true });
  const tmpDir = await fs.promises.mkdtemp(path.join(opts.outDir, `.${opts.baseName}-`));
  const fileName = `${opts.baseName}.zip`;
  const archive = new ArchiveWriter(path.join(opts.outDir, fileName));
  const progress = new ProgressTracker(opts.onProgress);
  const aborters: (() => void)[] = [];
  let session: ExportSession | undefined;
  const onAbort = () => {
    for (const fn of aborters) fn();
    void session?.cancel();
  };
  signal.addEventListener("abort", onAbort, { once: true });
  let ok = false;
  try {
    // Parquet stores instants, so DuckDB gets UTC; every other format prints the request's zone.
    session = await ExportSession.open(sql, req.format === "parquet" ? "UTC" : req.timezone, opts.sessionName ? { application_name: opts.sessionName } : {});
    const limits = { rows: opts.partRowLimit ?? Infinity, bytes: opts.partByteLimit ?? Infinity };
    const date = opts.generatedAt ?? now();
    const formulaGuard = req.options?.formulaGuard ?? true;
    const ctx: ProduceContext = {
      valid,
      session,
      archive,
      progress,
      baseName: opts.baseName,
      tmpDir,
      limits,
      xlsxSheetRows: opts.xlsxSheetRows,
      numbered: opts.partRowLimit !== undefined || opts.partByteLimit !== undefined,
      deflate: (opts.compression ?? "deflate") === "deflate",
      date,
      formulaGuard,
      signal,
      onAbort: (fn) => aborters.push(fn),
    };
    const { files, rowCount } = await produce(ctx);
    if (signal.aborted) throw abortError(signal.reason);
    // A partition's output holds its data files alone; the archive assembled from the partitions describes them.
    if (!opts.dataOnly) appendDescription(archive, valid, files, date, rowCount);
    const written = await archive.finish();
    ok = true;
    progress.stop(true);
    return { ...written, fileName, rowCount, files };
  } catch (err) {
    // A full disk shows first as a writer that stopped early; the archive knows the real reason.
    const failure = archive.outputError ?? err;
    await archive.abort();
    throw signal.aborted ? abortError(signal.reason) : failure;
  } finally {
    signal.removeEventListener("abort", onAbort);
    progress.stop(false);
    await session?.close(ok);
    await fs.promises.rm(tmpDir, { recursive: true, force: true });
  }
}
