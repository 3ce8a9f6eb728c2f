import { defineConfig } from "@playwright/test";
import base from "./playwright.config";

/*
 * Browser benchmarks (`npm run bench:ui`): the same portal as the e2e suite, but only e2e/bench/*.bench.ts,
 * which the normal suite's default test match leaves out. They print their measurements; they assert no times.
 */
export default defineConfig({
  ...base,
  testDir: "e2e/bench",
  testMatch: "**/*.bench.ts",
  reporter: "list",
});
