import { describe, expect, it } from "vitest";
import type { RealmField } from "../../realms/catalog";
import { FORMULA_START_CHARS, guardFormula, startsLikeFormula } from "./formula-guard";
import { CopyTranscoder } from "./transcode";

// Spelled out rather than taken from the module: these are the characters spreadsheets run as formulas.
const FORMULAS = ["=SUM(A1:A9)", "+1", "-2", "@me", "\tleading tab", "\rleading cr"];
const PLAIN = ["", "plain", "a=b", " =SUM(A1)", "'=already quoted", "1+1", "\nline", "日本語", "🎉=", "＝full-width"];

describe("the formula guard", () => {
  it("guards exactly text that starts with = + - @ tab or carriage return", () => {
    expect([...FORMULA_START_CHARS].sort()).toEqual(["\t", "\r", "+", "-", "=", "@"].sort());
    for (const text of FORMULAS) expect(guardFormula(text), JSON.stringify(text)).toBe(`'${text}`);
    for (const text of PLAIN) {
      expect(startsLikeFormula(text), JSON.stringify(text)).toBe(false);
      expect(guardFormula(text)).toBe(text);
    }
  });

  it("is the same rule in the CSV transcoder's byte loop, quoted or not", () => {
    const fields: RealmField[] = [{ name: "name", type: "text", description: "" }];
    const values = [...FORMULAS, ...PLAIN.filter((v) => v !== "")];
    const quoted = (v: string) => `"${v.replace(/"/g, '""')}"`;
    // COPY quotes a value only when it must (a quote, comma or line break in it); both paths are checked.
    const bare = values.filter((v) => !/["\n\r,]/.test(v));
    for (const [list, quote] of [[values, quoted] as const, [bare, (v: string) => v] as const]) {
      const out = new CopyTranscoder(fields, "csv", true).push(Buffer.from(list.map((v) => `${quote(v)}\n`).join("")));
      expect(out?.data.toString("utf8")).toBe(list.map((v) => `${quote(guardFormula(v))}\n`).join(""));
    }
    expect(bare.filter(startsLikeFormula)).toHaveLength(5);
  });
});
