import { randomUUID } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import postgres from "postgres";
import yauzl from "yauzl";
import type { ExportRequest } from "./types";

/** Helpers shared by the export engine's tests (real Postgres from test/global-setup.ts). */
export function testSql(): postgres.Sql {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error("DATABASE_URL is not set; run the tests through vitest");
  return postgres(url, { max: 4, onnotice: () => {} });
}

export interface TestScope {
  organizationId: string;
  tenantId: string;
  projectId: string;
  appId: string;
}

export function newScope(): TestScope {
  return { organizationId: randomUUID(), tenantId: randomUUID(), projectId: randomUUID(), appId: randomUUID() };
}

export function outDir(name: string): string {
  const base = process.env.TEST_DATA_DIR ?? fs.mkdtempSync("/tmp/exports-test-");
  const dir = path.join(base, `${name}-${randomUUID().slice(0, 8)}`);
  fs.mkdirSync(dir, { recursive: true });
  return dir;
}

export function request(scope: TestScope, over: Partial<ExportRequest>): ExportRequest {
  return {
    organizationId: scope.organizationId,
    tenantId: scope.tenantId,
    scope: { type: "tenant" },
    realm: "jobs",
    dateFrom: "2025-03-29",
    dateTo: "2025-03-31",
    timezone: "Europe/Amsterdam",
    format: "csv",
    ...over,
  };
}

/** Every entry of a zip, read with yauzl (an independent reader), in archive order. */
export function unzip(file: string): Promise<Map<string, Buffer>> {
  return new Promise((resolve, reject) => {
    yauzl.open(file, { lazyEntries: true }, (err, zip) => {
      if (err || !zip) return reject(err);
      const entries = new Map<string, Buffer>();
      zip.on("entry", (entry: yauzl.Entry) => {
        zip.openReadStream(entry, (e, stream) => {
          if (e || !stream) return reject(e);
          const chunks: Buffer[] = [];
          stream.on("data", (c: Buffer) => chunks.push(c));
          stream.on("end", () => {
            entries.set(entry.fileName, Buffer.concat(chunks));
            zip.readEntry();
          });
          stream.on("error", reject);
        });
      });
      zip.on("end", () => resolve(entries));
      zip.on("error", reject);
      zip.readEntry();
    });
  });
}

/** Lists a directory including hidden files, to prove nothing temporary was left. */
export function listAll(dir: string): string[] {
  return fs.existsSync(dir) ? fs.readdirSync(dir) : [];
}
