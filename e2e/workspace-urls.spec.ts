import { randomUUID } from "node:crypto";
import { expect, test, type Page } from "@playwright/test";
import { stableUuid } from "../scripts/seed/ids";
import { requestSignInLink } from "./fixtures/mailbox";
import { addMember, removeUsers, withPortalDb, type Member } from "./fixtures/portal-db";
import { expectSoundState, VIEWPORTS } from "./fixtures/viewports";
import { inWorkspace } from "./pages/export-page";
import { ACME_ORGANIZATION_ID as ACME, attachScreenshot, ExportsPage, RESEARCH_TENANT_ID as RESEARCH } from "./pages/exports-page";

/*
 * Admin (/o/{org}/admin…), Schedules (/o/{org}/t/{tenant}/schedules) and Developer (…/settings/tokens) carry
 * their workspace in the URL: each shows that workspace's data, the old addresses move there with their
 * query, a deep link survives sign-in, another organization's URL is the 404 page, and the switcher keeps
 * the kind of page.
 */
const GLOBEX = stableUuid("org:globex");
const NORTH = stableUuid("tenant:globex:north");
const admin = (org: string, rest = "") => `/o/${org}/admin${rest}`;

const people: Member[] = [];
test.afterAll(async () => {
  if (people.length > 0) await withPortalDb((sql) => removeUsers(sql, people));
});

/** An organization admin of both Acme and Globex, made for this spec. */
async function adminOfBoth(label: string): Promise<Member> {
  const person = await withPortalDb(async (sql) => {
    const p = await addMember(sql, { organization: "acme", role: "admin", label });
    await sql`insert into memberships (user_id, organization_id, tenant_id, role_id)
      select ${p.userId}, ${GLOBEX}, null, r.id from roles r where r.organization_id = ${GLOBEX} and r.key = 'admin'`;
    return p;
  });
  people.push(person);
  return person;
}

const mainNav = (page: Page) => page.getByRole("navigation", { name: "Main" });

for (const vp of VIEWPORTS) {
  test.describe(vp.name, () => {
    test.use({ viewport: { width: vp.width, height: vp.height } });

    test("Admin, Developer and Schedules by their workspace URLs show that workspace; old paths move there with the query", async ({ page }, testInfo) => {
      const person = await adminOfBoth(`both-${vp.name}`);
      await new ExportsPage(page).signIn(person.email);

      // Globex's members, not Acme's: the organization is the URL's, whatever was remembered.
      await page.goto(admin(GLOBEX, "/members"));
      await expect(page.getByRole("heading", { name: "Admin", level: 1 })).toBeVisible();
      await expect(page.getByText("Globex · all tenants")).toBeVisible();
      await expect(page.locator('li[data-member-email="admin@globex.test"]')).toHaveCount(1);
      await expect(page.locator('li[data-member-email="admin@acme.test"]')).toHaveCount(0);
      await expect(page.getByRole("navigation", { name: "Admin sections" }).getByRole("link", { name: "Audit log" })).toHaveAttribute(
        "href",
        admin(GLOBEX, "/audit"),
      );
      await expect(mainNav(page).getByRole("link", { name: "Admin" })).toHaveAttribute("href", admin(GLOBEX));
      await expect(mainNav(page).getByRole("link", { name: "Schedules" })).toHaveAttribute("href", inWorkspace(GLOBEX, NORTH, "/schedules"));
      await expect(mainNav(page).getByRole("link", { name: "Developer" })).toHaveAttribute("href", inWorkspace(GLOBEX, NORTH, "/settings/tokens"));
      await expectSoundState(page, `${vp.name}: Globex's members by URL`);
      await attachScreenshot(page, testInfo, `${vp.name}-admin-members-by-url`);

      await page.goto(admin(ACME, "/members"));
      await expect(page.getByText("Acme · all tenants")).toBeVisible();
      await expect(page.locator('li[data-member-email="admin@acme.test"]')).toHaveCount(1);
      await expect(page.locator('li[data-member-email="admin@globex.test"]')).toHaveCount(0);

      // The audit log of the organization in the URL: this person's own membership was added in Acme only.
      await page.goto(admin(GLOBEX, "/audit"));
      await expect(page.getByRole("form", { name: "Filter the audit log" })).toBeVisible();
      await expectSoundState(page, `${vp.name}: Globex's audit log by URL`);
      await attachScreenshot(page, testInfo, `${vp.name}-admin-audit-by-url`);

      // The switcher keeps the kind of page: Admin → Audit log of the other organization.
      await page.getByLabel("Organization and tenant").selectOption({ label: "Acme / Research" });
      await expect(page).toHaveURL(admin(ACME, "/audit"));
      await expect(page.getByText("Acme · all tenants")).toBeVisible();

      await page.goto(inWorkspace(GLOBEX, NORTH, "/settings/tokens"));
      await expect(page.getByRole("heading", { name: "Developer", level: 1 })).toBeVisible();
      await expect(page.getByText(/^Globex \/ North · API tokens/)).toBeVisible();
      await expectSoundState(page, `${vp.name}: Developer by URL`);
      await attachScreenshot(page, testInfo, `${vp.name}-developer-by-url`);
      await page.getByLabel("Organization and tenant").selectOption({ label: "Acme / Research" });
      await expect(page).toHaveURL(inWorkspace(ACME, RESEARCH, "/settings/tokens"));

      await page.goto(inWorkspace(GLOBEX, NORTH, "/schedules"));
      await expect(page.getByRole("heading", { name: "Schedules", level: 1 })).toBeVisible();
      await expect(page.getByText(/^Globex \/ North · create one/)).toBeVisible();
      await expectSoundState(page, `${vp.name}: Schedules by URL`);
      await attachScreenshot(page, testInfo, `${vp.name}-schedules-by-url`);

      // Globex / North is the remembered workspace now: the old addresses land in it, their query kept.
      await page.goto("/admin/audit?action=member.added");
      await expect(page).toHaveURL(admin(GLOBEX, "/audit?action=member.added"));
      await expect(page.getByLabel("Action")).toHaveValue("member.added");
      await page.goto("/schedules?from=bookmark");
      await expect(page).toHaveURL(inWorkspace(GLOBEX, NORTH, "/schedules?from=bookmark"));
      await page.goto("/settings/tokens");
      await expect(page).toHaveURL(inWorkspace(GLOBEX, NORTH, "/settings/tokens"));
      // Settings alone is its one page, Developer, in or out of a workspace.
      await page.goto("/settings");
      await expect(page).toHaveURL(inWorkspace(GLOBEX, NORTH, "/settings/tokens"));
      await page.goto(inWorkspace(ACME, RESEARCH, "/settings"));
      await expect(page).toHaveURL(inWorkspace(ACME, RESEARCH, "/settings/tokens"));
      await page.goto(inWorkspace(GLOBEX, NORTH, "/settings"));
      await expect(page).toHaveURL(inWorkspace(GLOBEX, NORTH, "/settings/tokens"));
      await page.goto("/admin");
      await expect(page).toHaveURL(admin(GLOBEX));
    });

    test("another organization's URL is the 404 page, like a made-up one; without admin rights, the admin refusal", async ({ page }) => {
      await new ExportsPage(page).signIn("analyst@acme.test");
      const answers: string[] = [];
      for (const path of [
        admin(GLOBEX, "/members"),
        admin(randomUUID(), "/audit"),
        inWorkspace(GLOBEX, NORTH, "/schedules"),
        inWorkspace(GLOBEX, NORTH, "/settings/tokens"),
        inWorkspace(ACME, randomUUID(), "/schedules"),
      ]) {
        const res = await page.goto(path);
        expect(res?.status(), path).toBe(404);
        await expect(page.getByRole("heading", { name: "Not found", level: 1 }), path).toBeVisible();
        await expect(page.getByText("admin@globex.test")).toHaveCount(0);
        answers.push(await page.locator("main").last().innerText());
      }
      expect(new Set(answers).size).toBe(1);
      await expectSoundState(page, `${vp.name}: another organization's admin URL`);

      await page.goto(admin(ACME, "/audit"));
      await expect(page.getByTestId("no-admin-permission")).toContainText("You don't have permission to manage members here. Ask an organization admin.");
      await expect(page.getByRole("navigation", { name: "Admin sections" })).toHaveCount(0);
      await expectSoundState(page, `${vp.name}: the admin refusal`);
    });

    test("a signed-out deep link to an organization's audit log comes back there after sign-in", async ({ page }, testInfo) => {
      const target = admin(GLOBEX, "/audit?action=member.added");
      await page.goto(target);
      await expect(page).toHaveURL(`/sign-in?callbackUrl=${encodeURIComponent(target)}`);
      await (await requestSignInLink(page, "admin@globex.test")).click();
      // The email's link may open in a tab of its own.
      const back = () =>
        page
          .context()
          .pages()
          .find((p) => p.url().endsWith(target));
      await expect.poll(() => Boolean(back()), { message: `a tab on ${target}` }).toBe(true);
      const landed = back() ?? page;
      await expect(landed.getByText("Globex · all tenants")).toBeVisible();
      await expect(landed.getByLabel("Action")).toHaveValue("member.added");
      await expectSoundState(landed, `${vp.name}: the audit log after sign-in`);
      await attachScreenshot(landed, testInfo, `${vp.name}-audit-after-sign-in`);
    });

    test("the admin and Developer confirm dialogs give the focus back to their opener, or to the list when it is gone", async ({ page }) => {
      const person = await adminOfBoth(`dialogs-${vp.name}`);
      const leaving = await withPortalDb((sql) => addMember(sql, { organization: "globex", tenant: "north", role: "viewer", label: `leaving-${vp.name}` }));
      people.push(leaving);
      await new ExportsPage(page).signIn(person.email);

      // Remove member: kept, back on its Remove button; removed, on the list's heading.
      await page.goto(admin(GLOBEX, "/members"));
      const remove = page.locator(`li[data-member-email="${leaving.email}"]`).getByRole("button", { name: `Remove ${leaving.email}` });
      await remove.click();
      const dialog = page.getByRole("alertdialog");
      await expect(dialog).toBeVisible();
      await expectSoundState(page, `${vp.name}: the remove member confirm`);
      await dialog.getByRole("button", { name: "Keep member" }).click();
      await expect(dialog).toBeHidden();
      await expect(remove).toBeFocused();
      await remove.click();
      await dialog.getByRole("button", { name: "Remove member" }).click();
      await expect(page.locator(`li[data-member-email="${leaving.email}"]`)).toHaveCount(0);
      await expect(page.getByRole("heading", { name: /^Members/, level: 2 })).toBeFocused();

      // Delete a webhook endpoint (never reached: nothing of Globex is exported while it exists).
      const url = `http://127.0.0.1:9/focus-${vp.name}-${randomUUID().slice(0, 8)}`;
      await page.goto(admin(GLOBEX, "/webhooks"));
      const form = page.getByRole("form", { name: "Register an endpoint" });
      await form.getByLabel("URL").fill(url);
      await form.getByRole("button", { name: "Register endpoint" }).click();
      await page.getByRole("button", { name: "Done, I have copied it" }).click();
      const del = page.getByRole("button", { name: `Delete endpoint ${url}` });
      await del.click();
      await expect(dialog).toBeVisible();
      await dialog.getByRole("button", { name: "Keep it" }).click();
      await expect(dialog).toBeHidden();
      await expect(del).toBeFocused();
      await del.click();
      await dialog.getByRole("button", { name: "Delete endpoint", exact: true }).click();
      await expect(page.getByTestId("webhook-endpoint").filter({ hasText: url })).toHaveCount(0);
      await expect(page.getByText("Endpoints", { exact: true })).toBeFocused();

      // Revoke a token: kept, back on its Revoke button; revoked, on the table's heading.
      await page.goto(inWorkspace(GLOBEX, NORTH, "/settings/tokens"));
      const name = `focus ${vp.name}`;
      const tokenForm = page.locator("form[aria-labelledby='new-token-heading']");
      await tokenForm.getByLabel("Name", { exact: true }).fill(name);
      await tokenForm.getByRole("button", { name: "Create token" }).click();
      await page.getByRole("button", { name: "Done, I have copied it" }).click();
      const revoke = page.getByRole("button", { name: `Revoke token ${name}` });
      await revoke.click();
      await expect(dialog).toBeVisible();
      await expectSoundState(page, `${vp.name}: the revoke token confirm`);
      await dialog.getByRole("button", { name: "Keep it" }).click();
      await expect(dialog).toBeHidden();
      await expect(revoke).toBeFocused();
      await revoke.click();
      await dialog.getByRole("button", { name: "Revoke token" }).click();
      await expect(revoke).toHaveCount(0);
      await expect(page.getByText("API tokens", { exact: true })).toBeFocused();
    });
  });
}
