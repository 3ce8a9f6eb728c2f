import path from "node:path";
import { ESLint } from "eslint";
import { beforeAll, describe, expect, it } from "vitest";

// Linted through the repository's own eslint.config.mjs, as `npm run lint` applies it.
const root = path.resolve(import.meta.dirname, "../..");
let eslint: ESLint;

beforeAll(() => {
  eslint = new ESLint({ cwd: root });
});

/** A module of `count` lines, ending in a newline as Prettier writes it: code, a comment and a blank line in turn. */
function moduleOf(count: number): string {
  const kinds = (i: number) => [`export const v${i} = ${i};`, `// a comment, line ${i + 1}`, ""][i % 3];
  const lines = Array.from({ length: count }, (_, i) => kinds(i));
  return `${lines.join("\n")}\n`;
}

async function tooLong(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(root, file) });
  return result.messages.filter((m) => m.ruleId === "max-lines").map((m) => m.message);
}

describe("file length", () => {
  it.each(["lib/example.ts", "app/(portal)/example/page.tsx", "db/queries/example.ts", "lib/example.test.ts", "e2e/example.spec.ts", "scripts/example.mjs"])(
    "refuses a 301-line %s, counting its blank lines and comments",
    async (file) => {
      const found = await tooLong(file, moduleOf(301));
      expect(found).toHaveLength(1);
      expect(found[0]).toContain("Maximum allowed is 300");
    },
  );

  it("lets a file of exactly 300 lines pass", async () => {
    expect(await tooLong("lib/example.ts", moduleOf(300))).toEqual([]);
  });

  it("leaves generated migrations alone", async () => {
    const [result] = await eslint.lintText(moduleOf(400), { filePath: path.join(root, "db/migrations/example.js"), warnIgnored: false });
    expect(result).toBeUndefined();
  });
});
