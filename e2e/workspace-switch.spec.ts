import { expect, test, type Page } from "@playwright/test";
import { stableUuid } from "../scripts/seed/ids";
import { addMember, removeUsers, withPortalDb, type Member } from "./fixtures/portal-db";
import { ExportsPage } from "./pages/exports-page";

/*
 * The workspace switcher refuses a workspace one may not use: a membership removed while the page was
 * open, or another organization's tenant slipped into the form. The same message every time, and the
 * workspace one had stays selected.
 */
test.describe.configure({ mode: "serial" });

const ACME = stableUuid("org:acme");
const RESEARCH = stableUuid("tenant:acme:research");
const GLOBEX = stableUuid("org:globex");
const SOUTH = stableUuid("tenant:globex:south");
const REFUSED = "That organization and tenant are not available to you. Choose one from the list.";

const people: Member[] = [];
test.afterAll(async () => {
  if (people.length > 0) await withPortalDb((sql) => removeUsers(sql, people));
});

async function remembered(userId: string) {
  return withPortalDb(async (sql) => {
    const [row] = await sql<{ organization_id: string | null; tenant_id: string | null }[]>`
      select organization_id, tenant_id from user_preferences where user_id = ${userId}`;
    return row ?? null;
  });
}

/** The switcher, as the layout rendered it, and the workspace the page shows in its heading. */
async function expectStillOn(page: Page, label: string) {
  const picker = page.getByLabel("Organization and tenant");
  await expect(picker.locator("option:checked")).toHaveText(label);
  await expect(page.getByRole("heading", { name: "Exports", level: 1 })).toBeVisible();
  await expect(page.getByText(label, { exact: true }).last()).toBeVisible();
}

/** Submits the switcher with a value of the caller's choosing, as a crafted request would. */
async function chooseRaw(page: Page, value: string) {
  await page.getByLabel("Organization and tenant").evaluate((el: HTMLSelectElement, v) => {
    const option = el.options[el.options.length - 1];
    if (!option) throw new Error("the switcher has no options");
    option.value = v;
    el.value = v;
    el.dispatchEvent(new Event("change", { bubbles: true }));
  }, value);
}

test("a membership removed while the page is open: choosing it is refused, the workspace stays, the choice disappears", async ({ page }) => {
  const person = await withPortalDb((sql) => addMember(sql, { organization: "acme", tenant: "research", role: "analyst", label: "switcher" }));
  const second = await withPortalDb(async (sql) => {
    const [row] = await sql<{ id: string }[]>`
      insert into memberships (user_id, organization_id, tenant_id, role_id)
      select ${person.userId}, ${ACME}, t.id, r.id from tenants t join roles r on r.organization_id = t.organization_id and r.key = 'viewer'
      where t.organization_id = ${ACME} and t.slug = 'operations' returning id`;
    return row?.id ?? "";
  });
  people.push(person);
  const tab = new ExportsPage(page);
  await tab.signIn(person.email);
  await tab.goto();
  await tab.selectWorkspace("Acme / Research");
  await expect(page.getByLabel("Organization and tenant").locator("option")).toHaveText(["Select…", "Acme / Operations", "Acme / Research"]);

  // An admin removes the Operations membership; this page still offers it.
  await withPortalDb((sql) => sql`delete from memberships where id = ${second}`);
  await page.getByLabel("Organization and tenant").selectOption({ label: "Acme / Operations" });
  await expect(page.getByText("The workspace was not changed")).toBeVisible();
  await expect(page.getByText(REFUSED, { exact: true })).toBeVisible();
  await expectStillOn(page, "Acme / Research");
  await expect(page.getByLabel("Organization and tenant").locator("option")).toHaveText(["Select…", "Acme / Research"]);
  expect(await remembered(person.userId)).toEqual({ organization_id: ACME, tenant_id: RESEARCH });
  await page.reload();
  await expectStillOn(page, "Acme / Research");
});

test("another organization's tenant, a made-up one, or a malformed choice: one refusal, nothing changes", async ({ page }) => {
  const person = await withPortalDb((sql) => addMember(sql, { organization: "acme", role: "viewer", label: "crafty" }));
  people.push(person);
  const tab = new ExportsPage(page);
  await tab.signIn(person.email);
  await tab.goto();
  await tab.selectWorkspace("Acme / Research");

  for (const value of [`${ACME}:${SOUTH}`, `${GLOBEX}:${SOUTH}`, `${ACME}:${stableUuid("tenant:acme:made-up")}`, `${ACME}:not-a-tenant`]) {
    await chooseRaw(page, value);
    const toast = page.locator("[data-sonner-toast]").filter({ hasText: "The workspace was not changed" });
    await expect(toast, value).toContainText(REFUSED);
    await expectStillOn(page, "Acme / Research");
    expect(await remembered(person.userId), value).toEqual({ organization_id: ACME, tenant_id: RESEARCH });
    // Dismiss it, so the next refusal is a toast of its own.
    await toast.getByRole("button", { name: /close/i }).click();
    await expect(toast).toHaveCount(0);
  }
});
