import { describe, expect, it } from "vitest";
import type { RealmField } from "../../realms/catalog";
import { CopyTranscoder, type TextFormat } from "./transcode";

const fields: RealmField[] = [
  { name: "id", type: "bigint", description: "" },
  { name: "at", type: "timestamp", description: "" },
  { name: "name", type: "text", description: "" },
  { name: "props", type: "json", description: "" },
  { name: "score", type: "double", description: "" },
];

// What Postgres COPY (FORMAT csv) prints for these columns, nasty values included.
const copy = [
  `1,2025-03-30 01:30:00+01,=SUM(A1),"{""a"": ""x,y""}",1.5\n`,
  `2,,"",,NaN\n`,
  `3,2025-03-30 03:30:00.123456+02,"line1\nline2 ""q""",[1],-Infinity\n`,
  `4,infinity,@x\ttab\u0001,{},-2.5e-10\n`,
  `5,1890-01-01 00:00:00+00:17:30,"\r-minus, comma","""text""",-0\n`,
  `6,2025-10-26 02:30:00-04,日本語 🎉,null,9007199254740993\n`,
].join("");

const expected: Record<TextFormat | "csv-unguarded", string> = {
  csv: [
    `1,2025-03-30T01:30:00+01:00,'=SUM(A1),"{""a"": ""x,y""}",1.5\n`,
    `2,,"",,NaN\n`,
    `3,2025-03-30T03:30:00.123456+02:00,"line1\nline2 ""q""",[1],-Infinity\n`,
    `4,infinity,'@x\ttab\u0001,{},-2.5e-10\n`,
    `5,1890-01-01T00:00:00+00:17:30,"'\r-minus, comma","""text""",-0\n`,
    `6,2025-10-26T02:30:00-04:00,日本語 🎉,null,9007199254740993\n`,
  ].join(""),
  "csv-unguarded": [
    `1,2025-03-30T01:30:00+01:00,=SUM(A1),"{""a"": ""x,y""}",1.5\n`,
    `2,,"",,NaN\n`,
    `3,2025-03-30T03:30:00.123456+02:00,"line1\nline2 ""q""",[1],-Infinity\n`,
    `4,infinity,@x\ttab\u0001,{},-2.5e-10\n`,
    `5,1890-01-01T00:00:00+00:17:30,"\r-minus, comma","""text""",-0\n`,
    `6,2025-10-26T02:30:00-04:00,日本語 🎉,null,9007199254740993\n`,
  ].join(""),
  ndjson: [
    `{"id":1,"at":"2025-03-30T01:30:00+01:00","name":"=SUM(A1)","props":{"a": "x,y"},"score":1.5}\n`,
    `{"id":2,"at":null,"name":"","props":null,"score":"NaN"}\n`,
    `{"id":3,"at":"2025-03-30T03:30:00.123456+02:00","name":"line1\\nline2 \\"q\\"","props":[1],"score":"-Infinity"}\n`,
    `{"id":4,"at":"infinity","name":"@x\\ttab\\u0001","props":{},"score":-2.5e-10}\n`,
    `{"id":5,"at":"1890-01-01T00:00:00+00:17:30","name":"\\r-minus, comma","props":"text","score":-0}\n`,
    `{"id":6,"at":"2025-10-26T02:30:00-04:00","name":"日本語 🎉","props":null,"score":9007199254740993}\n`,
  ].join(""),
  json: [
    `,\n[1,"2025-03-30T01:30:00+01:00","=SUM(A1)",{"a": "x,y"},1.5]`,
    `,\n[2,null,"",null,"NaN"]`,
    `,\n[3,"2025-03-30T03:30:00.123456+02:00","line1\\nline2 \\"q\\"",[1],"-Infinity"]`,
    `,\n[4,"infinity","@x\\ttab\\u0001",{},-2.5e-10]`,
    `,\n[5,"1890-01-01T00:00:00+00:17:30","\\r-minus, comma","text",-0]`,
    `,\n[6,"2025-10-26T02:30:00-04:00","日本語 🎉",null,9007199254740993]`,
  ].join(""),
};

/** Runs COPY output through a transcoder in the given pieces; returns the output and where rows end. */
function run(format: TextFormat, guard: boolean, pieces: Buffer[]): { text: string; rowEnds: number[] } {
  const t = new CopyTranscoder(fields, format, guard);
  const out: Buffer[] = [];
  const rowEnds: number[] = [];
  let offset = 0;
  for (const chunk of [...pieces.map((p) => t.push(p)), t.end()]) {
    if (!chunk) continue;
    expect(chunk.rowEnds.at(-1)).toBe(chunk.data.length);
    rowEnds.push(...chunk.rowEnds.map((e) => e + offset));
    offset += chunk.data.length;
    out.push(chunk.data);
  }
  return { text: Buffer.concat(out).toString("utf8"), rowEnds };
}

function splitAt(buf: Buffer, cuts: number[]): Buffer[] {
  const points = [0, ...cuts.sort((a, b) => a - b), buf.length];
  return points.slice(1).map((end, i) => buf.subarray(points[i], end));
}

describe("CopyTranscoder", () => {
  const input = Buffer.from(copy);
  const cases: [TextFormat, boolean, string][] = [
    ["csv", true, expected.csv],
    ["csv", false, expected["csv-unguarded"]],
    ["ndjson", false, expected.ndjson],
    ["json", false, expected.json],
  ];

  it.each(cases)("turns COPY output into %s (guard %s)", (format, guard, want) => {
    const { text, rowEnds } = run(format, guard, [input]);
    expect(text).toBe(want);
    expect(rowEnds).toHaveLength(6);
    if (format === "ndjson") for (const line of text.trimEnd().split("\n")) expect(() => JSON.parse(line)).not.toThrow();
    if (format === "json") expect(JSON.parse(`[["h"]${text}]`)).toHaveLength(7);
  });

  it.each(cases)("gives the same %s bytes (guard %s) wherever the input is cut", (format, guard, want) => {
    const whole = run(format, guard, [input]);
    // Every single cut point, including inside multi-byte characters, quotes and timestamps.
    for (let cut = 1; cut < input.length; cut++) expect(run(format, guard, splitAt(input, [cut]))).toEqual(whole);
    // One byte at a time: a row gathered across many chunks.
    expect(
      run(
        format,
        guard,
        splitAt(
          input,
          Array.from({ length: input.length - 1 }, (_, i) => i + 1),
        ),
      ),
    ).toEqual(whole);
    expect(whole.text).toBe(want);
  });

  it("gathers a row far longer than its chunks", () => {
    const long = "x".repeat(3_000_000);
    const buf = Buffer.from(`7,,"${long}",,1\n8,,short,,2\n`);
    const pieces = splitAt(
      buf,
      Array.from({ length: Math.floor(buf.length / 4096) }, (_, i) => (i + 1) * 4096),
    );
    const { text, rowEnds } = run("ndjson", false, pieces);
    const lines = text
      .trimEnd()
      .split("\n")
      .map((l) => JSON.parse(l));
    expect(lines).toEqual([
      { id: 7, at: null, name: long, props: null, score: 1 },
      { id: 8, at: null, name: "short", props: null, score: 2 },
    ]);
    expect(rowEnds).toEqual([text.indexOf("\n") + 1, Buffer.byteLength(text)]);
  });

  it("refuses output that ends inside a row or has the wrong number of columns", () => {
    const cut = new CopyTranscoder(fields, "csv", true);
    cut.push(Buffer.from(`1,,"open quote\n`));
    expect(() => cut.end()).toThrow(/ended inside a row/);
    const wrong = new CopyTranscoder(fields, "ndjson", false);
    expect(() => wrong.push(Buffer.from(`1,2\n`))).toThrow(/2 columns, expected 5/);
  });
});
