// The portal's import boundaries as one ESLint rule. A hand-written rule rather than
// eslint-plugin-boundaries or import-x/no-restricted-paths because two of the boundaries key on
// things those plugins cannot see: the "use client" directive of the importing file and the
// `import "server-only"` marker of the imported one. Imports are resolved by path arithmetic
// (`@/x` is the repository root, `./x` and `../x` the importing file's folder), so the alias and a
// relative path are caught alike and no resolver or type information is needed.
import fs from "node:fs";
import { isBuiltin } from "node:module";
import path from "node:path";

const EXTENSIONS = [".ts", ".tsx", ".mts", ".js", ".mjs", "/index.ts", "/index.tsx"];

/** Repository-relative posix path of a module inside the repository, or null for a package. */
function resolveInRepo(root, fromFile, specifier) {
  let absolute;
  if (specifier.startsWith("@/")) absolute = path.join(root, specifier.slice(2));
  else if (specifier === "." || specifier === ".." || specifier.startsWith("./") || specifier.startsWith("../"))
    absolute = path.resolve(path.dirname(fromFile), specifier);
  else return null;
  return path.relative(root, absolute).split(path.sep).join("/");
}

const serverMarkers = new Map();
/** True when the imported file declares itself server-only (and is not a "use server" actions file). */
function marksServerOnly(root, target) {
  if (serverMarkers.has(target)) return serverMarkers.get(target);
  let server = false;
  for (const ext of ["", ...EXTENSIONS]) {
    const file = path.join(root, target + ext);
    if (!fs.existsSync(file) || !fs.statSync(file).isFile()) continue;
    const head = fs.readFileSync(file, "utf8").slice(0, 4000);
    server = /^\s*import\s+["']server-only["']/m.test(head) && !/^\s*["']use server["']/.test(head);
    break;
  }
  serverMarkers.set(target, server);
  return server;
}

function stripExtension(target) {
  return target.replace(/\.(tsx?|mts|m?js)$/, "").replace(/\/index$/, "");
}

const under = (target, folder) => target === folder || target.startsWith(`${folder}/`);
const ENGINE = "packages/inngest-engine";
const ENGINE_PACKAGE = "@portal/inngest-engine";
const isEnginePackage = (specifier) => specifier === ENGINE_PACKAGE || specifier.startsWith(`${ENGINE_PACKAGE}/`);
const isEngineTesting = (specifier) => specifier === `${ENGINE_PACKAGE}/testing` || specifier.startsWith(`${ENGINE_PACKAGE}/testing/`);
const isTest = (file) => /\.test\.tsx?$/.test(file);
const isAuth = (target) => stripExtension(target) === "auth";
const isNext = (specifier) => specifier === "next" || specifier.startsWith("next/");

/**
 * The boundary a given import crosses, as a sentence a developer can act on, or null.
 * `from` and `target` are repository-relative; `target` is null for a package import.
 */
function crossing({ from, client, specifier, target, typeOnly, clientSafeLib, root }) {
  if (under(from, ENGINE)) {
    if (target !== null && !under(target, ENGINE))
      return `${ENGINE}/ is a self-contained engine and imports nothing of the portal; pass what it needs in through its API`;
    if (!isTest(from) && !under(from, `${ENGINE}/testing`) && ((target !== null && under(target, `${ENGINE}/testing`)) || isEngineTesting(specifier)))
      return "the engine's production code never imports its test support (testing/); only tests do";
    return null;
  }
  if (target !== null && under(target, ENGINE))
    return `import the engine by its package name (${ENGINE_PACKAGE}, or a subpath its package.json exports), never by a path into it`;
  if (isEngineTesting(specifier) && !isTest(from) && !under(from, "test") && !under(from, "e2e"))
    return `${ENGINE_PACKAGE}/testing is test support: only tests and the shared test helpers (test/) import it`;
  // The shared test helpers (test/), browser specs (e2e/) and the benchmark (scripts/) drive the routes
  // themselves; production layers and tests that live beside them never reach up into app/.
  const driver = under(from, "test") || under(from, "e2e") || under(from, "scripts");
  if (target !== null && under(target, "app") && !under(from, "app") && !driver)
    return "app/ is the top layer: nothing outside it imports from it; move the shared code down into lib/ or components/";
  if (under(from, "lib")) {
    if (target === null && isNext(specifier)) return "lib/ is the domain and stays free of Next.js; keep next/* in app/ and pass plain values to lib/";
    if (target !== null && isAuth(target)) return "lib/ never imports auth.ts; resolve the session in app/ and pass the actor to lib/";
  }
  // The workers (workers/) serve the functions in plain Node, apart from the web app; app/ is kept out by the
  // rule above, and Next.js here would mean the web app's code had crept in.
  if (under(from, "workers") && target === null && isNext(specifier))
    return "workers/ run the functions in plain Node, apart from the web app; keep next/* in app/";
  if (under(from, "db") && target !== null && under(target, "lib"))
    return "db/ is below lib/ and never imports it; move what both need into db/ or call db/ from lib/";
  if (client && !typeOnly) {
    const server =
      (target === null && (specifier === "server-only" || specifier.startsWith("node:") || isBuiltin(specifier) || isEnginePackage(specifier))) ||
      (target !== null &&
        (under(target, "db") || isAuth(target) || (under(target, "lib") && !clientSafeLib.has(stripExtension(target))) || marksServerOnly(root, target)));
    if (server)
      return 'a "use client" component never imports a server module; import only its types, call a server action, or list a pure lib/ module as client-safe in eslint.config.mjs';
  }
  return null;
}

function isUseClient(program) {
  for (const statement of program.body) {
    if (statement.type !== "ExpressionStatement" || typeof statement.directive !== "string") return false;
    if (statement.directive === "use client") return true;
  }
  return false;
}

/** `import type {…}`, `import { type A, type B }` and `export type {…}` leave nothing at run time. */
function typeOnlyImport(node) {
  if (node.importKind === "type" || node.exportKind === "type") return true;
  const specifiers = node.specifiers ?? [];
  return specifiers.length > 0 && specifiers.every((s) => s.importKind === "type" || s.exportKind === "type");
}

const rule = {
  meta: {
    type: "problem",
    docs: { description: "Keeps the portal's layers apart: app/ → lib/, components/ → db/; the engine stands alone." },
    schema: [
      {
        type: "object",
        properties: {
          root: { type: "string" },
          clientSafeLib: { type: "array", items: { type: "string" } },
        },
        required: ["root"],
        additionalProperties: false,
      },
    ],
    messages: { crossing: '"{{specifier}}": {{why}}.' },
  },
  create(context) {
    const options = context.options[0];
    const root = options.root;
    const from = path.relative(root, context.filename).split(path.sep).join("/");
    if (from.startsWith("..")) return {};
    const clientSafeLib = new Set((options.clientSafeLib ?? []).map(stripExtension));
    let client = false;

    function check(node, sourceNode, typeOnly) {
      if (!sourceNode || sourceNode.type !== "Literal" || typeof sourceNode.value !== "string") return;
      const specifier = sourceNode.value;
      const target = resolveInRepo(root, context.filename, specifier);
      const why = crossing({ from, client, specifier, target, typeOnly, clientSafeLib, root });
      if (why) context.report({ node: sourceNode, messageId: "crossing", data: { specifier, why } });
    }

    return {
      Program(program) {
        client = isUseClient(program);
      },
      ImportDeclaration: (node) => check(node, node.source, typeOnlyImport(node)),
      ExportNamedDeclaration: (node) => check(node, node.source, typeOnlyImport(node)),
      ExportAllDeclaration: (node) => check(node, node.source, node.exportKind === "type"),
      ImportExpression: (node) => check(node, node.source, false),
      TSImportEqualsDeclaration: (node) => check(node, node.moduleReference?.expression, node.importKind === "type"),
    };
  },
};

export default { meta: { name: "portal-boundaries" }, rules: { boundaries: rule } };
