import { expect, test } from "@playwright/test";
import { stableUuid } from "../scripts/seed/ids";
import { requestExport } from "./fixtures/downloads";
import { asPortalPage } from "./fixtures/portal-origin";
import { holdExportSlots, userIdOf, withPortalDb } from "./fixtures/portal-db";
import { expectSoundState, VIEWPORTS } from "./fixtures/viewports";
import { inWorkspace } from "./pages/export-page";
import { ACME_ORGANIZATION_ID as ACME, attachScreenshot, ExportsPage, openTab, RESEARCH_TENANT_ID as RESEARCH } from "./pages/exports-page";

/*
 * The header follows the page: an in-app link into another workspace's export shows that workspace in the
 * switcher and the header's links, without a reload. And relative times ("3 minutes ago") move on by
 * themselves, with the exact time and its timezone in their title.
 */
const OPERATIONS = stableUuid("tenant:acme:operations");
const GLOBEX = stableUuid("org:globex");
const NORTH = stableUuid("tenant:globex:north");

for (const vp of VIEWPORTS) {
  test.describe(vp.name, () => {
    test.use({ viewport: { width: vp.width, height: vp.height } });

    test("a link to another workspace's export: the switcher and the header's links show that workspace", async ({ page, baseURL }, testInfo) => {
      const tab = new ExportsPage(page);
      await tab.signIn("admin@acme.test");
      // Operations is the remembered workspace; the export is Research's, kept pending by holding the run slots.
      await page.goto(inWorkspace(ACME, OPERATIONS));
      await expect(page.getByLabel("Organization and tenant").locator("option:checked")).toHaveText("Acme / Operations");
      const held = await holdExportSlots(ACME);
      const api = asPortalPage(page.request, baseURL);
      let id = "";
      try {
        id = await requestExport(api, { to: vp.name === "desktop" ? "2026-01-26" : "2026-01-27" });
        // The download link of an unfinished export leads here, outside any workspace URL: the header shows the remembered one.
        await page.goto(`/exports/${id}/unavailable`);
        await expect(page.getByRole("heading", { name: "This export is not ready yet", level: 1 })).toBeVisible();
        await expect(page.getByLabel("Organization and tenant").locator("option:checked")).toHaveText("Acme / Operations");

        // An in-app navigation (no reload) into Research's page of the export.
        await page.getByRole("link", { name: "Follow it in the Data Export tab" }).click();
        await expect(page).toHaveURL(inWorkspace(ACME, RESEARCH, `/exports/${id}`));
        await expect(page.getByTestId("export-title")).toBeVisible();
        await expect(page.getByLabel("Organization and tenant").locator("option:checked")).toHaveText("Acme / Research");
        await expect(page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Exports" })).toHaveAttribute(
          "href",
          inWorkspace(ACME, RESEARCH),
        );
        await expectSoundState(page, `${vp.name}: another workspace's export, reached by a link`);
        await attachScreenshot(page, testInfo, `${vp.name}-followed-into-another-workspace`);
        // It is the remembered workspace now: the old address lands there.
        await page.goto("/exports");
        await expect(page).toHaveURL(inWorkspace(ACME, RESEARCH));
      } finally {
        if (id) await api.post(`/api/v1/exports/${id}/cancel`);
        await held.release();
      }
    });

    test("relative times move on without a refresh, the exact time and timezone in the title", async ({ page }, testInfo) => {
      // The browser's clock is ours to move; the server's is not touched.
      await page.clock.install();
      const id = await withPortalDb(async (sql) => {
        const admin = await userIdOf(sql, "admin@globex.test");
        const [row] = await sql<{ id: string }[]>`
          insert into exports (organization_id, tenant_id, requested_by, scope, scope_label, realm, fields, date_from, date_to, timezone, format, status, name, created_at)
          values (${GLOBEX}, ${NORTH}, ${admin}, ${sql.json({ type: "tenant" })}, 'Tenant North', 'jobs', ${["project_id"]}, '2025-01-01', '2025-01-31', 'UTC', 'csv',
            'cancelled', ${`Ticking ${vp.name}`}, now() - interval '2 minutes') returning id`;
        return row?.id ?? "";
      });
      try {
        const tab = await openTab(page, "admin@globex.test", "Globex / North");
        const time = tab.row(id).locator("time").first();
        await expect(time).toHaveText("2 minutes ago");
        await expect(time).toHaveAttribute("title", /^\d{1,2} \w{3,4} \d{4}, \d{2}:\d{2}:\d{2} (UTC|GMT[+-]\d+)$/);
        await expectSoundState(page, `${vp.name}: a relative time`);
        await page.clock.fastForward("05:00");
        await expect(time).toHaveText("7 minutes ago");
        await attachScreenshot(page, testInfo, `${vp.name}-relative-time-moved-on`);
      } finally {
        // Globex / North stays without exports for the spec of the empty list.
        await withPortalDb((sql) => sql`delete from exports where id = ${id}`);
      }
    });
  });
}
