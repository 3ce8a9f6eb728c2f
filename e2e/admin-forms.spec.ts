import { randomUUID } from "node:crypto";
import { expect, test } from "@playwright/test";
import { stableUuid } from "../scripts/seed/ids";
import { withPortalDb } from "./fixtures/portal-db";
import { AdminPage } from "./pages/admin-page";
import { ExportsPage, listExports, openTab } from "./pages/exports-page";

/*
 * Every admin form saves: change every value, save, reload, and read every value back from the page the
 * server renders afresh. Each test puts back what it changed, since other specs use the seeded organization.
 */
test.describe.configure({ mode: "serial" });

const ACME = stableUuid("org:acme");
const LIMIT_LABELS = ["Max rows per export", "Active exports per person", "Exports running at once", "Retention", "Max date range"] as const;

type LimitRow = {
  max_rows_per_export: string;
  max_active_exports_per_user: number;
  max_concurrent_exports: number;
  retention_days: number;
  max_range_days: number | null;
};
let limitsBefore: LimitRow | undefined;

test.beforeAll(async () => {
  limitsBefore = await withPortalDb(async (sql) => {
    const [row] = await sql<LimitRow[]>`
      select max_rows_per_export::text, max_active_exports_per_user, max_concurrent_exports, retention_days, max_range_days
      from organization_settings where organization_id = ${ACME}`;
    return row;
  });
});

test.afterAll(async () => {
  const before = limitsBefore;
  if (!before) {
    await withPortalDb((sql) => sql`delete from organization_settings where organization_id = ${ACME}`);
    return;
  }
  await withPortalDb(
    (sql) => sql`
    update organization_settings set max_rows_per_export = ${before.max_rows_per_export}::bigint, max_active_exports_per_user = ${before.max_active_exports_per_user},
      max_concurrent_exports = ${before.max_concurrent_exports}, retention_days = ${before.retention_days}, max_range_days = ${before.max_range_days}
    where organization_id = ${ACME}`,
  );
});

test("Limits: changing only Retention saves; then every limit changes, saves and reads back after a reload", async ({ page }) => {
  const admin = new AdminPage(page);
  await openTab(page, "admin@acme.test");
  await admin.open("Limits");
  const shown = async () => Object.fromEntries(await Promise.all(LIMIT_LABELS.map(async (l) => [l, await admin.limit(l).inputValue()] as const)));
  const initial = await shown();

  // The case people hit first: one field changed, the others left as shown.
  const retention = String(Number(initial.Retention) + 1);
  await admin.limit("Retention").fill(retention);
  await admin.saveLimits();
  await admin.saved("Saved the usage limits.");
  await page.reload();
  expect(await shown()).toEqual({ ...initial, Retention: retention });

  // Every limit at once, each to a value none of them had; row counts as people write them.
  const next: Record<(typeof LIMIT_LABELS)[number], string> = {
    "Max rows per export": "1,234,567",
    "Active exports per person": "7",
    "Exports running at once": "3",
    Retention: "45",
    "Max date range": "400",
  };
  for (const label of LIMIT_LABELS) await admin.limit(label).fill(next[label]);
  await admin.saveLimits();
  await admin.saved("Saved the usage limits.");
  await page.reload();
  expect(await shown()).toEqual({ ...next, "Max rows per export": "1234567" });
  const stored = await withPortalDb(
    (sql) => sql<LimitRow[]>`
    select max_rows_per_export::text, max_active_exports_per_user, max_concurrent_exports, retention_days, max_range_days
    from organization_settings where organization_id = ${ACME}`,
  );
  expect(stored[0]).toEqual({
    max_rows_per_export: "1234567",
    max_active_exports_per_user: 7,
    max_concurrent_exports: 3,
    retention_days: 45,
    max_range_days: 400,
  });

  // Saving the same values again changes nothing, and says so.
  await admin.saveLimits();
  await admin.saved("The limits already had these values.");
});

test("Limits: an empty longest range saves no limit, reads back, and the export form then submits without Start and End", async ({ page }) => {
  const admin = new AdminPage(page);
  await openTab(page, "admin@acme.test");
  await admin.open("Limits");
  await admin.limit("Max rows per export").fill("50,000,000");
  await admin.limit("Max date range").fill("");
  await admin.saveLimits();
  await admin.saved("Saved the usage limits.");
  await page.reload();
  await expect(admin.limit("Max date range")).toHaveValue("");
  await expect(admin.limit("Max date range")).toHaveAttribute("placeholder", "No limit");
  const [stored] = await withPortalDb(
    (sql) => sql<{ max_range_days: number | null }[]>`select max_range_days from organization_settings where organization_id = ${ACME}`,
  );
  expect(stored).toEqual({ max_range_days: null });

  // The form, in the browser, without either date: it validates, the server accepts, the row says so in words.
  const tab = new ExportsPage(page);
  await tab.goto();
  await tab.selectWorkspace("Acme / Research");
  await tab.chooseRealm("Compute jobs");
  await tab.form.getByLabel("Start date").fill("");
  await tab.form.getByLabel("End date").fill("");
  await expect(tab.form.getByLabel("Start date")).not.toHaveAttribute("required");
  const before = Date.now();
  await tab.submit();
  await expect(page.getByText("Export queued")).toBeVisible();
  const id = await tab.newestId();
  const listed = (await listExports(page)).items.find((e) => e.id === id) as { dateFrom?: unknown; dateTo?: unknown; toAsOf?: string } | undefined;
  expect(listed).toMatchObject({ dateFrom: null, dateTo: null });
  expect(Date.parse(listed?.toAsOf ?? "")).toBeGreaterThanOrEqual(before - 5_000);
  const row = tab.row(id);
  await row.getByRole("button", { name: /^Details of/ }).click();
  await expect(page.locator(`#export-details-${id}`)).toContainText(
    /DatesFrom the first record up to \d+ \w+ \d{4}\D+\d\d:\d\d:\d\d .+ \(when it was requested\)/,
  );
  // No need to produce the whole history here; the run itself is tested against SQL in the unit suite.
  if ((await tab.status(row).allTextContents()).some((t) => /Pending|Running/.test(t))) {
    await tab.rowAction(row, "Cancel export");
    await tab.confirm("Cancel export");
  }
});

test("Roles: a role's permissions and realms save and read back after a reload, twice over", async ({ page }) => {
  // A role of its own (there is no "new role" form), so the seeded roles other specs rely on stay as they are.
  const key = `e2e-${randomUUID().slice(0, 8)}`;
  const name = `Auditor ${key.slice(4)}`;
  await withPortalDb(
    (sql) => sql`
    insert into roles (id, organization_id, key, name, permissions, realms)
    values (${randomUUID()}, ${ACME}, ${key}, ${name}, '{data.exports.read}', '{jobs}')`,
  );
  try {
    const admin = new AdminPage(page);
    await openTab(page, "admin@acme.test");
    await admin.open("Roles");
    const permissionsLegend = `Permissions of ${name}`;
    const realmsLegend = `Realms ${name} may export`;
    const rounds = [
      {
        permissions: ["See exports", "Manage others' exports", "Manage API tokens"],
        realms: ["Analytics events", "Lab results"],
        summary: { permissions: "See exportsManage others' exportsManage API tokens", realms: "Analytics events, Lab results" },
      },
      {
        permissions: ["Request exports", "Manage members"],
        realms: ["Compute jobs"],
        summary: { permissions: "Request exportsManage members", realms: "Compute jobs" },
      },
    ];
    for (const round of rounds) {
      const form = await admin.editRole(key, name);
      await admin.setBoxes(form, permissionsLegend, round.permissions);
      await admin.setBoxes(form, realmsLegend, round.realms);
      await form.getByRole("button", { name: `Save ${name}` }).click();
      await admin.saved(`Saved the ${name} role.`);

      await page.reload();
      await expect(admin.role(key).getByTestId("role-permissions")).toHaveText(round.summary.permissions);
      await expect(admin.role(key).getByTestId("role-realms")).toHaveText(round.summary.realms);
      const reloaded = await admin.editRole(key, name);
      const permissions = await admin.checkedBoxes(reloaded, permissionsLegend);
      expect(Object.keys(permissions)).toHaveLength(8);
      for (const [label, checked] of Object.entries(permissions)) expect(checked, label).toBe(round.permissions.includes(label));
      const realms = await admin.checkedBoxes(reloaded, realmsLegend);
      expect(Object.keys(realms)).toHaveLength(3);
      for (const [label, checked] of Object.entries(realms)) expect(checked, label).toBe(round.realms.includes(label));
    }
  } finally {
    await withPortalDb((sql) => sql`delete from roles where organization_id = ${ACME} and key = ${key}`);
  }
});

test("Members: add by email with a role and tenant, change both, remove; each reads back after a reload", async ({ page }) => {
  const email = `e2e-member-${randomUUID().slice(0, 8)}@acme.test`;
  try {
    const admin = new AdminPage(page);
    await openTab(page, "admin@acme.test");
    await admin.open("Members");
    const row = admin.member(email);
    const readBack = async (role: string, tenant: string) => {
      await page.reload();
      await expect(row.getByTestId("member-role")).toHaveText(role);
      await expect(row.getByTestId("member-tenant")).toHaveText(tenant);
      // The edit form opens on what was saved, too.
      const form = await admin.editMember(email);
      expect(await AdminPage.selectedLabel(form.getByLabel(`Role for ${email}`))).toBe(role);
      expect(await AdminPage.selectedLabel(form.getByLabel(`Tenant for ${email}`))).toBe(tenant === "All tenants" ? "All tenants (organization-wide)" : tenant);
      await row.getByRole("button", { name: `Close ${email}` }).click();
    };

    await admin.addMember(email, "Viewer", "Research");
    await admin.saved(`Added ${email}.`);
    await readBack("Viewer", "Research");

    await admin.changeMember(email, "Analyst", "All tenants (organization-wide)");
    await admin.saved(`Updated ${email}.`);
    await readBack("Analyst", "All tenants");

    await admin.changeMember(email, "Tenant admin", "Operations");
    await admin.saved(`Updated ${email}.`);
    await readBack("Tenant admin", "Operations");

    await admin.removeMember(email);
    await admin.saved(`Removed ${email}.`);
    await page.reload();
    await expect(page.getByRole("list", { name: "Members" })).toBeVisible();
    await expect(row).toHaveCount(0);
    const memberships = await withPortalDb((sql) => sql`select m.id from memberships m join users u on u.id = m.user_id where u.email = ${email}`);
    expect(memberships).toHaveLength(0);
  } finally {
    await withPortalDb((sql) => sql`delete from users where email = ${email}`);
  }
});
