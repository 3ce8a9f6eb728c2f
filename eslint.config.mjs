// Lint for the whole repository: `npm run lint` (zero warnings allowed).
import { boundaries, nextPlugin, reactHooks, tseslint } from "@portal/lint";

const root = import.meta.dirname;

// Type-aware rules (no-unsafe-*, require-await, no-floating-promises, …) take a full run from about
// 15 s of CPU (19–47 s on two busy cores) to 40–52 s of CPU (39–116 s), so they are opt-in for now:
// `npm run lint:typed`.
const typed = process.env.LINT_TYPED === "1";

// lib/ modules a "use client" component may import for values: pure code with no server import.
// Every other lib/ module counts as server code on the client side of the boundary.
const clientSafeLib = [
  "lib/utils.ts",
  "lib/admin/limit-bounds.ts",
  "lib/export-requests/part-bounds.ts",
  "lib/exports/range.ts",
  "lib/export-requests/name.ts",
  "lib/workspaces/url.ts",
];

export default tseslint.config(
  {
    ignores: [
      "**/node_modules/**",
      ".next/**",
      ".data/**",
      ".build/**",
      "next-env.d.ts",
      "test-results/**",
      "playwright-report/**",
      "bench-results/**",
      "db/migrations/**",
    ],
  },
  {
    files: ["**/*.{ts,tsx,mts,mjs,js}"],
    extends: [typed ? tseslint.configs.recommendedTypeChecked : tseslint.configs.recommended],
    languageOptions: {
      parserOptions: typed ? { tsconfigRootDir: root, projectService: true } : { tsconfigRootDir: root },
    },
    linterOptions: { reportUnusedDisableDirectives: "error" },
  },
  {
    files: ["**/*.{ts,tsx}"],
    plugins: { "react-hooks": reactHooks, "@next/next": nextPlugin, portal: boundaries },
    rules: {
      ...reactHooks.configs.flat.recommended.rules,
      ...nextPlugin.configs["core-web-vitals"].rules,
      "portal/boundaries": ["error", { root, clientSafeLib }],
      // `_name` marks a deliberately unused binding (a destructured field left out, a callback slot).
      "@typescript-eslint/no-unused-vars": [
        "error",
        { argsIgnorePattern: "^_", varsIgnorePattern: "^_", caughtErrorsIgnorePattern: "^_", ignoreRestSiblings: true },
      ],
    },
    settings: { next: { rootDir: root } },
  },
  {
    // A file stays short enough to read in one sitting: 300 lines, every line counted (blank lines and
    // comments too, as `wc -l` counts them). Generated files (db/migrations, lockfiles, JSON) are not linted.
    files: ["**/*.{ts,tsx,mts,mjs,js}"],
    rules: { "max-lines": ["error", { max: 300, skipBlankLines: false, skipComments: false }] },
  },
  {
    // `async` marks functions that keep a Promise-returning contract without awaiting anything (server
    // actions, route handlers, storage adapters, fakes of an async interface); the rule would turn them into
    // hand-made Promise.resolve calls.
    files: ["**/*.{ts,tsx}"],
    rules: { "@typescript-eslint/require-await": "off" },
  },
  {
    // Tests read answers as parsed JSON (`any`) and assert on their shape, which fails on a wrong one, and
    // reject with odd reasons on purpose to try the error paths.
    files: ["**/*.test.ts", "e2e/**", "test/**"],
    rules: {
      "@typescript-eslint/no-unsafe-assignment": "off",
      "@typescript-eslint/no-unsafe-member-access": "off",
      "@typescript-eslint/no-unsafe-return": "off",
      "@typescript-eslint/no-unsafe-argument": "off",
      "@typescript-eslint/prefer-promise-reject-errors": "off",
    },
  },
  {
    // The config files and the lint rule itself are plain JavaScript, outside tsconfig's program.
    files: ["**/*.{mjs,js}"],
    extends: [tseslint.configs.disableTypeChecked],
  },
);
