import fs from "node:fs";
import path from "node:path";

// The engine (packages/inngest-engine) runs in its own process: of it, the web app bundles only the
// self-connect guard (through db/client.ts), so only that file's changes need a new build.
const SOURCES = [
  "app",
  "components",
  "db",
  "lib",
  "inngest",
  "public",
  "auth.ts",
  "proxy.ts",
  "next.config.ts",
  "package-lock.json",
  "postcss.config.mjs",
  "packages/inngest-engine/src/self-connect.ts",
];

function newestMtime(entry: string): number {
  if (!fs.existsSync(entry)) return 0;
  const stat = fs.statSync(entry);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const child of fs.readdirSync(entry)) {
    if (child === "node_modules" || child.endsWith(".test.ts")) continue;
    newest = Math.max(newest, newestMtime(path.join(entry, child)));
  }
  return newest;
}

/** Whether `next build` must run: no build yet, or a source file changed after the last one. */
export function needsBuild(root: string): boolean {
  const buildId = path.join(root, ".next", "BUILD_ID");
  if (!fs.existsSync(buildId)) return true;
  const built = fs.statSync(buildId).mtimeMs;
  return SOURCES.some((s) => newestMtime(path.join(root, s)) > built);
}
