import { expect, test } from "@playwright/test";
import Papa from "papaparse";
import { readZip } from "./pages/archive";
import { attachScreenshot, EXPORT_DATES, listExports, openTab } from "./pages/exports-page";

/* Several realms in one export from the New export form, against the real portal: the request, the run, the table and the archive. */

test("an analyst picks two realms: one export, the total rows in the table, rows per realm in the details, a file per realm", async ({ page }, testInfo) => {
  const tab = await openTab(page, "analyst@acme.test");
  await tab.fill({ realm: "Compute jobs", from: EXPORT_DATES.from, to: EXPORT_DATES.to, format: "CSV", timezone: "UTC" });
  await tab.form.getByRole("button", { name: "Add another realm" }).click();
  const second = tab.form.getByLabel("Realm 2", { exact: true });
  // A realm already chosen is not offered again.
  await expect(second.locator("option", { hasText: "Compute jobs" })).toHaveCount(0);
  await second.selectOption({ label: "Analytics events" });
  // Each realm has its own fields; the second keeps only two of them.
  const events = tab.fieldsList("Analytics events");
  await events.locator("..").getByRole("button", { name: "Clear all" }).click();
  await events.getByRole("checkbox", { name: /^id / }).check();
  await events.getByRole("checkbox", { name: /^event_type / }).check();
  await expect(tab.fieldsList("Compute jobs")).toBeVisible();
  // A sample for each realm, each in its own fields.
  await expect(page.getByRole("region", { name: "Sample rows of jobs, scrollable" })).toContainText("job_id");
  await expect(page.getByRole("region", { name: "Sample rows of events, scrollable" })).toContainText("event_type");
  await attachScreenshot(page, testInfo, "exports-realms-form");

  await tab.submit();
  await expect(page.getByText("Export queued")).toBeVisible();
  const id = await tab.newestId();
  const row = tab.row(id);
  await expect(row.getByTestId("export-realm")).toHaveText("Compute jobs + Analytics events");
  await expect(tab.status(row)).toHaveText(/^Done/, { timeout: 110_000 });

  const listed = (await listExports(page)).items.find((e) => e.id === id) as
    { rowCount: number | null; rowsByRealm: { realm: string; rows: number }[] | null; request: unknown } | undefined;
  expect(listed?.request).toMatchObject({ realms: [{ realm: "jobs" }, { realm: "events", fields: ["id", "event_type"] }] });
  const byRealm = Object.fromEntries((listed?.rowsByRealm ?? []).map((r) => [r.realm, r.rows]));
  expect(byRealm.jobs).toBeGreaterThan(0);
  expect(byRealm.events).toBeGreaterThan(0);
  const total = (byRealm.jobs ?? 0) + (byRealm.events ?? 0);
  expect(listed?.rowCount).toBe(total);
  await expect(row.getByTestId("export-rows")).toHaveText(total.toLocaleString("en-US"));

  await row.getByRole("button", { name: /^Details of/ }).click();
  const details = page.locator(`#export-details-${id}`);
  await expect(details).toContainText(
    `Rows per realmCompute jobs ${byRealm.jobs?.toLocaleString("en-US")} · Analytics events ${byRealm.events?.toLocaleString("en-US")}`,
  );
  await expect(details).toContainText("Fields of events (2)id, event_type");
  await attachScreenshot(page, testInfo, "exports-realms-details");

  const [download] = await Promise.all([page.waitForEvent("download"), row.getByRole("link", { name: /^Download/ }).click()]);
  const file = testInfo.outputPath("realms.zip");
  await download.saveAs(file);
  const entries = await readZip(file);
  expect([...entries.keys()].sort()).toEqual(["README.txt", "events.csv", "jobs.csv", "manifest.json"]);
  // Parsed as CSV: the seed's text values hold quotes, commas and line breaks.
  const records = (name: string) => Papa.parse<string[]>(entries.get(name)?.toString("utf8") ?? "", { skipEmptyLines: true }).data;
  expect(records("events.csv")[0]).toEqual(["id", "event_type"]);
  expect(records("jobs.csv").length - 1).toBe(byRealm.jobs);
  expect(records("events.csv").length - 1).toBe(byRealm.events);
});
