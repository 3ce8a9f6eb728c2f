import { PassThrough, type Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { PartSplitter, partName } from "./parts";

/** Rows of the given lengths (each ending in a newline) as one chunk, the way the transcoder hands them over. */
function chunk(lengths: number[]) {
  const rows = lengths.map((n, i) => `${String.fromCharCode(97 + (i % 26)).repeat(n - 1)}\n`);
  const rowEnds: number[] = [];
  let end = 0;
  for (const r of rows) rowEnds.push((end += r.length));
  return { data: Buffer.from(rows.join("")), rowEnds };
}

async function split(lengths: number[], limits: { rows: number; bytes: number }) {
  const written = new Map<string, Buffer[]>();
  const splitter = new PartSplitter({
    name: partName("t", "csv", true),
    open: (name): Writable => {
      const sink = new PassThrough();
      written.set(name, []);
      sink.on("data", (b: Buffer) => written.get(name)?.push(b));
      return sink;
    },
    header: Buffer.from("h\n"),
    footer: Buffer.alloc(0),
    limits,
  });
  await splitter.write(chunk(lengths));
  const files = await splitter.finish();
  return files.map((f) => ({ ...f, text: Buffer.concat(written.get(f.name) ?? []).toString() }));
}

describe("the part splitter's byte limit", () => {
  it("ends a part before the row that would cross it, header included", async () => {
    const files = await split([10, 10, 10, 10, 10], { rows: Infinity, bytes: 25 });
    expect(files.map((f) => [f.rows, f.bytes])).toEqual([
      [2, 22],
      [2, 22],
      [1, 12],
    ]);
    for (const f of files) expect(f.text.startsWith("h\n")).toBe(true);
  });

  it("puts a row larger than the limit in a part of its own (the only part over the limit), and goes on", async () => {
    const files = await split([10, 100, 10], { rows: Infinity, bytes: 25 });
    expect(files.map((f) => [f.name, f.rows, f.bytes])).toEqual([
      ["t-part-0001.csv", 1, 12],
      ["t-part-0002.csv", 1, 102],
      ["t-part-0003.csv", 1, 12],
    ]);
  });
});
