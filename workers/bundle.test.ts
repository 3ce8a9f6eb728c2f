import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { buildWorkers } from "./bundle";

/**
 * The packages a worker loads before it is ready: the entry's imports, static and dynamic (main.ts awaits
 * its dynamic imports before the worker takes calls), and the static imports of every chunk they load;
 * a chunk's own dynamic imports wait until that code runs.
 */
function loadedAtStart(entry: string): { packages: Set<string>; files: string[] } {
  const packages = new Set<string>();
  const files: string[] = [];
  const staticImport = /^import\s+(?:[^"']*?\s+from\s+)?["']([^"']+)["']/gm;
  const dynamicImport = /\bimport\(\s*["']([^"']+)["']\s*\)/g;
  const visit = (file: string) => {
    if (files.includes(file)) return;
    files.push(file);
    const code = fs.readFileSync(file, "utf8");
    const specs = [...code.matchAll(staticImport), ...(file === entry ? code.matchAll(dynamicImport) : [])].map((m) => m[1] ?? "");
    for (const spec of specs) {
      if (spec.startsWith(".")) visit(path.resolve(path.dirname(file), spec));
      else if (!spec.startsWith("node:")) packages.add(spec.startsWith("@") ? spec.split("/").slice(0, 2).join("/") : (spec.split("/")[0] ?? spec));
    }
  };
  visit(entry);
  return { packages, files };
}

/*
 * What a worker holds before any export is part of every export's peak memory (the workers bench's
 * "idle RSS"): the bundle must not load tsx, and the heavy packages only some steps need stay out of start.
 */
describe("the workers' bundle", () => {
  it("is plain JavaScript that loads the format writers, email rendering and the AWS SDK only when they are used", async () => {
    const entry = await buildWorkers();
    const { packages, files } = loadedAtStart(entry);
    // The functions and the serve handler are loaded at start (dynamic imports of main.ts, awaited before a worker is ready).
    expect(files.length).toBeGreaterThan(1);
    expect(packages).toContain("inngest");
    expect(packages).toContain("drizzle-orm");
    for (const heavy of [
      "tsx",
      "exceljs",
      "@duckdb/node-api",
      "@react-email/render",
      "@react-email/components",
      "react",
      "@aws-sdk/client-s3",
      "@aws-sdk/lib-storage",
    ])
      expect(packages, heavy).not.toContain(heavy);
    const all = fs.readdirSync(path.join(path.dirname(entry), "chunks")).map((n) => fs.readFileSync(path.join(path.dirname(entry), "chunks", n), "utf8"));
    // They are still in the bundle, as chunks of their own.
    expect(all.some((c) => c.includes('from "exceljs"'))).toBe(true);
    expect(all.some((c) => c.includes('from "@duckdb/node-api"'))).toBe(true);
  }, 60_000);
});
