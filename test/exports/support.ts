import { randomUUID } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import postgres from "postgres";
import yauzl from "yauzl";
import type { ExportRequest } from "../../lib/exports/types";

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
            const data = Buffer.concat(chunks);
            // yauzl does not check CRC-32s; the archive writer computes them with zlib, so check them here.
            const crc = referenceCrc32(data);
            if (crc !== entry.crc32) return reject(new Error(`${entry.fileName}: CRC-32 ${crc} in the data, ${entry.crc32} in the archive`));
            entries.set(entry.fileName, data);
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

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

/** The zip CRC-32, written out plainly so tests do not trust the implementation they check. */
export function referenceCrc32(data: Uint8Array): number {
  let c = 0xffffffff;
  for (const b of data) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/** Lists a directory including hidden files, to prove nothing temporary was left. */
export function listAll(dir: string): string[] {
  return fs.existsSync(dir) ? fs.readdirSync(dir) : [];
}
