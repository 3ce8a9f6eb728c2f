import { expect, test } from "@playwright/test";
import Papa from "papaparse";
import postgres from "postgres";
import { readZip } from "./pages/archive";
import { holdExportSlots } from "./fixtures/portal-db";
import { asPortalPage } from "./fixtures/portal-origin";
import {
  ACME_ORGANIZATION_ID,
  attachScreenshot as screenshot,
  EXPORT_DATES,
  listExports,
  openTab,
  RESEARCH_TENANT_ID as TENANT_ID,
} from "./pages/exports-page";

/*
 * The Data Export tab against the real portal (`npm start`: embedded Postgres, job engine, next start).
 * These tests share one database and build on each other (the failed row copies the first export), so they run in order.
 */
test.describe.configure({ mode: "serial" });

const EVENTS_FIELDS = ["id", "event_time", "event_type", "device_id", "session_id", "platform", "country", "properties", "project_id", "app_id"];
const { from: FROM, to: TO } = EXPORT_DATES;

test("analyst requests an export, watches it run and downloads an archive that matches the request", async ({ page }, testInfo) => {
  const tab = await openTab(page, "analyst@acme.test");

  // The analyst role may export jobs and events only.
  await expect(tab.form.getByLabel("Realm").locator("option")).toHaveText(["Choose a realm…", "Compute jobs", "Analytics events"]);
  await expect(tab.form.getByLabel("Scope").locator("option")).toHaveText(["Current tenant", "A project", "One or more apps"]);

  await tab.fill({ realm: "Analytics events", from: FROM, to: TO, format: "CSV", timezone: "UTC" });
  const fields = tab.fieldsList("Analytics events");
  await expect(fields.getByRole("checkbox")).toHaveCount(EVENTS_FIELDS.length);
  for (const box of await fields.getByRole("checkbox").all()) await expect(box).toBeChecked();
  await expect(fields).toContainText("Event name, e.g. session_start or purchase");
  await expect(fields).toContainText("timestamp");

  // Leave two columns out, so the archive's columns say whether the choice was honoured.
  await fields.getByRole("checkbox", { name: /^properties/ }).uncheck();
  await fields.getByRole("checkbox", { name: /^device_id/ }).uncheck();
  const chosen = EVENTS_FIELDS.filter((f) => f !== "properties" && f !== "device_id");

  const samples = tab.sampleRows();
  await expect(samples.getByRole("row")).toHaveCount(6);
  await expect(samples.getByRole("columnheader")).toHaveText(chosen);

  await expect(tab.estimate).toHaveText(/^(About )?[\d,]+ rows · roughly [\d.]+ [KMG]?B before compression$/);
  const estimated = Number((await tab.estimate.textContent())?.match(/([\d,]+) rows/)?.[1]?.replaceAll(",", ""));
  expect(estimated).toBeGreaterThan(1_000);

  await tab.submit();
  await expect(page.getByText("Export queued")).toBeVisible();
  const id = await tab.newestId();
  const row = tab.row(id);
  await expect(row).toContainText("Tenant Research");
  await expect(row).toContainText("Analytics events");
  await expect(row).toContainText("You");

  // Watch the row the way a person does: the table refreshes itself while the export is active.
  const statuses: string[] = [];
  const percents: number[] = [];
  let runningShot = false;
  await expect
    .poll(
      async () => {
        const status = (await tab.status(row).allTextContents())[0] ?? "";
        const base = status.split(" · ")[0] ?? "";
        if (statuses.at(-1) !== base) statuses.push(base);
        if (base === "Running" || base === "Packaging") {
          const pct = Number.parseInt((await row.getByTestId("export-percent").allTextContents())[0] ?? "", 10);
          if (Number.isFinite(pct)) percents.push(pct);
          if (!runningShot) {
            runningShot = true;
            await screenshot(page, testInfo, "exports-first-running");
          }
        }
        return base;
      },
      { timeout: 110_000, intervals: [200] },
    )
    .toBe("Done");
  const seen = `${statuses.join(" → ")}; percentages ${percents.join(", ") || "none"}`;
  testInfo.annotations.push({ type: "statuses seen", description: seen });
  console.log(`statuses seen: ${seen}`);
  // The phases a run goes through (Planning and Packaging are short; the 2 s refresh may catch either).
  expect(statuses[0]).toMatch(/^(Pending|Planning|Running|Packaging|Done)$/);
  // Whether or not the 2 s refresh caught it, the export must have passed through running: it has a start time.
  const listed = (await listExports(page)).items.find((e) => e.id === id);
  expect(listed?.startedAt).toBeTruthy();
  expect(Date.parse(listed?.completedAt ?? "")).toBeGreaterThanOrEqual(Date.parse(listed?.startedAt ?? ""));
  for (let i = 1; i < percents.length; i++) expect(percents[i]).toBeGreaterThanOrEqual(percents[i - 1] ?? 0);
  await screenshot(page, testInfo, "exports-first-done");

  const shownRows = Number((await row.getByTestId("export-rows").textContent())?.replaceAll(",", ""));
  expect(shownRows).toBe(listed?.rowCount);

  const [download] = await Promise.all([page.waitForEvent("download"), row.getByRole("link", { name: /^Download/ }).click()]);
  const file = testInfo.outputPath("events-export.zip");
  await download.saveAs(file);
  await testInfo.attach("archive", { path: file, contentType: "application/zip" });
  const entries = await readZip(file);
  const names = [...entries.keys()];
  expect(names).toEqual(expect.arrayContaining(["README.txt", "manifest.json"]));
  const csvName = names.find((n) => n.endsWith(".csv"));
  expect(csvName, `a CSV file among ${names.join(", ")}`).toBeTruthy();
  const csv = Papa.parse<Record<string, string>>(entries.get(csvName ?? "")?.toString("utf8") ?? "", { header: true, skipEmptyLines: true });
  expect(csv.meta.fields).toEqual(chosen);
  expect(csv.data.length).toBe(shownRows);
  expect(csv.data.length).toBeGreaterThan(1_000);
  // Every record is inside the requested dates (UTC, both days included).
  for (const record of csv.data) {
    const t = Date.parse(record.event_time ?? "");
    expect(t).toBeGreaterThanOrEqual(Date.parse(`${FROM}T00:00:00Z`));
    expect(t).toBeLessThan(Date.parse("2026-07-01T00:00:00Z"));
  }
  const manifest = JSON.parse(entries.get("manifest.json")?.toString("utf8") ?? "{}");
  expect(JSON.stringify(manifest)).toContain(csvName ?? "");
  expect(manifestRows(manifest, csvName ?? "")).toBe(csv.data.length);
  expect(entries.get("README.txt")?.toString("utf8").length).toBeGreaterThan(0);

  // After a refresh, the details line records the download.
  await page.getByRole("button", { name: "Refresh the list of exports" }).click();
  await row.getByRole("button", { name: /^Details of/ }).click();
  await expect(page.locator(`#export-details-${id}`)).toContainText("Downloads1");
});

/** The row count the manifest gives for one data file, whatever its exact layout. */
function manifestRows(manifest: unknown, fileName: string): number | undefined {
  const files = (manifest as { files?: unknown }).files;
  const list = Array.isArray(files) ? files : files && typeof files === "object" ? Object.entries(files).map(([name, v]) => ({ name, ...(v as object) })) : [];
  const entry = list.find((f: { name?: string; path?: string; file?: string }) => [f.name, f.path, f.file].includes(fileName)) as
    { rows?: number; rowCount?: number } | undefined;
  return entry?.rows ?? entry?.rowCount;
}

test("analyst cancels a queued export, sees it Cancelled and resubmits it", async ({ page, baseURL }, testInfo) => {
  // A tenant's year of records exports in about a second, too fast to click Cancel in time. So the
  // organization's exports are held back from starting while the analyst queues two exports through the
  // API and a third with the form: the form's export then waits, Pending with its place in the queue.
  const tab = await openTab(page, "analyst@acme.test");
  await tab.fill({ realm: "Compute jobs", from: FROM, to: TO, format: "Excel (XLSX)", timezone: "UTC" });
  await expect(tab.estimate).toHaveText(/rows/);
  const mine = { tenantId: TENANT_ID, scope: { type: "tenant" }, realm: "jobs", from: FROM, to: TO, timezone: "UTC", format: "xlsx" };
  const held = await holdExportSlots(ACME_ORGANIZATION_ID);
  let id: string;
  try {
    // Two requests that differ from each other and from the form's (identical ones would be one export).
    const queued = await Promise.all(
      ["Europe/Amsterdam", "America/New_York"].map((timezone) => asPortalPage(page.request, baseURL).post("/api/v1/exports", { data: { ...mine, timezone } })),
    );
    for (const res of queued) expect(res.status()).toBe(202);
    await tab.submit();
    await expect(page.getByText("Export queued")).toBeVisible();
    id = await tab.newestId();
    // The same request again while it waits: the form hands back that export instead of queuing a second.
    await tab.submit();
    await expect(page.getByText("This export is already queued")).toBeVisible();
    await expect(page.getByText("Your identical request is waiting its turn, so no second export was made.")).toBeVisible();
    expect(await tab.newestId()).toBe(id);
    const row = tab.row(id);
    await expect(tab.status(row)).toHaveText(/^Pending · #\d+ in queue$/);
    const place = Number((await tab.status(row).textContent())?.match(/#(\d+)/)?.[1]);
    expect(place).toBeGreaterThanOrEqual(3);
    await screenshot(page, testInfo, "exports-queued");
    await tab.rowAction(row, "Cancel export");
    await tab.confirm("Cancel export");
    await expect(page.getByText("Export cancelled")).toBeVisible();
    await expect(tab.status(row)).toHaveText("Cancelled");
  } finally {
    await held.release();
  }

  // Once the organization's exports may start again, the two ahead of it run; the cancelled one never does.
  const row = tab.row(id);
  await tab.rowAction(row, "Resubmit");
  await expect(page.getByText("Export resubmitted")).toBeVisible();
  await expect.poll(() => tab.newestId()).not.toBe(id);
  const again = tab.row(await tab.newestId());
  await expect(again).toContainText("Compute jobs");
  await expect(again).toContainText("Excel (XLSX)");
  await expect(tab.status(again)).toHaveText("Done", { timeout: 110_000 });
  await expect(tab.status(row)).toHaveText("Cancelled");
  const cancelled = (await listExports(page)).items.find((e) => e.id === id);
  expect(cancelled?.startedAt ?? null).toBeNull();
  // Nothing is left active, so the table stops refreshing itself.
  await expect(page.locator('tr[data-status="pending"], tr[data-status="running"]')).toHaveCount(0, { timeout: 60_000 });
  await screenshot(page, testInfo, "exports-done");
});

test("a failed export shows its reason and can be resubmitted", async ({ page }, testInfo) => {
  // No request a person can make fails on purpose, so the failure is written straight into the database:
  // a copy of the analyst's first export, as the run would leave it after its final failed attempt.
  const sql = postgres(process.env.E2E_DATABASE_URL ?? `postgres://portal:portal@127.0.0.1:${process.env.E2E_PG_PORT ?? 54339}/portal`, { max: 1 });
  try {
    await sql`
      insert into exports (organization_id, tenant_id, requested_by, scope, scope_label, realm, fields, filters, date_from, date_to, timezone, format, options, status, rows_estimate, error, started_at, completed_at)
      select organization_id, tenant_id, requested_by, scope, scope_label, realm, fields, filters, date_from, date_to, timezone, format, options, 'failed', rows_estimate,
        'The warehouse could not be reached after 4 attempts. Resubmit later; if it keeps failing, tell your administrator.', now(), now()
      from exports where tenant_id = ${TENANT_ID} and realm = 'events' order by created_at asc limit 1`;
  } finally {
    await sql.end();
  }
  const tab = await openTab(page, "analyst@acme.test");
  const row = tab
    .rows()
    .filter({ has: page.getByText("Failed", { exact: true }) })
    .first();
  await expect(tab.status(row)).toHaveText("Failed");
  await row.getByText("Why it failed").click();
  await expect(row.getByTestId("export-error")).toHaveText(/could not be reached after 4 attempts/);
  await screenshot(page, testInfo, "exports-failed");
  await tab.rowAction(row, "Resubmit");
  await expect(page.getByText("Export resubmitted")).toBeVisible();
});

test("the tab works at phone width: panels stack and the page does not scroll sideways", async ({ page }, testInfo) => {
  await page.setViewportSize({ width: 390, height: 844 });
  const tab = await openTab(page, "analyst@acme.test");
  await expect(tab.form).toBeVisible();
  await expect(tab.table).toBeVisible();
  const formBox = await tab.form.boundingBox();
  const tableBox = await tab.table.boundingBox();
  expect(tableBox?.y ?? 0).toBeGreaterThan((formBox?.y ?? 0) + (formBox?.height ?? 0) - 1);
  expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
  await screenshot(page, testInfo, "exports-phone");
});

test("Copy API request puts a curl command for the same export on the clipboard", async ({ page, context, baseURL }) => {
  await context.grantPermissions(["clipboard-read", "clipboard-write"]);
  const tab = await openTab(page, "analyst@acme.test");
  const row = tab.rows().first();
  await tab.rowAction(row, "Copy API request");
  await expect(page.getByText("API request copied")).toBeVisible();
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  expect(copied).toContain(`curl -X POST "$PORTAL_URL/api/v1/exports"`);
  expect(copied).toContain(`-H "Authorization: Bearer $PORTAL_TOKEN"`);
  const body = JSON.parse(/-d '(.*)'$/s.exec(copied)?.[1] ?? "{}");
  expect(body).toMatchObject({ tenantId: TENANT_ID, scope: { type: "tenant" } });
  // The same body through the API creates the same export (the session cookie stands in for the token).
  const res = await asPortalPage(page.request, baseURL).post("/api/v1/exports", { data: body });
  expect(res.status()).toBe(202);
  expect(res.headers().location).toMatch(/^\/api\/v1\/exports\/[0-9a-f-]{36}$/);
});
