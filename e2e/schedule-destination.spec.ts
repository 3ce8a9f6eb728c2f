import { GetObjectCommand, ListObjectsV2Command, S3Client } from "@aws-sdk/client-s3";
import { expect, test } from "@playwright/test";
import { expectNoSeriousA11yViolations } from "./fixtures/axe";
import { asPortalPage } from "./fixtures/portal-origin";
import { startLocalS3, type LocalS3 } from "./fixtures/s3-portal";
import { ExportsPage, RESEARCH_TENANT_ID } from "./pages/exports-page";

/* A schedule's bucket set on its page: the run (a backfill of yesterday) lands in s3rver with its manifest, and the page says so. */

let s3: LocalS3 | undefined;
test.beforeAll(async () => {
  s3 = await startLocalS3("deliveries");
});
test.afterAll(async () => {
  await s3?.close();
});

test("a destination added on the schedule's page receives the run, and the page shows it delivered", async ({ page, baseURL }) => {
  const bucket = s3;
  if (!bucket) throw new Error("s3rver did not start");
  await new ExportsPage(page).signIn("analyst@acme.test");
  const portal = asPortalPage(page.request, baseURL);
  const name = `To the bucket ${Date.now()}`;
  const made = await portal.post("/api/v1/schedules", {
    data: {
      name,
      cadence: { every: "day", at: "00:30" },
      timezone: "UTC",
      mode: "fixed_window",
      tenantId: RESEARCH_TENANT_ID,
      scope: { type: "tenant" },
      realm: "jobs",
      fields: ["job_id", "submitted_at"],
      format: "csv",
    },
  });
  expect(made.status()).toBe(201);
  const { id } = (await made.json()) as { id: string };

  await page.goto(`/schedules/${id}`);
  const form = page.getByRole("form", { name: "Bucket destination" });
  await form.getByLabel("Bucket").fill(bucket.bucket);
  await form.getByLabel("Prefix (optional)").fill("portal/");
  await form.getByLabel("Endpoint (optional)").fill(bucket.endpoint);
  await form.getByLabel("Access key id").fill(bucket.credentials.accessKeyId);
  await form.getByLabel("Secret access key").fill(bucket.credentials.secretAccessKey);
  await form.getByRole("button", { name: "Add destination" }).click();
  await expect(page.getByTestId("schedule-destination")).toContainText(`s3://${bucket.bucket}/portal/ at ${bucket.endpoint} (access key …RVER)`);
  await expect(form.getByLabel("Secret access key")).toHaveValue("");
  await expect(form.getByLabel("Access key id")).toHaveValue("");

  // A bucket name S3 would refuse is refused in words.
  await form.getByLabel("Bucket").fill("Not_A_Bucket");
  await form.getByLabel("Access key id").fill("x");
  await form.getByLabel("Secret access key").fill("y");
  await form.getByRole("button", { name: "Save destination" }).click();
  await expect(form.getByRole("alert")).toContainText("The bucket name must be 3 to 63 lowercase letters");
  await expectNoSeriousA11yViolations(page, "the schedule's page with a refused destination");

  const yesterday = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
  expect((await portal.post(`/api/v1/schedules/${id}/backfill`, { data: { from: yesterday, to: yesterday } })).status()).toBe(202);
  await expect(async () => {
    await page.reload();
    await expect(page.getByTestId("run-delivery").first()).toContainText("Delivered", { timeout: 1_000 });
  }).toPass({ timeout: 120_000 });

  const client = new S3Client({ region: "us-east-1", endpoint: bucket.endpoint, forcePathStyle: true, credentials: bucket.credentials });
  const listed = await client.send(new ListObjectsV2Command({ Bucket: bucket.bucket, Prefix: `portal/${id}/` }));
  const keys = (listed.Contents ?? []).map((o) => o.Key ?? "");
  expect(keys).toHaveLength(2);
  const manifestKey = keys.find((k) => k.endsWith("/manifest.json")) ?? "";
  const manifest = JSON.parse((await (await client.send(new GetObjectCommand({ Bucket: bucket.bucket, Key: manifestKey }))).Body?.transformToString()) ?? "{}");
  expect(manifest.files[0].key).toBe(keys.find((k) => k.endsWith(".zip")));
  // The API's answer names the access key by its last 4 characters only.
  const answer = await (await portal.get(`/api/v1/schedules/${id}`)).text();
  expect(answer).toContain('"accessKeyId":"…RVER"');
  expect(answer).not.toContain(`"${bucket.credentials.secretAccessKey}"`);
});
