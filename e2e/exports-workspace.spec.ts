import { expect, test } from "@playwright/test";
import { attachScreenshot, ExportsPage, openTab } from "./pages/exports-page";

test("without an organization and tenant selected, the tab asks for one and shows no form or table", async ({ page }) => {
  // A person with several workspaces: with only one, it is chosen without asking.
  const exports = new ExportsPage(page);
  await exports.signIn("viewer@acme.test");
  await exports.goto();
  // Clear whatever an earlier test remembered, the way a person would.
  await page.getByLabel("Organization and tenant").selectOption({ label: "Select…" });
  await expect(page.getByText("Select an organization and tenant to view and create exports.")).toBeVisible();
  await expect(page.getByRole("heading", { name: "New export" })).toHaveCount(0);
  await expect(exports.table).toHaveCount(0);

  await page.reload();
  await expect(page.getByText("Select an organization and tenant to view and create exports.")).toBeVisible();
});

test("a tenant without exports explains what an export is and points at the form", async ({ page }, testInfo) => {
  // Nothing else exports from Globex / North, so it is empty whatever order the specs run in.
  const tab = await openTab(page, "admin@globex.test", "Globex / North");
  const empty = page.getByTestId("exports-empty");
  await expect(empty).toContainText("No exports in this tenant yet.");
  await expect(empty).toContainText("An export is a downloadable archive of raw records from the data warehouse");
  await expect(empty.getByRole("link", { name: /New export form/ })).toHaveAttribute("href", "#new-export-heading");
  await expect(tab.form.getByRole("button", { name: "Request export" })).toBeVisible();
  // An organization admin may also export the whole organization.
  await expect(tab.form.getByLabel("Scope").locator("option")).toHaveText(["Current tenant", "A project", "One or more apps", "Entire organization"]);
  await attachScreenshot(page, testInfo, "exports-empty");
});
