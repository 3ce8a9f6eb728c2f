import { DeleteObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { expect, test, type BrowserContext } from "@playwright/test";
import { downloadPath, requestExport, sha256, waitForDone } from "./fixtures/downloads";
import { asPortalPage } from "./fixtures/portal-origin";
import { downloadAudit, userIdOf, withPortalDb } from "./fixtures/portal-db";
import { startLocalS3, startPortal, type LocalS3, type SpawnedPortal } from "./fixtures/s3-portal";
import { ACME_ORGANIZATION_ID, ExportsPage } from "./pages/exports-page";

/*
 * The production storage path: a second portal keeps its archives in an S3-compatible bucket (s3rver) and
 * answers downloads with a short-lived presigned URL instead of streaming the file itself.
 */
test.describe.configure({ mode: "serial" });

const PRESIGN_SECONDS = 3;
let s3: LocalS3 | undefined;
let portal: SpawnedPortal | undefined;
let context: BrowserContext | undefined;

test.beforeAll(async ({ browser }) => {
  test.setTimeout(300_000);
  s3 = await startLocalS3();
  portal = await startPortal({
    EXPORT_STORAGE: "s3",
    S3_ENDPOINT: s3.endpoint,
    S3_BUCKET: s3.bucket,
    S3_REGION: "us-east-1",
    S3_FORCE_PATH_STYLE: "true",
    S3_ACCESS_KEY_ID: s3.credentials.accessKeyId,
    S3_SECRET_ACCESS_KEY: s3.credentials.secretAccessKey,
    S3_PRESIGN_SECONDS: String(PRESIGN_SECONDS),
  });
  context = await browser.newContext({ baseURL: portal.baseURL });
  await new ExportsPage(await context.newPage()).signIn("analyst@acme.test");
});

test.afterAll(async () => {
  await context?.close();
  await portal?.stop();
  await s3?.close();
});

test("a download redirects to a presigned URL that serves the archive and stops working after S3_PRESIGN_SECONDS", async () => {
  const api = context?.request;
  if (!api || !portal) throw new Error("the S3 portal did not start");
  const { id, sizeBytes, sha256: checksum } = await waitForDone(api, await requestExport(asPortalPage(api, portal?.baseURL)));

  const redirect = await api.get(downloadPath(id), { maxRedirects: 0 });
  expect(redirect.status()).toBe(302);
  expect(redirect.headers()["cache-control"]).toBe("no-store");
  const presigned = new URL(redirect.headers().location ?? "");
  expect(presigned.origin).toBe(s3?.endpoint);
  expect(presigned.pathname).toBe(`/${s3?.bucket}/${ACME_ORGANIZATION_ID}/${id}.zip`);
  expect(presigned.searchParams.get("X-Amz-Expires")).toBe(String(PRESIGN_SECONDS));
  const issuedAt = Date.now();

  // The URL needs no session: it is the signature that grants access, for a few seconds.
  const fetched = await fetch(presigned);
  expect(fetched.status).toBe(200);
  const bytes = Buffer.from(await fetched.arrayBuffer());
  expect(bytes.length).toBe(sizeBytes);
  expect(sha256(bytes)).toBe(checksum);
  expect(fetched.headers.get("content-disposition")).toMatch(/^attachment; filename="events_tenant-research_2026-01-01_to_2026-01-31\.zip"/);

  // Then it expires: S3 (and s3rver) refuse it with 403 "Request has expired".
  let refusal = "";
  await expect
    .poll(
      async () => {
        const res = await fetch(presigned);
        refusal = await res.text();
        return res.status;
      },
      { timeout: (PRESIGN_SECONDS + 10) * 1000, intervals: [500] },
    )
    .toBe(403);
  expect(Date.now() - issuedAt).toBeGreaterThanOrEqual((PRESIGN_SECONDS - 1) * 1000);
  expect(refusal).toContain("Request has expired");
  // A fresh request to the portal hands out a fresh URL.
  const again = await api.get(downloadPath(id), { maxRedirects: 0 });
  expect(again.status()).toBe(302);
  expect((await fetch(again.headers().location ?? "")).status).toBe(200);

  // The redirects are the downloads: audited with the archive's size, as the portal cannot see the bytes flow.
  const audit = await withPortalDb(
    async (sql) => ({ rows: await downloadAudit(sql, id), analyst: await userIdOf(sql, "analyst@acme.test") }),
    portal.databaseUrl,
  );
  expect(audit.rows.map((a) => [a.actorUserId, a.bytesServed])).toEqual([
    [audit.analyst, sizeBytes],
    [audit.analyst, sizeBytes],
  ]);
});

test("an archive removed from the bucket is reported as no longer available, not redirected to a 404", async () => {
  const api = context?.request;
  if (!api || !s3) throw new Error("the S3 portal did not start");
  const { id } = await waitForDone(api, await requestExport(asPortalPage(api, portal?.baseURL)));
  const client = new S3Client({ endpoint: s3.endpoint, region: "us-east-1", forcePathStyle: true, credentials: s3.credentials });
  await client.send(new DeleteObjectCommand({ Bucket: s3.bucket, Key: `${ACME_ORGANIZATION_ID}/${id}.zip` }));
  client.destroy();
  const res = await api.get(downloadPath(id), { maxRedirects: 0 });
  expect(res.status()).toBe(410);
  expect((await res.json()).detail).toMatch(/no longer available/);
});
