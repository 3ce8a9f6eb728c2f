import { expect, test } from "@playwright/test";
import { userIdOf, withPortalDb } from "./fixtures/portal-db";
import { ACME_ORGANIZATION_ID, attachScreenshot, ExportsPage, openTab, RESEARCH_TENANT_ID } from "./pages/exports-page";

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

test("the page's HTML brings the table's rows ahead of the New export form, which streams in after them", async ({ page }) => {
  // At least one export to show, whatever ran before: a valid request, a year old.
  await withPortalDb(async (sql) => {
    const analyst = await userIdOf(sql, "analyst@acme.test");
    await sql`insert into exports (organization_id, tenant_id, requested_by, scope, scope_label, realm, fields, date_from, date_to, timezone, format, status, name, created_at)
      values (${ACME_ORGANIZATION_ID}, ${RESEARCH_TENANT_ID}, ${analyst}, '{"type":"tenant"}'::jsonb, 'Tenant Research', 'jobs', array['project_id'], '2025-01-01',
        '2025-01-31', 'UTC', 'csv', 'cancelled', 'Streamed row', now() - make_interval(days => 365))`;
  });
  await openTab(page, "analyst@acme.test");
  // The document as the server sends it, before any script runs: the first row comes before the form's submit button.
  const html = await (await page.request.get(`/o/${ACME_ORGANIZATION_ID}/t/${RESEARCH_TENANT_ID}/exports`)).text();
  const firstRow = html.indexOf("<tr data-export-id=");
  const submit = html.indexOf(">Request export<");
  expect(firstRow).toBeGreaterThan(-1);
  expect(submit).toBeGreaterThan(-1);
  expect(firstRow).toBeLessThan(submit);
  // And the page a person sees has both, the form hydrated and usable.
  await page.goto(`/o/${ACME_ORGANIZATION_ID}/t/${RESEARCH_TENANT_ID}/exports`);
  await expect(page.locator("tr[data-export-id]").first()).toBeVisible();
  await expect(page.getByRole("button", { name: "Request export" })).toBeVisible();
  await expect(page.getByTestId("new-export-loading")).toHaveCount(0);
});
