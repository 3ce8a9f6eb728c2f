import { randomUUID } from "node:crypto";
import { expect, test, type Page } from "@playwright/test";
import { addDays } from "../app/(portal)/exports/_lib/draft";
import { openMessageAbout } from "./fixtures/mailbox";
import { userIdOf, withPortalDb } from "./fixtures/portal-db";
import { expectSoundState, VIEWPORTS } from "./fixtures/viewports";
import { ACME_ORGANIZATION_ID, attachScreenshot, EXPORT_DATES, openTab, RESEARCH_TENANT_ID, type ExportsPage } from "./pages/exports-page";

/*
 * The Exports workspace at a desktop and a phone size: names and dates in the rows, the list's filters,
 * search, order and paging, the phone's cards, the form's two columns, presets and sticky submit, and the
 * confirm step before an empty request that then reads "No rows matched" in the table and the email.
 */

const ANALYST = "analyst@acme.test";
/** Today as the form counts it: in the browser's timezone, which the form starts with. */
async function browserToday(page: Page): Promise<string> {
  return page.evaluate(() => new Intl.DateTimeFormat("en-CA", { year: "numeric", month: "2-digit", day: "2-digit" }).format(new Date()));
}

/**
 * Exports of the analyst, written straight into the portal's database: enough of them to need a second page.
 * Valid requests in every part (other specs resubmit copies of the tenant's oldest exports).
 */
async function seedNamedExports(tag: string, count: number) {
  await withPortalDb(async (sql) => {
    const analyst = await userIdOf(sql, ANALYST);
    for (let i = 1; i <= count; i++) {
      const failed = i % 5 === 0;
      await sql`insert into exports (organization_id, tenant_id, requested_by, scope, scope_label, realm, fields, date_from, date_to, timezone, format,
          status, row_count, error, name, created_at, completed_at)
        values (${ACME_ORGANIZATION_ID}, ${RESEARCH_TENANT_ID}, ${analyst}, ${sql.json({ type: "tenant" })}, 'Tenant Research',
          ${i % 2 ? "jobs" : "events"}, ${["project_id"]}, '2025-01-01', '2025-01-31', 'UTC', 'csv', ${failed ? "failed" : "cancelled"}, null,
          ${failed ? "Seeded failure" : null}, ${`${tag} ${String(i).padStart(2, "0")}`}, now() - make_interval(days => 400 - ${i}), now() - make_interval(days => 400 - ${i}))`;
    }
  });
}

const rowNames = (tab: ExportsPage) => tab.rows().getByTestId("export-name").allTextContents();

for (const vp of VIEWPORTS) {
  test.describe(`at ${vp.width}×${vp.height}`, () => {
    test.use({ viewport: { width: vp.width, height: vp.height } });

    test(`the form: two columns or one, date presets, a name, the submit button in reach (${vp.name})`, async ({ page }, testInfo) => {
      const tab = await openTab(page, ANALYST);
      await expectSoundState(page, "on arrival");
      // The submit bar sticks to the bottom of the screen while the form is longer than it.
      await expect(tab.form.getByRole("button", { name: "Request export" })).toBeInViewport();

      await tab.chooseRealm("Compute jobs");
      await tab.form.getByLabel("Start date").fill(EXPORT_DATES.from);
      await tab.form.getByLabel("End date").fill(EXPORT_DATES.to);
      // The sample table is wider than a phone: it scrolls inside its own box, the page does not widen.
      await expect(tab.sampleRows()).toBeVisible();
      await expectSoundState(page, "with the sample rows shown");
      const realmBox = await tab.form.getByLabel("Realm").boundingBox();
      const startBox = await tab.form.getByLabel("Start date").boundingBox();
      if (!realmBox || !startBox) throw new Error("form controls not laid out");
      if (vp.name === "desktop") expect(startBox.x, "dates in the right-hand column").toBeGreaterThan(realmBox.x + realmBox.width);
      else expect(startBox.y, "dates below the realm in one column").toBeGreaterThan(realmBox.y);
      await attachScreenshot(page, testInfo, `form-${vp.name}`);

      const today = await browserToday(page);
      await tab.form.getByRole("button", { name: "Last 7 days" }).click();
      await expect(tab.form.getByLabel("Start date")).toHaveValue(addDays(today, -6));
      await expect(tab.form.getByLabel("End date")).toHaveValue(today);
      await expect(tab.form.getByRole("button", { name: "Last 7 days" })).toHaveAttribute("aria-pressed", "true");
      await tab.form.getByRole("button", { name: "Last month" }).click();
      const lastMonthEnd = addDays(`${today.slice(0, 7)}-01`, -1);
      await expect(tab.form.getByLabel("Start date")).toHaveValue(`${lastMonthEnd.slice(0, 7)}-01`);
      await expect(tab.form.getByLabel("End date")).toHaveValue(lastMonthEnd);
      await tab.form.getByRole("button", { name: "Year to date" }).click();
      await expect(tab.form.getByLabel("Start date")).toHaveValue(`${today.slice(0, 4)}-01-01`);
      const allTime = tab.form.getByRole("button", { name: "All time" });
      if (await allTime.isEnabled()) {
        await allTime.click();
        await expect(tab.form.getByLabel("Start date")).toHaveValue("");
        await expect(tab.form.getByLabel("End date")).toHaveValue("");
        await expect(tab.form.getByLabel("Name (optional)")).toHaveAttribute("placeholder", "Compute jobs · all time");
      } else {
        await expect(allTime).toHaveAttribute("title", /allows at most \d+ days per export, so a start date is needed/);
      }

      // A name of one's own, and the dates, show in the new row.
      const name = `Cluster audit ${vp.name} ${randomUUID().slice(0, 6)}`;
      await tab.form.getByLabel("Start date").fill(EXPORT_DATES.from);
      await tab.form.getByLabel("End date").fill(EXPORT_DATES.to);
      await expect(tab.form.getByLabel("Name (optional)")).toHaveAttribute("placeholder", `Compute jobs · ${EXPORT_DATES.from} to ${EXPORT_DATES.to}`);
      await tab.form.getByLabel("Name (optional)").fill(name);
      await expect(tab.estimate).toHaveText(/[1-9][\d,]* rows/);
      await tab.submit();
      await expect(page.getByText("Export queued")).toBeVisible();
      const row = tab.rows().filter({ has: page.getByTestId("export-name").getByText(name, { exact: true }) });
      await expect(row.getByTestId("export-dates")).toHaveText(`${EXPORT_DATES.from} to ${EXPORT_DATES.to}`);
      const res = await page.request.get(`/api/v1/exports?tenantId=${RESEARCH_TENANT_ID}&q=${encodeURIComponent(name)}`);
      expect(((await res.json()) as { items: { name: string }[] }).items.map((e) => e.name)).toEqual([name]);
      await expectSoundState(page, "after requesting");
      await attachScreenshot(page, testInfo, `form-requested-${vp.name}`);
    });

    test(`an empty request asks first, then ends as "No rows matched" in the table and the email (${vp.name})`, async ({ page }, testInfo) => {
      const tab = await openTab(page, ANALYST);
      await tab.chooseRealm("Compute jobs");
      // The demo's data ends mid-2026, so the last week has none; a timezone per viewport keeps the two requests apart.
      await tab.form.getByLabel("Timezone").selectOption(vp.name === "desktop" ? "UTC" : "Europe/Amsterdam");
      await tab.form.getByRole("button", { name: "Last 7 days" }).click();
      await expect(tab.estimate).toHaveText(/^(About )?0 rows$/);
      const before = await tab.rows().count();
      await tab.submit();
      const dialog = page.getByRole("alertdialog");
      await expect(dialog.getByRole("heading", { name: "No rows match this request" })).toBeVisible();
      await attachScreenshot(page, testInfo, `empty-confirm-${vp.name}`);
      await expectSoundState(page, "with the confirm step open");
      await dialog.getByRole("button", { name: "Change the request" }).click();
      await expect(dialog).toBeHidden();
      await expect(tab.rows()).toHaveCount(before);

      await tab.submit();
      await dialog.getByRole("button", { name: "Request anyway" }).click();
      await expect(page.getByText("Export queued")).toBeVisible();
      const id = await tab.newestId();
      await expect(tab.status(tab.row(id))).toHaveText("No rows matched", { timeout: 60_000 });
      await expect(tab.row(id).getByTestId("export-rows")).toHaveText("0");
      const [stored] = await withPortalDb((sql) => sql<{ status: string; row_count: string }[]>`select status, row_count::text from exports where id = ${id}`);
      expect(stored).toEqual({ status: "done", row_count: "0" });
      await expectSoundState(page, "with an empty export listed");
      await attachScreenshot(page, testInfo, `no-rows-matched-${vp.name}`);

      await openMessageAbout(page, ANALYST, /^Your Compute jobs export: no rows matched$/, id);
      await expect(page.getByRole("heading", { name: "Your Compute jobs export: no rows matched" })).toBeVisible();
      await expectSoundState(page, "in the mailbox");
    });

    test(`the list: filters, search, order, paging, and cards with status first on a phone (${vp.name})`, async ({ page }, testInfo) => {
      const tag = `Batch ${vp.name} ${randomUUID().slice(0, 6)}`;
      await seedNamedExports(tag, 30);
      const tab = await openTab(page, ANALYST);
      const panel = page.locator("section[aria-labelledby='exports-heading']");
      // The first page comes with the HTML: rows are there before any list request of the browser's.
      await expect(tab.rows().first()).toBeVisible();

      await panel.getByLabel("Search by name").fill(tag);
      await expect.poll(async () => (await rowNames(tab))[0]).toBe(`${tag} 30`);
      await expect(tab.rows()).toHaveCount(25);
      await panel.getByRole("button", { name: "Load more" }).click();
      await expect(tab.rows()).toHaveCount(30);
      await expect(panel.getByRole("button", { name: "Load more" })).toHaveCount(0);
      await expectSoundState(page, "with two pages of rows");

      await panel.getByLabel("Order").selectOption("oldest");
      await expect.poll(async () => (await rowNames(tab))[0]).toBe(`${tag} 01`);

      await panel.getByLabel("Filter by status").selectOption({ label: "Failed" });
      await expect(tab.rows()).toHaveCount(6);
      await expect(tab.rows().getByTestId("export-status")).toHaveText(Array(6).fill("Failed"));
      await panel.getByLabel("Filter by realm").selectOption({ label: "Analytics events" });
      // Failed ones are every fifth; of those, the even ones are events: 10, 20, 30.
      await expect.poll(() => rowNames(tab)).toEqual([`${tag} 10`, `${tag} 20`, `${tag} 30`]);
      await panel.getByLabel("Filter by requester").fill("nobody@acme.test");
      await expect(page.getByTestId("exports-empty")).toContainText("No exports match these filters.");
      await panel.getByLabel("Filter by requester").fill(ANALYST.toUpperCase());
      await expect(tab.rows()).toHaveCount(3);
      await panel.getByLabel("Only mine").check();
      await expect(tab.rows()).toHaveCount(3);
      await attachScreenshot(page, testInfo, `list-filtered-${vp.name}`);

      const first = tab.rows().first();
      const statusBox = await first.getByTestId("export-status").boundingBox();
      const nameBox = await first.getByTestId("export-name").boundingBox();
      const actionsBox = await first.getByRole("button", { name: /^Actions for / }).boundingBox();
      if (!statusBox || !nameBox || !actionsBox) throw new Error("row not laid out");
      if (vp.name === "phone") expect(statusBox.y + statusBox.height, "status first on the card").toBeLessThanOrEqual(nameBox.y);
      // The status is never under the (sticky) actions.
      const overlaps =
        statusBox.x < actionsBox.x + actionsBox.width &&
        actionsBox.x < statusBox.x + statusBox.width &&
        statusBox.y < actionsBox.y + actionsBox.height &&
        actionsBox.y < statusBox.y + statusBox.height;
      expect(overlaps).toBe(false);
      await expectSoundState(page, "with the filters set");

      await panel.getByRole("button", { name: "Clear filters" }).click();
      await expect(panel.getByLabel("Search by name")).toHaveValue("");
      await expect(panel.getByRole("button", { name: "Clear filters" })).toHaveCount(0);
      // Unfiltered and newest first again: the seeded exports are a year old, so newer ones lead.
      await expect.poll(async () => (await rowNames(tab))[0]?.startsWith(tag)).toBe(false);
    });

    test(`the list API takes the same filters and words bad ones (${vp.name})`, async ({ page }) => {
      await openTab(page, ANALYST);
      const base = `/api/v1/exports?tenantId=${RESEARCH_TENANT_ID}`;
      const failed = (await (await page.request.get(`${base}&status=failed&realm=events&limit=100`)).json()) as { items: { status: string; realm: string }[] };
      // The list test before this one seeded failed events exports.
      expect(failed.items.length).toBeGreaterThan(0);
      expect(failed.items.every((e) => e.status === "failed" && e.realm === "events")).toBe(true);
      const bad = await page.request.get(`${base}&status=finished`);
      expect(bad.status()).toBe(422);
      expect(((await bad.json()) as { detail: string }).detail).toContain(
        "The status must be one or more of pending, running, done, failed, cancelled and expired",
      );
    });
  });
}
