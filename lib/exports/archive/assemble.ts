import fs from "node:fs";
import path from "node:path";
import type { Readable } from "node:stream";
import yauzl from "yauzl";
import { abortError } from "../errors";
import { validateRequest } from "../query/validate";
import type { ArchiveFile, ArchiveResult, ExportRequest } from "../types";
import { appendDescription } from "./produce";
import { ArchiveWriter } from "./zip";

/** One partition's output: a zip of its data files (see `dataOnly`), and those files as it listed them. */
export interface PartOutput {
  path: string;
  files: ArchiveFile[];
  /** The realm whose rows it holds; needed when the archive has several. */
  realm?: string;
}

export interface AssembleOptions {
  outDir: string;
  baseName: string;
  generatedAt: Date;
  signal?: AbortSignal;
}

const PART_SUFFIX = /-part-\d{4,}(?=\.[^.]+$)/;

/**
 * The names the files take in the archive. A file that is the only one of its kind (realm and format) keeps
 * the plain name; several of a kind (from several partitions, or parts the request asked for) are numbered
 * in order, `<name>-part-0001.csv` …, as the part splitter names them.
 */
export function assembledNames(parts: PartOutput[]): string[][] {
  const stem = (name: string) => name.replace(PART_SUFFIX, "");
  const counts = new Map<string, number>();
  for (const part of parts) for (const f of part.files) counts.set(stem(f.name), (counts.get(stem(f.name)) ?? 0) + 1);
  const seen = new Map<string, number>();
  return parts.map((part) =>
    part.files.map((f) => {
      const s = stem(f.name);
      if (counts.get(s) === 1) return s;
      const n = (seen.get(s) ?? 0) + 1;
      seen.set(s, n);
      return s.replace(/(\.[^.]+)$/, `-part-${String(n).padStart(4, "0")}$1`);
    }),
  );
}

const openZip = (file: string) =>
  new Promise<yauzl.ZipFile>((resolve, reject) => yauzl.open(file, { lazyEntries: true, autoClose: false }, (err, zip) => (err ? reject(err) : resolve(zip))));

/** Every entry of a zip, in order, with a way to read its compressed bytes as they are stored. */
async function entriesOf(zip: yauzl.ZipFile): Promise<yauzl.Entry[]> {
  return new Promise((resolve, reject) => {
    const entries: yauzl.Entry[] = [];
    zip.on("entry", (entry: yauzl.Entry) => {
      entries.push(entry);
      zip.readEntry();
    });
    zip.once("end", () => resolve(entries));
    zip.once("error", reject);
    zip.readEntry();
  });
}

/** A deflated entry's bytes undecompressed; a stored entry's bytes are its data. */
const rawStream = (zip: yauzl.ZipFile, entry: yauzl.Entry) =>
  new Promise<Readable>((resolve, reject) => {
    const done = (err: Error | null, stream: Readable) => (err ? reject(err) : resolve(stream));
    if (entry.compressionMethod === 0) zip.openReadStream(entry, done);
    else zip.openReadStream(entry, { decompress: false }, done);
  });

/**
 * Builds `<outDir>/<baseName>.zip` from partitions' outputs without querying again: every data entry is
 * copied compressed as it is (zip entries are independent), renamed to its place in the archive, and
 * README.txt and manifest.json list every file with its rows and sha256. The archive's own size and sha256
 * are those of the bytes written.
 */
export async function assembleArchive(request: ExportRequest | ExportRequest[], parts: PartOutput[], opts: AssembleOptions): Promise<ArchiveResult> {
  const reqs = Array.isArray(request) ? request : [request];
  const valids = reqs.map((r) => validateRequest(r));
  const signal = opts.signal ?? new AbortController().signal;
  const fileName = `${opts.baseName}.zip`;
  await fs.promises.mkdir(opts.outDir, { recursive: true });
  const archive = new ArchiveWriter(path.join(opts.outDir, fileName));
  const names = assembledNames(parts);
  const files: ArchiveFile[] = [];
  const placed: { realm?: string; file: ArchiveFile }[] = [];
  const open: yauzl.ZipFile[] = [];
  try {
    for (const [p, part] of parts.entries()) {
      if (signal.aborted) throw abortError(signal.reason);
      const zip = await openZip(part.path);
      open.push(zip);
      const byName = new Map((await entriesOf(zip)).map((e) => [e.fileName, e]));
      for (const [i, file] of part.files.entries()) {
        const entry = byName.get(file.name);
        if (!entry) throw new Error(`Partition output ${path.basename(part.path)} lacks ${file.name}`);
        const raw = { method: entry.compressionMethod, crc32: entry.crc32, size: entry.uncompressedSize, compressedSize: entry.compressedSize };
        archive.appendRaw(names[p][i], await rawStream(zip, entry), raw, opts.generatedAt);
        const named = { ...file, name: names[p][i] };
        files.push(named);
        placed.push({ realm: part.realm, file: named });
      }
    }
    // Each realm's files, rows and description; one realm holds every file.
    const produced = valids.map((valid) => {
      const own = placed.filter((x) => valids.length === 1 || x.realm === valid.realm.id).map((x) => x.file);
      return { valid, files: own, rowCount: rowsOf(valid.req, own) };
    });
    const rowCount = produced.reduce((n, p) => n + p.rowCount, 0);
    appendDescription(archive, produced, opts.generatedAt);
    const onAbort = () => void archive.abort();
    signal.addEventListener("abort", onAbort, { once: true });
    try {
      const written = await archive.finish();
      if (signal.aborted) throw abortError(signal.reason);
      return { ...written, fileName, rowCount, files, rowsByRealm: Object.fromEntries(produced.map((p) => [p.valid.realm.id, p.rowCount])) };
    } finally {
      signal.removeEventListener("abort", onAbort);
    }
  } catch (err) {
    await archive.abort();
    throw signal.aborted ? abortError(signal.reason) : err;
  } finally {
    for (const zip of open) zip.close();
  }
}

/** Records in the archive: with two formats of the same rows (csv+ndjson), the rows of one of them. */
function rowsOf(req: ExportRequest, files: ArchiveFile[]): number {
  const first = req.format === "csv+ndjson" ? ".csv" : "";
  return files.filter((f) => f.name.endsWith(first)).reduce((n, f) => n + f.rows, 0);
}
