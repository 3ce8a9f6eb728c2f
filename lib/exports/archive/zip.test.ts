import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { Readable } from "node:stream";
import zlib from "node:zlib";
import { describe, expect, it } from "vitest";
import { listAll, outDir, unzip } from "../../../test/exports/support";
import { ArchiveWriter, DEFLATE_LEVEL } from "./zip";

/** Text that compresses like an export does, with repeats further apart than deflate's 32 KiB window. */
function exportLikeText(bytes: number): Buffer {
  const rows: string[] = [];
  let size = 0;
  for (let i = 0; size < bytes; i++) {
    const row = `${i},2025-03-30T01:${String(i % 60).padStart(2, "0")}:00+01:00,"name ""${i % 977}""",${(i * 7919) % 100003}\n`;
    rows.push(row);
    size += row.length;
  }
  return Buffer.from(rows.join("")).subarray(0, bytes);
}

describe("ArchiveWriter", () => {
  const sizes = [0, 1, (1 << 20) - 1, 1 << 20, 3_500_000];

  it("writes deflated and stored entries of every size that an independent reader checks byte for byte", async () => {
    const dir = outDir("zip-writer");
    const zip = new ArchiveWriter(path.join(dir, "all.zip"));
    const want = new Map<string, Buffer>();
    const date = new Date("2025-03-30T12:00:00Z");
    for (const size of sizes) {
      const text = exportLikeText(size);
      const noise = randomBytes(size);
      want.set(`text-${size}.csv`, text).set(`noise-${size}.bin`, noise).set(`stored-${size}.csv`, text);
      // Streamed in uneven pieces, as exports write them.
      const pieces = (buf: Buffer) =>
        Readable.from(Array.from({ length: Math.ceil(buf.length / 70_001) }, (_, i) => buf.subarray(i * 70_001, (i + 1) * 70_001)));
      zip.append(`text-${size}.csv`, pieces(text), false, date);
      zip.append(`noise-${size}.bin`, pieces(noise), false, date);
      const entry = zip.open(`stored-${size}.csv`, true, date);
      entry.end(text);
    }
    zip.append("README.txt", "plain text entry", false, date);
    want.set("README.txt", Buffer.from("plain text entry"));
    const res = await zip.finish();

    expect(listAll(dir)).toEqual(["all.zip"]);
    const got = await unzip(res.path); // checks every entry's CRC-32 too
    expect([...got.keys()]).toEqual([...want.keys()]);
    for (const [name, data] of want) expect(got.get(name)?.equals(data), name).toBe(true);
    expect(res.sizeBytes).toBe(fs.statSync(res.path).size);
  });

  it("compresses as well as one zlib stream at the same level", async () => {
    const dir = outDir("zip-ratio");
    const text = exportLikeText(6_000_000);
    const zip = new ArchiveWriter(path.join(dir, "ratio.zip"));
    zip.append("data.csv", Readable.from([text]), false, new Date());
    const res = await zip.finish();
    const single = zlib.deflateRawSync(text, { level: DEFLATE_LEVEL }).length;
    expect(res.sizeBytes).toBeLessThan(single * 1.01 + 200);
    expect((await unzip(res.path)).get("data.csv")?.equals(text)).toBe(true);
  });

  it("abort leaves nothing behind", async () => {
    const dir = outDir("zip-abort");
    const zip = new ArchiveWriter(path.join(dir, "gone.zip"));
    const entry = zip.open("data.csv", false, new Date());
    entry.write(exportLikeText(2_000_000));
    await zip.abort();
    expect(listAll(dir)).toEqual([]);
  });
});

describe("ArchiveWriter failures", () => {
  it("an entry whose source fails fails the archive and leaves nothing", async () => {
    const dir = outDir("zip-source-error");
    const zip = new ArchiveWriter(path.join(dir, "broken.zip"));
    const source = new Readable({ read() {} });
    zip.append("data.csv", source, false, new Date());
    zip.append("README.txt", "after", false, new Date());
    source.push(exportLikeText(1_500_000));
    setTimeout(() => source.destroy(new Error("the database went away")), 50);
    await expect(zip.finish()).rejects.toThrow(/database went away/);
    await zip.abort();
    expect(listAll(dir)).toEqual([]);
  });
});
