import { expect, test } from "@playwright/test";
import { requestExport } from "./fixtures/downloads";
import { asPortalPage } from "./fixtures/portal-origin";
import { holdExportSlots } from "./fixtures/portal-db";
import { expectSoundState, VIEWPORTS } from "./fixtures/viewports";
import { ACME_ORGANIZATION_ID, attachScreenshot, openTab } from "./pages/exports-page";

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
