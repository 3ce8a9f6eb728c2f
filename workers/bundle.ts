/**
 * The workers run as plain JavaScript, built from workers/main.ts and the app's sources it imports with
 * esbuild, rather than through tsx: a process that transpiles TypeScript as it loads holds tsx's loader and
 * every transpiled module's source on top of the app. The bundle holds the app's own modules; packages
 * from node_modules stay imports that Node loads itself, and the dynamic imports (the Parquet and XLSX
 * writers, the functions) stay chunks of their own, loaded when first needed.
 *
 * Source maps are written beside the bundle; NODE_OPTIONS=--enable-source-maps makes stack traces name
 * the TypeScript sources (off by default: it costs each worker a few MB).
 *
 * Built on every start (it takes well under a second), so it is never older than the sources. The entry
 * is `.build/workers/main.mjs`; chunks are named by their content, and every file is written whole and then
 * renamed into place, so workers already running (which load a chunk when they first need it) and a build
 * running beside this one always find the files they name.
 */
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import * as esbuild from "esbuild";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
export const WORKER_BUNDLE_DIR = path.join(root, ".build", "workers");
/** What `node` runs to start the workers: the primary, whose cluster forks the same file. */
export const WORKER_ENTRY = path.join(WORKER_BUNDLE_DIR, "main.mjs");
/** Chunks of earlier builds are kept this long for workers that still run them, then removed. */
const KEEP_OLD_CHUNKS_MS = 24 * 60 * 60_000;

/** Bare imports stay imports, except the app's own paths (`@/…`) and the workspace's TypeScript packages. */
const packagesExternal: esbuild.Plugin = {
  name: "packages-external",
  setup(build) {
    build.onResolve({ filter: /^[^./]/ }, (args) =>
      args.path.startsWith("@/") || args.path.startsWith("@portal/") ? undefined : { path: args.path, external: true },
    );
  },
};

/** Builds the workers' bundle and returns its entry. */
export async function buildWorkers(): Promise<string> {
  const result = await esbuild.build({
    absWorkingDir: root,
    entryPoints: { main: "workers/main.ts" },
    bundle: true,
    splitting: true,
    format: "esm",
    platform: "node",
    target: "node20",
    outdir: WORKER_BUNDLE_DIR,
    outExtension: { ".js": ".mjs" },
    chunkNames: "chunks/[name]-[hash]",
    sourcemap: "linked",
    tsconfig: path.join(root, "tsconfig.json"),
    plugins: [packagesExternal],
    write: false,
    logLevel: "silent",
  });
  fs.mkdirSync(path.join(WORKER_BUNDLE_DIR, "chunks"), { recursive: true });
  const written = new Set<string>();
  // The entry last: until it is renamed into place, a new start still runs the previous build whole.
  const outputs = [...result.outputFiles].sort((a, b) => Number(a.path === WORKER_ENTRY) - Number(b.path === WORKER_ENTRY));
  for (const file of outputs) {
    written.add(file.path);
    const temporary = `${file.path}.${process.pid}.tmp`;
    fs.writeFileSync(temporary, file.contents);
    fs.renameSync(temporary, file.path);
  }
  removeOldChunks(written);
  return WORKER_ENTRY;
}

function removeOldChunks(current: Set<string>) {
  const chunks = path.join(WORKER_BUNDLE_DIR, "chunks");
  for (const name of fs.readdirSync(chunks)) {
    const file = path.join(chunks, name);
    if (current.has(file)) continue;
    try {
      if (Date.now() - fs.statSync(file).mtimeMs > KEEP_OLD_CHUNKS_MS) fs.rmSync(file, { force: true });
    } catch {
      // Removed by a build beside this one.
    }
  }
}

// `npm run worker` builds, then runs the entry with node.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await buildWorkers();
}
