import fs from "node:fs";
import path from "node:path";
import { Readable } from "node:stream";
import { text } from "node:stream/consumers";
import S3rver from "s3rver";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort } from "../../../test/free-port";
import { parseEnv } from "../../config/env";
import { createStorageFromEnv } from "./env";
import { createLocalStorage } from "./local";
import { createS3Storage } from "./s3";
import type { ExportStorage } from "./types";
import { outDir } from "../../../test/exports/support";

const body = "0123456789".repeat(1000) + "é🎉";

async function contract(storage: ExportStorage, source: string) {
  expect(await storage.stat("exports/missing.zip")).toBeNull();
  await storage.delete("exports/missing.zip");
  const put = await storage.put("org/a/export one.zip".replace(" ", "_"), Readable.from([Buffer.from(body)]));
  expect(put.sizeBytes).toBe(Buffer.byteLength(body));
  expect(await text(await storage.get("org/a/export_one.zip"))).toBe(body);
  expect(await text(await storage.get("org/a/export_one.zip", { start: 5, end: 14 }))).toBe("5678901234");
  const fromFile = await storage.put("org/a/file.zip", source);
  expect(fromFile.sizeBytes).toBe(fs.statSync(source).size);
  const stat = await storage.stat("org/a/file.zip");
  expect(stat?.sizeBytes).toBe(fromFile.sizeBytes);
  expect(stat?.modifiedAt).toBeInstanceOf(Date);
  await storage.delete("org/a/file.zip");
  expect(await storage.stat("org/a/file.zip")).toBeNull();
  await expect(storage.put("../escape.zip", "x")).rejects.toThrow(/Invalid storage key/);
}

describe("local storage", () => {
  it("puts atomically, reads ranges, deletes idempotently, has no URL", async () => {
    const root = outDir("local-storage");
    const source = path.join(outDir("src"), "in.zip");
    fs.writeFileSync(source, body);
    const storage = createLocalStorage(root);
    await contract(storage, source);
    expect(await storage.downloadUrl("org/a/export_one.zip", { expiresInSeconds: 60, fileName: "x.zip" })).toBeNull();
    expect(fs.readdirSync(path.join(root, "org/a")).filter((f) => f.startsWith("."))).toEqual([]);
  });

  it("createStorageFromEnv: local by default under DATA_DIR/exports, clear errors for S3", async () => {
    const dataDir = outDir("env");
    await createStorageFromEnv(parseEnv({ DATA_DIR: dataDir })).put("org/env.zip", Readable.from([Buffer.from(body)]));
    expect(fs.readFileSync(path.join(dataDir, "exports/org/env.zip"), "utf8")).toBe(body);
    expect(() => parseEnv({ EXPORT_STORAGE: "s3" })).toThrow(/S3_BUCKET: required when EXPORT_STORAGE=s3/);
    expect(() => parseEnv({ EXPORT_STORAGE: "ftp" })).toThrow(/EXPORT_STORAGE: must be local or s3/);
  });
});

describe("S3 storage against s3rver", () => {
  let server: S3rver;
  let endpoint = "";
  beforeAll(async () => {
    const port = await freePort();
    server = new S3rver({ port, address: "127.0.0.1", silent: true, directory: outDir("s3rver"), configureBuckets: [{ name: "exports", configs: [] }] });
    await server.run();
    endpoint = `http://127.0.0.1:${port}`;
  });
  afterAll(() => server.close());

  const storage = () =>
    createStorageFromEnv(
      parseEnv({
        EXPORT_STORAGE: "s3",
        S3_BUCKET: "exports",
        S3_ENDPOINT: endpoint,
        S3_REGION: "us-east-1",
        S3_ACCESS_KEY_ID: "S3RVER",
        S3_SECRET_ACCESS_KEY: "S3RVER",
        S3_FORCE_PATH_STYLE: "true",
      }),
    );

  it("multipart upload, ranged reads, stat and delete", async () => {
    const source = path.join(outDir("s3src"), "in.zip");
    fs.writeFileSync(source, body);
    await contract(storage(), source);
    // Large enough for several 16 MiB parts.
    const big = Buffer.alloc(40 * 1024 * 1024, 7);
    expect((await storage().put("org/big.zip", Readable.from([big]))).sizeBytes).toBe(big.length);
  });

  it("path-style by default with S3_ENDPOINT (else the SDK would ask for exports.localhost, which does not resolve), and S3_FORCE_PATH_STYLE=yes reaches it too", async () => {
    const settings = {
      EXPORT_STORAGE: "s3",
      S3_BUCKET: "exports",
      S3_ENDPOINT: endpoint.replace("127.0.0.1", "localhost"),
      S3_ACCESS_KEY_ID: "S3RVER",
      S3_SECRET_ACCESS_KEY: "S3RVER",
    };
    for (const extra of [{}, { S3_FORCE_PATH_STYLE: "yes" }]) {
      const s = createStorageFromEnv(parseEnv({ ...settings, ...extra }));
      await s.put("org/style.zip", Readable.from([Buffer.from(body)]));
      expect(await text(await s.get("org/style.zip"))).toBe(body);
    }
  });

  it("presigned URLs download with the file name and expire", async () => {
    const s = storage();
    await s.put("org/dl.zip", Readable.from([Buffer.from(body)]));
    const url = await s.downloadUrl("org/dl.zip", { expiresInSeconds: 60, fileName: "jobs März.zip" });
    const res = await fetch(url ?? "");
    expect(res.status).toBe(200);
    expect(await res.text()).toBe(body);
    expect(res.headers.get("content-disposition")).toContain("filename*=UTF-8''jobs%20M%C3%A4rz.zip");
    const short = createS3Storage({ bucket: "exports", endpoint, region: "us-east-1", accessKeyId: "S3RVER", secretAccessKey: "S3RVER", forcePathStyle: true });
    const expiring = await short.downloadUrl("org/dl.zip", { expiresInSeconds: 1, fileName: "x.zip" });
    await new Promise((r) => setTimeout(r, 2100));
    expect((await fetch(expiring ?? "")).status).toBe(403);
  });
});
