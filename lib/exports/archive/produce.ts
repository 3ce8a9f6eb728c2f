import fs from "node:fs";
import path from "node:path";
import type { ProduceContext, Produced } from "../formats/context";
import { abortError, ExportRequestError } from "../errors";
import { produceText } from "../formats/text";
import { ProgressTracker } from "./progress";
import { manifestJson, readmeText } from "./readme";
import { realmsManifestJson, realmsReadmeText, type RealmProduced } from "./readme-realms";
import { ExportSession, type Sql } from "../query/session";
import type { ArchiveResult, ExportRequest, ProduceOptions } from "../types";
import { validateRequest } from "../query/validate";
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

/**
 * README.txt and manifest.json, the archive's last entries: what it holds, file by file. One realm is
 * described as it always was; several get a section each and their rows per realm.
 */
export function appendDescription(archive: ArchiveWriter, produced: RealmProduced[], date: Date): void {
  const [only] = produced;
  if (!only) throw new Error("an archive describes at least one realm");
  const formulaGuard = only.valid.req.options?.formulaGuard ?? true;
  const several = produced.length > 1;
  const files = produced.flatMap((p) => p.files);
  const rows = produced.reduce((n, p) => n + p.rowCount, 0);
  archive.append("README.txt", several ? realmsReadmeText(produced, date, formulaGuard) : readmeText(only.valid, files, date, rows, formulaGuard), false, date);
  archive.append("manifest.json", several ? realmsManifestJson(produced, date) : manifestJson(only.valid, files, date, rows), false, date);
}

/** The realms of one archive share one session, so they must agree on what the session and the files are. */
function sameArchive(reqs: ExportRequest[]): void {
  const [first, ...rest] = reqs;
  if (!first) throw new ExportRequestError("realm", "an archive needs at least one realm request");
  const differs = rest.find((r) => r.format !== first.format || r.timezone !== first.timezone || r.organizationId !== first.organizationId);
  if (differs) throw new ExportRequestError("realm", `the realms of one archive must share format, timezone and organization; ${differs.realm} does not`);
  const realms = reqs.map((r) => r.realm);
  if (new Set(realms).size !== realms.length) throw new ExportRequestError("realm", "each realm can be in an archive once");
}

/**
 * Runs the export and writes `<outDir>/<baseName>.zip` with the data file(s), README.txt and manifest.json.
 * Given several realm requests, they run one after the other in the same session and each realm's files
 * are named by the realm (`jobs.csv`, `lab-results.csv`); one request keeps `<baseName>.csv`.
 * The archive appears under its name only once complete; on failure or abort nothing is left behind, and
 * an abort rejects with an error named "AbortError".
 */
export async function produceArchive(sql: Sql, request: ExportRequest | ExportRequest[], opts: ProduceOptions): Promise<ArchiveResult> {
  const reqs = Array.isArray(request) ? request : [request];
  sameArchive(reqs);
  const valids = reqs.map((r) => validateRequest(r));
  const [valid] = valids;
  const [req] = reqs;
  if (!valid || !req) throw new ExportRequestError("realm", "an archive needs at least one realm request");
  const several = valids.length > 1;
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
    const ctx: Omit<ProduceContext, "valid"> = {
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
    const produced: RealmProduced[] = [];
    for (const one of valids) {
      if (signal.aborted) throw abortError(signal.reason);
      const out = await produce({ ...ctx, valid: one, baseName: several ? one.realm.id : opts.baseName });
      produced.push({ valid: one, ...out });
      progress.realmDone();
    }
    if (signal.aborted) throw abortError(signal.reason);
    const files = produced.flatMap((p) => p.files);
    const rowCount = produced.reduce((n, p) => n + p.rowCount, 0);
    // A partition's output holds its data files alone; the archive assembled from the partitions describes them.
    if (!opts.dataOnly) appendDescription(archive, produced, date);
    const written = await archive.finish();
    ok = true;
    progress.stop(true);
    return { ...written, fileName, rowCount, files, rowsByRealm: Object.fromEntries(produced.map((p) => [p.valid.realm.id, p.rowCount])) };
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
