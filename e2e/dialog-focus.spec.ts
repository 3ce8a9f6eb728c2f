import { expect, test } from "@playwright/test";
import { requestExport } from "./fixtures/downloads";
import { asPortalPage } from "./fixtures/portal-origin";
import { holdExportSlots, userIdOf, withPortalDb } from "./fixtures/portal-db";
import { expectSoundState, VIEWPORTS } from "./fixtures/viewports";
import { ACME_ORGANIZATION_ID, attachScreenshot, openTab, RESEARCH_TENANT_ID } from "./pages/exports-page";

/*
 * A confirm step opened from a row's Actions menu gives the focus back to that menu's button when it
 * closes, kept or confirmed, so a keyboard user goes on from the row they were on.
 */
for (const vp of VIEWPORTS) {
  test.describe(vp.name, () => {
    test.use({ viewport: { width: vp.width, height: vp.height } });

    test("the cancel confirm gives the focus back to the row's Actions button", async ({ page, baseURL }, testInfo) => {
      const tab = await openTab(page, "analyst@acme.test");
      // Held back from starting, so it stays cancellable while the dialog is tried.
      const held = await holdExportSlots(ACME_ORGANIZATION_ID);
      let id = "";
      try {
        id = await requestExport(asPortalPage(page.request, baseURL), { to: vp.name === "desktop" ? "2026-01-24" : "2026-01-25" });
        await page.reload();
        const row = tab.row(id);
        const actions = row.getByRole("button", { name: /^Actions for / });
        await expect(actions).toBeVisible();

        await tab.rowAction(row, "Cancel export");
        const dialog = page.getByRole("alertdialog");
        await expect(dialog).toBeVisible();
        await expectSoundState(page, `${vp.name}: the cancel confirm`);
        await attachScreenshot(page, testInfo, `${vp.name}-cancel-confirm`);
        await dialog.getByRole("button", { name: "Keep it" }).click();
        await expect(dialog).toBeHidden();
        await expect(actions).toBeFocused();

        await tab.rowAction(row, "Cancel export");
        await tab.confirm("Cancel export");
        await expect(tab.status(row)).toHaveText("Cancelled");
        await expect(actions).toBeFocused();
      } finally {
        await held.release();
      }
    });
  });
}

/*
 * A row's Actions button is a menu button before its menu is first mounted too: Enter, Space and ArrowDown
 * open the menu with its first item focused, and Escape gives the focus back to the button.
 */
test("the Actions button opens its menu from the keyboard, first item focused", async ({ page }) => {
  const name = `Keyboard menu ${Date.now()}`;
  const id = await withPortalDb(async (sql) => {
    const analyst = await userIdOf(sql, "analyst@acme.test");
    const [row] = await sql<
      { id: string }[]
    >`insert into exports (organization_id, tenant_id, requested_by, scope, scope_label, realm, fields, date_from, date_to, timezone, format, status, name)
      values (${ACME_ORGANIZATION_ID}, ${RESEARCH_TENANT_ID}, ${analyst}, '{"type":"tenant"}'::jsonb, 'Tenant Research', 'jobs', array['project_id'], '2025-01-01', '2025-01-31', 'UTC', 'csv', 'cancelled', ${name})
      returning id`;
    if (!row) throw new Error("no export inserted");
    return row.id;
  });
  const tab = await openTab(page, "analyst@acme.test");
  const actions = tab.row(id).getByRole("button", { name: /^Actions for / });
  for (const key of ["Enter", " ", "ArrowDown"]) {
    // A fresh page each time: the first press on a row is the one that mounts its menu.
    await page.reload();
    for (const press of ["first", "again"]) {
      await actions.focus();
      await page.keyboard.press(key === " " ? "Space" : key);
      const menu = page.getByRole("menu");
      await expect(menu, `${JSON.stringify(key)}, ${press} press`).toBeVisible();
      await expect(menu.getByRole("menuitem").first(), `${JSON.stringify(key)}, ${press} press`).toBeFocused();
      await page.keyboard.press("Escape");
      await expect(menu).toBeHidden();
      await expect(actions).toBeFocused();
    }
  }
});
