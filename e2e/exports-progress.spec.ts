import { expect, test } from "@playwright/test";
import { stableUuid } from "../scripts/seed/ids";
import { seedWarehouse } from "../scripts/seed/warehouse";
import { withPortalDb } from "./fixtures/portal-db";
import { attachScreenshot, openTab } from "./pages/exports-page";

/*
 * The demo seed is small, so its exports finish before the table's next refresh. This spec gives one month
 * of the Research tenant enough warehouse rows (a person cannot load warehouse data through the portal)
 * that an Excel export of it runs for several seconds, and watches the row the way a person does.
 */
const MONTH = { from: "2024-02-01", to: "2024-02-29" };
const ROWS = 120_000;

test.beforeAll(async () => {
  await withPortalDb(async (sql) => {
    const tenantId = stableUuid("tenant:acme:research");
    const [{ n }] = await sql<{ n: number }[]>`
      select count(*)::int as n from warehouse.jobs where tenant_id = ${tenantId} and submitted_at >= '2024-02-01' and submitted_at < '2024-03-01'`;
    if (n >= ROWS) return;
    await seedWarehouse(sql, {
      apps: [
        {
          organizationId: stableUuid("org:acme"),
          tenantId,
          projectId: stableUuid("project:acme:research:genomics"),
          appId: stableUuid("app:acme:research:genomics:ios"),
        },
      ],
      rowsPerRealm: ROWS,
      from: "2024-02-01T00:00:00Z",
      to: "2024-02-28T23:59:59Z",
    });
    await sql`analyze warehouse.jobs`;
  });
});

test("a long export shows Running with a rising percentage, then Done", async ({ page }, testInfo) => {
  const tab = await openTab(page, "analyst@acme.test");
  await tab.fill({ realm: "Compute jobs", from: MONTH.from, to: MONTH.to, format: "Excel (XLSX)", timezone: "UTC" });
  await expect(tab.estimate).toHaveText(/rows/);
  await tab.submit();
  await expect(page.getByText("Export queued")).toBeVisible();
  const row = tab.row(await tab.newestId());

  const statuses: string[] = [];
  const percents: number[] = [];
  await expect
    .poll(
      async () => {
        const status = ((await tab.status(row).allTextContents())[0] ?? "").split(" · ")[0] ?? "";
        if (statuses.at(-1) !== status) statuses.push(status);
        if (status === "Running") {
          const pct = Number.parseInt((await row.getByTestId("export-percent").allTextContents())[0] ?? "", 10);
          if (Number.isFinite(pct) && percents.at(-1) !== pct) {
            percents.push(pct);
            if (percents.length === 2) await attachScreenshot(page, testInfo, "exports-running-progress");
          }
        }
        return status;
      },
      { timeout: 240_000, intervals: [250] },
    )
    .toBe("Done");
  testInfo.annotations.push({ type: "progress seen", description: `${statuses.join(" → ")}; ${percents.join("%, ")}%` });

  expect(statuses).toContain("Running");
  const during = percents.filter((p) => p > 0 && p < 100);
  expect(during.length, `percentages seen while running: ${percents.join(", ")}`).toBeGreaterThanOrEqual(2);
  for (let i = 1; i < percents.length; i++) expect(percents[i]).toBeGreaterThan(percents[i - 1] ?? -1);
  await expect(row.getByTestId("export-rows")).toHaveText(/[\d,]+/);
});
