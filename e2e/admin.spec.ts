import { randomUUID } from "node:crypto";
import { expect, test, type Page } from "@playwright/test";
import { stableUuid } from "../scripts/seed/ids";
import { withPortalDb } from "./fixtures/portal-db";
import { ExportsPage, openTab } from "./pages/exports-page";

/* Organization admins decide who may export what: members, roles, limits and the audit trail. */

const ACME = stableUuid("org:acme");
const NO_PERMISSION = "You don't have permission to manage members here. Ask an organization admin.";

// Other specs rely on the seeded analyst role (jobs and events): put it back whatever happens here.
test.afterAll(async () => {
  await withPortalDb(
    (sql) =>
      sql`update roles set realms = '{jobs,events}', permissions = '{data.exports.read,data.exports.create}' where organization_id = ${ACME} and key = 'analyst'`,
  );
});

async function openAdminSection(page: Page, section: "Members" | "Roles" | "Limits" | "Audit log") {
  const link = page.getByRole("navigation", { name: "Admin sections" }).getByRole("link", { name: section, exact: true });
  await link.click();
  await expect(link).toHaveAttribute("aria-current", "page");
}

test("an organization admin adds a member who then works in that tenant only; edits a role; limits and audit log", async ({ page, browser }) => {
  const email = `new-analyst-${randomUUID().slice(0, 8)}@acme.test`;
  await openTab(page, "admin@acme.test");
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Admin" }).click();
  await expect(page.getByRole("heading", { name: "Admin", level: 1 })).toBeVisible();

  // Members: a new address, as analyst in Acme / Operations.
  await openAdminSection(page, "Members");
  const form = page.getByRole("form", { name: "Add a member" });
  await form.getByLabel("Email").fill(email);
  await form.getByLabel("Role").selectOption({ label: "Analyst" });
  await form.getByLabel("Tenant").selectOption({ label: "Operations" });
  await form.getByRole("button", { name: "Add member" }).click();
  await expect(page.getByText(`Added ${email}. They can sign in`)).toBeVisible();
  const row = page.locator(`li[data-member-email="${email}"]`);
  await expect(row.getByTestId("member-role")).toHaveText("Analyst");
  await expect(row.getByTestId("member-tenant")).toHaveText("Operations");
  await expect(form.getByLabel("Email")).toHaveValue("");

  // Roles: the analyst role loses the events realm, and the list says so.
  await openAdminSection(page, "Roles");
  const analyst = page.locator('[data-role-key="analyst"]');
  await expect(analyst.getByTestId("role-realms")).toHaveText("Compute jobs, Analytics events");
  await analyst.getByText("Edit Analyst").click();
  await analyst.getByLabel("Analytics events", { exact: true }).uncheck();
  await analyst.getByRole("button", { name: "Save Analyst" }).click();
  await expect(page.getByText("Saved the Analyst role.")).toBeVisible();
  await expect(analyst.getByTestId("role-realms")).toHaveText("Compute jobs");
  await page.reload();
  await expect(page.locator('[data-role-key="analyst"]').getByTestId("role-realms")).toHaveText("Compute jobs");

  // Limits: the server names the refused field beside it, and nothing is saved.
  await openAdminSection(page, "Limits");
  const retention = page.getByLabel("Retention");
  await retention.fill("0");
  await page.getByRole("button", { name: "Save limits" }).click();
  await expect(page.locator("#limit-retentionDays-error")).toHaveText("Retention must be between 1 and 3,650 days");
  await expect(retention).toHaveAttribute("aria-invalid", "true");
  await expect(retention).toHaveValue("0");
  await page.reload();
  await expect(page.getByLabel("Retention")).toHaveValue("30");
  await expect(page.getByLabel("Exports running at once")).toHaveValue("2");

  // Audit log: the addition, by whom, filtered by action.
  await openAdminSection(page, "Audit log");
  await page.getByLabel("Action").selectOption("member.added");
  await page.getByRole("button", { name: "Show" }).click();
  await expect(page).toHaveURL(/action=member\.added/);
  const event = page.locator('tr[data-audit-action="member.added"]', { hasText: email });
  await expect(event).toBeVisible();
  await expect(event).toContainText("admin@acme.test");
  await expect(page.locator("tr[data-audit-action]:not([data-audit-action='member.added'])")).toHaveCount(0);

  // The new member signs in with a magic link and can choose Acme / Operations only.
  const context = await browser.newContext();
  const member = new ExportsPage(await context.newPage());
  await member.signIn(email);
  await member.goto();
  const options = member.page.getByLabel("Organization and tenant").locator("option");
  await expect(options).toHaveText(["Select…", "Acme / Operations"]);
  await member.selectWorkspace("Acme / Operations");
  await expect(member.page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Admin" })).toHaveCount(0);
  await context.close();
});

test("a viewer gets no Admin link, and /admin says why", async ({ page }) => {
  await openTab(page, "viewer@acme.test");
  await expect(page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Exports" })).toBeVisible();
  await expect(page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Admin" })).toHaveCount(0);
  for (const path of ["/admin", "/admin/members", "/admin/roles", "/admin/audit"]) {
    await page.goto(path);
    await expect(page.getByTestId("no-admin-permission")).toContainText(NO_PERMISSION);
    await expect(page.getByRole("navigation", { name: "Admin sections" })).toHaveCount(0);
  }
});
