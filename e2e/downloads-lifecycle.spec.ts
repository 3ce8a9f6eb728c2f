import fs from "node:fs";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { downloadPath, requestExport, sha256, waitForDone } from "./fixtures/downloads";
import { asPortalPage } from "./fixtures/portal-origin";
import { downloadAudit, downloadCounters, holdExportSlots, userIdOf, withPortalDb } from "./fixtures/portal-db";
import { ExportDetailPage } from "./pages/export-page";
import { ACME_ORGANIZATION_ID, attachScreenshot, openTab, RESEARCH_TENANT_ID } from "./pages/exports-page";

/* When the file is gone (expired, deleted, removed from storage) and what every download leaves behind. */

const ANALYST = "analyst@acme.test";

test("expired, deleted and vanished exports say so instead of serving or failing", async ({ page, baseURL }, testInfo) => {
  const tab = await openTab(page, ANALYST);
  const api = asPortalPage(page.request, baseURL);
  // Three different requests: identical ones would be one export.
  const [expiring, deleting, vanishing] = await Promise.all([
    requestExport(api),
    requestExport(api, { to: "2026-01-30" }),
    requestExport(api, { to: "2026-01-29" }),
  ]);
  for (const id of [expiring, deleting, vanishing]) await waitForDone(page.request, id);
  expect((await page.request.get(downloadPath(expiring))).status()).toBe(200);

  // Retention cannot be waited out in a test: move this export's expiry into the past, as if 30 days had gone by.
  const expiredAt = await withPortalDb(async (sql) => {
    const [row] = await sql<
      { expiresAt: Date }[]
    >`update exports set expires_at = now() - interval '1 hour' where id = ${expiring} returning expires_at as "expiresAt"`;
    return row?.expiresAt ?? new Date(Number.NaN);
  });
  const gone = await page.request.get(downloadPath(expiring));
  expect(gone.status()).toBe(410);
  expect(gone.headers()["content-type"]).toContain("application/problem+json");
  const problem = (await gone.json()) as { detail: string };
  expect(problem.detail).toContain(`expired on ${expiredAt.toISOString()}`);
  expect(problem.detail).toContain("Resubmit");

  // A person following the link lands on a page that says when it expired and offers to export it again.
  await page.goto(downloadPath(expiring));
  await expect(page).toHaveURL(new RegExp(`/exports/${expiring}/unavailable$`));
  await expect(page.getByText("This export has expired")).toBeVisible();
  await expect(page.getByText("Analytics events · Tenant Research · 2026-01-01 to 2026-01-31 (both included) · CSV")).toBeVisible();
  await expect(page.locator(`time[datetime="${expiredAt.toISOString()}"]`)).toHaveText(expiredAt.toUTCString());
  await page.getByRole("button", { name: "Resubmit" }).click();
  const resubmitted = await new ExportDetailPage(page).idFromUrl(ACME_ORGANIZATION_ID, RESEARCH_TENANT_ID);
  expect(resubmitted).not.toBe(expiring);
  await expect(page.getByTestId("export-title")).toHaveText("Analytics events · Tenant Research");
  await expect(page.getByTestId("export-status")).toHaveText(/^(Pending|Running|Done)/);
  await page.goto("/exports");
  const row = tab.row(resubmitted);
  await expect(row).toContainText("Analytics events");
  await expect(row).toContainText("Tenant Research");

  // Deleted from the table: the link no longer leads anywhere.
  await tab.rowAction(tab.row(deleting), "Delete");
  await tab.confirm("Delete export");
  await expect(page.getByText("Export deleted")).toBeVisible();
  await expect(tab.row(deleting)).toHaveCount(0);
  const deleted = await page.request.get(downloadPath(deleting));
  expect(deleted.status()).toBe(404);
  expect(await deleted.json()).toMatchObject({ status: 404, detail: "Export not found" });
  // A person following its link sees the portal's "not found" page, as for any export they may not see.
  const deletedPage = await page.goto(downloadPath(deleting));
  expect(deletedPage?.status()).toBe(404);
  await expect(page.getByText("Not found", { exact: true })).toBeVisible();
  await expect(page.getByRole("link", { name: "Go to your exports" })).toBeVisible();
  await attachScreenshot(page, testInfo, "download-not-found");

  // Someone removed the file from storage by hand: a clear 410, not a 500.
  const dataDir = process.env.E2E_DATA_DIR ?? "";
  const file = path.join(dataDir, "exports", ACME_ORGANIZATION_ID, `${vanishing}.zip`);
  expect(fs.existsSync(file), `the archive at ${file}`).toBe(true);
  fs.rmSync(file);
  const vanished = await page.request.get(downloadPath(vanishing));
  expect(vanished.status()).toBe(410);
  expect(vanished.headers()["content-type"]).toContain("application/problem+json");
  expect((await vanished.json()).detail).toMatch(/no longer available/);
  // A person following its link is told so, and can resubmit the same request.
  await page.goto(downloadPath(vanishing));
  await expect(page).toHaveURL(new RegExp(`/exports/${vanishing}/unavailable$`));
  await expect(page.getByText("This export's file is no longer available")).toBeVisible();
  await attachScreenshot(page, testInfo, "download-file-gone");
  await page.getByRole("button", { name: "Resubmit" }).click();
  const redone = await new ExportDetailPage(page).idFromUrl(ACME_ORGANIZATION_ID, RESEARCH_TENANT_ID);
  expect(redone).not.toBe(vanishing);
  await expect(page.getByTestId("export-title")).toContainText("Analytics events");
  await expect(page.getByTestId("export-status")).toHaveText(/^(Pending|Running|Done)/);
  await page.goto("/exports");
  await expect(tab.row(redone)).toContainText("Analytics events");
});

test("a link to an export without a file says why: still waiting its turn, or cancelled and ready to resubmit", async ({ page, baseURL }, testInfo) => {
  const tab = await openTab(page, ANALYST);
  const api = asPortalPage(page.request, baseURL);
  // The organization's exports are held back from starting, so one stays queued and the other is
  // cancelled before it could run.
  const held = await holdExportSlots(ACME_ORGANIZATION_ID);
  let cancelled = "";
  try {
    const [queued, toCancel] = await Promise.all([requestExport(api), requestExport(api, { to: "2026-01-30" })]);
    cancelled = toCancel;
    expect((await api.post(`/api/v1/exports/${cancelled}/cancel`)).status()).toBe(200);
    const notYet = await page.request.get(downloadPath(queued));
    expect(notYet.status()).toBe(409);
    expect((await notYet.json()).detail).toBe("This export is pending; there is no file to download.");

    await page.goto(downloadPath(queued));
    await expect(page).toHaveURL(new RegExp(`/exports/${queued}/unavailable$`));
    await expect(page.getByText("This export is not ready yet")).toBeVisible();
    await expect(page.getByText(/waiting for its turn\. You will get an email/)).toBeVisible();
    await expect(page.getByRole("link", { name: "Follow it in the Data Export tab" })).toHaveAttribute(
      "href",
      `/o/${ACME_ORGANIZATION_ID}/t/${RESEARCH_TENANT_ID}/exports/${queued}`,
    );

    await page.goto(downloadPath(cancelled));
    await expect(page).toHaveURL(new RegExp(`/exports/${cancelled}/unavailable$`));
    await expect(page.getByText("This export was cancelled")).toBeVisible();
    await attachScreenshot(page, testInfo, "download-cancelled");
  } finally {
    await held.release();
  }
  await page.getByRole("button", { name: "Resubmit" }).click();
  const again = await new ExportDetailPage(page).idFromUrl(ACME_ORGANIZATION_ID, RESEARCH_TENANT_ID);
  expect(again).not.toBe(cancelled);
  await expect(page.getByTestId("export-title")).toContainText("Analytics events");
  await page.goto("/exports");
  await expect(tab.row(again)).toContainText("Analytics events");
});

test("every download is audited with who, from where and how many bytes, and the table shows the count", async ({ page, baseURL }, testInfo) => {
  const tab = await openTab(page, ANALYST);
  const api = asPortalPage(page.request, baseURL);
  const { id, sizeBytes, sha256: checksum } = await waitForDone(page.request, await requestExport(api));
  await tab.page.getByRole("button", { name: "Refresh the list of exports" }).click();
  const row = tab.row(id);
  await row.getByRole("button", { name: /^Details of/ }).click();
  const details = page.locator(`#export-details-${id}`);
  await expect(details).toContainText("First downloadedNot yet");
  await expect(details).toContainText("Downloads0");

  // A HEAD (download managers ask first) is not a download.
  expect((await page.request.head(downloadPath(id))).status()).toBe(200);
  // 1. The table's Download button, in the browser.
  const [download] = await Promise.all([page.waitForEvent("download"), row.getByRole("link", { name: /^Download/ }).click()]);
  const file = testInfo.outputPath("audited.zip");
  await download.saveAs(file);
  expect(sha256(fs.readFileSync(file))).toBe(checksum);
  // 2. A script resuming from byte 100 (a partial response: audited, but not another download).
  const agent = `downloads-e2e/${testInfo.testId}`;
  // It also claims to come from elsewhere, which the audit trail must not believe (no proxy is trusted).
  const spoofed = { "X-Forwarded-For": "203.0.113.66", "X-Real-IP": "203.0.113.67", "X-Portal-Client-Address": "203.0.113.68" };
  const part = await page.request.get(downloadPath(id), { headers: { Range: "bytes=100-", "User-Agent": agent, ...spoofed } });
  expect(part.status()).toBe(206);
  // 3. The same script fetching the whole file.
  const whole = await page.request.get(downloadPath(id), { headers: { "User-Agent": agent } });
  expect(whole.status()).toBe(200);

  const { audit, counters, analystId, browserAgent } = await withPortalDb(async (sql) => ({
    audit: await downloadAudit(sql, id),
    counters: await downloadCounters(sql, id),
    analystId: await userIdOf(sql, ANALYST),
    browserAgent: await page.evaluate(() => navigator.userAgent),
  }));
  expect(audit.map((a) => ({ actor: a.actorUserId, agent: a.userAgent, bytes: a.bytesServed, range: a.details?.range ?? null }))).toEqual([
    { actor: analystId, agent: browserAgent, bytes: sizeBytes, range: null },
    { actor: analystId, agent, bytes: sizeBytes - 100, range: `100-${sizeBytes - 1}` },
    { actor: analystId, agent, bytes: sizeBytes, range: null },
  ]);
  // Everything here runs on this machine; the address is the loopback one, in whichever notation, also
  // for the request that claimed another.
  for (const a of audit) expect(a.ipAddress).toMatch(/^(127\.0\.0\.1|::1|::ffff:127\.0\.0\.1)$/);
  expect(counters.downloadCount).toBe(2);
  expect(counters.firstDownloadedAt?.getTime()).toBe(audit[0]?.createdAt.getTime());

  // The row's details show the same, in the portal's one date-and-time format, in the browser's timezone.
  await page.getByRole("button", { name: "Refresh the list of exports" }).click();
  await expect(details).toContainText("Downloads2");
  const firstShown = await page.evaluate(
    (iso) => new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeStyle: "long" }).format(new Date(iso)),
    counters.firstDownloadedAt?.toISOString() ?? "",
  );
  await expect(details).toContainText(`First downloaded${firstShown}`);
});
