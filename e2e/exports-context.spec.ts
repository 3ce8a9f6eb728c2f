import { randomUUID } from "node:crypto";
import { expect, test } from "@playwright/test";
import { stableUuid } from "../scripts/seed/ids";
import { downloadPath, requestExport, waitForDone } from "./fixtures/downloads";
import { requestSignInLink } from "./fixtures/mailbox";
import { asPortalPage } from "./fixtures/portal-origin";
import { userIdOf, withPortalDb } from "./fixtures/portal-db";
import { expectNoSidewaysScroll, VIEWPORTS } from "./fixtures/viewports";
import { capture, ExportDetailPage, inWorkspace } from "./pages/export-page";
import { ACME_ORGANIZATION_ID as ACME, attachScreenshot, ExportsPage, RESEARCH_TENANT_ID as RESEARCH } from "./pages/exports-page";

/*
 * The workspace in the URL, a page per export, deep links through sign-in, a fresh draft per tenant, the
 * new export in view after "Request export", and why Download is missing. At desktop and phone sizes.
 */
const OPERATIONS = stableUuid("tenant:acme:operations");
const GLOBEX = stableUuid("org:globex");
const NORTH = stableUuid("tenant:globex:north");

const forget = (email: string) =>
  withPortalDb(async (sql) => sql`update user_preferences set organization_id = null, tenant_id = null where user_id = ${await userIdOf(sql, email)}`);

for (const vp of VIEWPORTS) {
  test.describe(vp.name, () => {
    test.use({ viewport: { width: vp.width, height: vp.height } });
    // Each viewport asks for its own exports, so neither reuses the other's (identical active requests are shared).
    const day = vp.name === "desktop" ? "2026-01-20" : "2026-01-21";

    test("the only workspace is chosen without asking, old links move into the URL that names it", async ({ page }, testInfo) => {
      const tab = new ExportsPage(page);
      await tab.signIn("analyst@acme.test");
      await forget("analyst@acme.test");
      await page.goto("/exports");
      await expect(page).toHaveURL(inWorkspace(ACME, RESEARCH));
      await expect(page.getByText("Select an organization and tenant")).toHaveCount(0);
      await expect(page.getByRole("heading", { name: "Exports", level: 1 })).toBeVisible();
      await expect(page.getByText("Acme / Research", { exact: true }).last()).toBeVisible();
      await expect(page.getByRole("link", { name: "Exports" })).toHaveAttribute("href", inWorkspace(ACME, RESEARCH));
      await capture(page, testInfo, `${vp.name}-only-workspace`);
      // A workspace the person is not in, in the URL: the switcher's refusal, nothing of it shown.
      await page.goto(inWorkspace(GLOBEX, NORTH));
      await expect(page.getByText("That organization and tenant are not available to you. Choose one from the list.")).toBeVisible();
      await expect(page.getByRole("heading", { name: "New export" })).toHaveCount(0);
      await capture(page, testInfo, `${vp.name}-foreign-workspace-url`);
    });

    test("an admin with several workspaces sees Admin before picking; the pick goes into the URL and is remembered", async ({ page }, testInfo) => {
      const tab = new ExportsPage(page);
      await tab.signIn("admin@acme.test");
      await forget("admin@acme.test");
      await page.goto("/exports");
      await expect(page).toHaveURL(/\/exports$/);
      await expect(page.getByText("Select an organization and tenant to view and create exports.")).toBeVisible();
      await expect(page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Admin" })).toBeVisible();
      await capture(page, testInfo, `${vp.name}-admin-before-picking`);
      // The link leads to the admin area of a workspace the person administers, without asking first.
      await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Admin" }).click();
      // The organization's own address; the page settles there before the next address is typed in.
      await expect(page).toHaveURL(`/o/${ACME}/admin`);
      await page.waitForLoadState("networkidle");
      await expect(page.getByRole("heading", { name: "Admin", level: 1 })).toBeVisible();
      await expect(page.getByText("Acme · all tenants")).toBeVisible();
      await expect(page.getByText("Select an organization and tenant")).toHaveCount(0);
      await attachScreenshot(page, testInfo, `${vp.name}-admin-without-picking`);
      await page.goto("/exports");
      await page.getByLabel("Organization and tenant").selectOption({ label: "Acme / Operations" });
      await expect(page).toHaveURL(inWorkspace(ACME, OPERATIONS));
      await expect(page.getByText("Acme / Operations", { exact: true }).last()).toBeVisible();
      // The old address lands in the remembered workspace.
      await page.goto("/exports");
      await expect(page).toHaveURL(inWorkspace(ACME, OPERATIONS));
      // A link into another of the admin's workspaces switches to it, and it becomes the remembered one.
      await page.goto(inWorkspace(ACME, RESEARCH));
      await expect(page.getByLabel("Organization and tenant").locator("option:checked")).toHaveText("Acme / Research");
      await page.goto("/exports");
      await expect(page).toHaveURL(inWorkspace(ACME, RESEARCH));
    });

    test("a page per export: the request, the outcome, the downloads, the actions; other tenants' links move, foreign ids are not found", async ({
      page,
      baseURL,
    }, testInfo) => {
      const tab = new ExportsPage(page);
      await tab.signIn("admin@acme.test");
      const api = asPortalPage(page.request, baseURL);
      const id = await requestExport(api, { to: day, fields: ["event_time", "event_type"] });
      const done = await waitForDone(page.request, id);
      expect((await page.request.get(downloadPath(id))).status()).toBe(200);

      // An email's or Resubmit's link (/exports?export=<id>) lands on the page, inside the export's workspace.
      await page.goto(`/exports?export=${id}`);
      const detail = new ExportDetailPage(page);
      expect(await detail.idFromUrl(ACME, RESEARCH)).toBe(id);
      await expect(detail.title()).toHaveText("Analytics events · Tenant Research");
      await expect(detail.fact("realm")).toHaveText("Analytics events");
      await expect(detail.fact("scope")).toHaveText("Tenant Research");
      await expect(detail.fact("dates")).toHaveText(`2026-01-01 to ${day} (both included)`);
      await expect(detail.fact("timezone")).toHaveText("UTC");
      await expect(detail.fact("format")).toHaveText("CSV");
      await expect(detail.fact("fields")).toHaveText("event_time, event_type");
      await expect(detail.fact("filters")).toContainText("None");
      await expect(detail.fact("rows")).toHaveText((done.rowCount ?? -1).toLocaleString("en"));
      await expect(detail.fact("checksum")).toHaveText(done.sha256);
      await expect(detail.fact("requested-by")).toHaveText("You (admin@acme.test)");
      await expect(detail.fact("expires-at")).toContainText("UTC");
      await expect(page.getByTestId("export-status")).toHaveText("Done");
      await expect(page.getByTestId("download-history")).toContainText("Ada Admin (admin@acme.test)");
      const actions = page.getByTestId("export-actions");
      await expect(actions.getByRole("link", { name: /^Download / })).toHaveAttribute("href", downloadPath(id));
      await expect(actions.getByRole("button", { name: "Delete" })).toBeVisible();
      await capture(page, testInfo, `${vp.name}-export-page`);

      // From the list, the row opens it.
      await page.goto(inWorkspace(ACME, RESEARCH));
      await tab.row(id).getByTestId("export-name").click();
      await expect(page).toHaveURL(inWorkspace(ACME, RESEARCH, `/exports/${id}`));
      await expect(detail.title()).toHaveText("Analytics events · Tenant Research");

      // Through another of the admin's workspaces, or without one, it moves to its own.
      for (const via of [inWorkspace(ACME, OPERATIONS, `/exports/${id}`), `/exports/${id}`]) {
        await page.goto(via);
        await expect(page, via).toHaveURL(inWorkspace(ACME, RESEARCH, `/exports/${id}`));
      }

      // Another organization's export reads exactly like a made-up id.
      const foreign = randomUUID();
      await withPortalDb(
        (sql) => sql`insert into exports select (jsonb_populate_record(null::exports, to_jsonb(e) || jsonb_build_object('id', ${foreign}::text,
          'organization_id', ${GLOBEX}::text, 'tenant_id', ${NORTH}::text, 'checkpoint_token', null))).* from exports e where e.id = ${id}`,
      );
      const answers: string[] = [];
      for (const path of [
        `/exports/${foreign}`,
        inWorkspace(GLOBEX, NORTH, `/exports/${foreign}`),
        `/exports/${randomUUID()}`,
        inWorkspace(ACME, RESEARCH, `/exports/${randomUUID()}`),
      ]) {
        const res = await page.goto(path);
        expect(res?.status(), path).toBe(404);
        await expect(page.getByRole("heading", { name: "Not found" })).toBeVisible();
        answers.push(await page.locator("main").last().innerText());
      }
      expect(new Set(answers).size).toBe(1);
      await capture(page, testInfo, `${vp.name}-export-not-found`);
      await withPortalDb((sql) => sql`delete from exports where id = ${foreign}`);
    });

    test("a deep link survives sign-in, and only the portal's own paths are followed", async ({ page }, testInfo) => {
      await page.goto("/admin/audit");
      await expect(page).toHaveURL(`/sign-in?callbackUrl=${encodeURIComponent("/admin/audit")}`);
      await capture(page, testInfo, `${vp.name}-sign-in-deep-link`);
      await (await requestSignInLink(page, "admin@acme.test")).click();
      // The email's link may open in a tab of its own.
      const onAudit = () =>
        page
          .context()
          .pages()
          .find((p) => /\/admin\/audit$/.test(p.url()));
      await expect.poll(() => Boolean(onAudit()), { message: "a tab on /admin/audit" }).toBe(true);
      const landed = onAudit() ?? page;
      await expect(landed.getByRole("heading", { name: "Admin", level: 1 })).toBeVisible();
      for (const evil of ["https://evil.example/x", "//evil.example/x", "/\\evil.example"]) {
        await landed.goto(`/sign-in?callbackUrl=${encodeURIComponent(evil)}`);
        await expect(landed, evil).toHaveURL(/\/o\/[0-9a-f-]{36}\/t\/[0-9a-f-]{36}\/exports$|\/exports$/);
      }
    });

    test("switching tenant starts a fresh draft; after Request export the new row is focused and View opens it", async ({ page }, testInfo) => {
      const tab = new ExportsPage(page);
      await tab.signIn("admin@acme.test");
      await tab.goto();
      await tab.selectWorkspace("Acme / Research");
      await tab.form.getByLabel("Scope").selectOption({ label: "A project" });
      await tab.form.getByLabel("Project").selectOption({ label: "Genomics" });
      await tab.selectWorkspace("Acme / Operations");
      await expect(page).toHaveURL(inWorkspace(ACME, OPERATIONS));
      await expect(tab.form.getByLabel("Scope")).toHaveValue("tenant");
      await tab.form.getByLabel("Scope").selectOption({ label: "A project" });
      await expect(tab.form.getByLabel("Project").locator("option")).toHaveText(["Choose a project…", "Customer app", "Logistics"]);
      await tab.form.getByLabel("Project").selectOption({ label: "Logistics" });
      await tab.fill({ realm: "Analytics events", from: "2026-01-01", to: day, format: "CSV" });
      await tab.submit();
      const toast = page.locator("[data-sonner-toast]").filter({ hasText: /Export queued|already queued/ });
      await expect(toast).toContainText("Project Logistics");
      await expect(page.getByText(/scope\.projectId|filters\[|\w+\.\w+: /)).toHaveCount(0);
      // The new row is scrolled to and focused.
      const focused = page.locator("tr[data-export-id] a[data-export-link]:focus");
      await expect(focused).toHaveCount(1);
      await expect(focused).toBeInViewport();
      const id = (await page.locator("tr[data-export-id]:has(a[data-export-link]:focus)").getAttribute("data-export-id")) ?? "";
      await expect(tab.row(id)).toContainText("Project Logistics");
      await attachScreenshot(page, testInfo, `${vp.name}-new-export-focused`);
      await toast.getByRole("button", { name: "View" }).click();
      await expect(page).toHaveURL(inWorkspace(ACME, OPERATIONS, `/exports/${id}`));
      await expect(new ExportDetailPage(page).fact("scope")).toHaveText("Project Logistics");
      await capture(page, testInfo, `${vp.name}-new-export-page`);
    });

    test("a missing Download says why and names the admins to ask", async ({ page, baseURL, browser }, testInfo) => {
      // An admin's Lab results export, done.
      const adminContext = await browser.newContext();
      const admin = await adminContext.newPage();
      await new ExportsPage(admin).signIn("admin@acme.test");
      const lab = await requestExport(asPortalPage(admin.request, baseURL), { realm: "lab-results", to: day });
      await waitForDone(admin.request, lab);
      await adminContext.close();

      const tab = new ExportsPage(page);
      await tab.signIn("analyst@acme.test");
      await page.goto(inWorkspace(ACME, RESEARCH));
      const row = tab.row(lab);
      await expect(row.getByRole("link", { name: /^Download / })).toHaveCount(0);
      await row.getByText("Why no download?").click();
      const note = row.getByRole("note");
      await expect(note).toContainText("Your role may not download Lab results.");
      await expect(note).toContainText("Ada Admin (admin@acme.test)");
      await attachScreenshot(page, testInfo, `${vp.name}-analyst-why-no-download`);
      await row.getByTestId("export-name").click();
      await expect(page).toHaveURL(inWorkspace(ACME, RESEARCH, `/exports/${lab}`));
      await page.getByText("Why no download?").click();
      await expect(page.getByRole("note")).toContainText("Your role may not download Lab results.");
      await capture(page, testInfo, `${vp.name}-analyst-export-page-why`);
    });

    test("a viewer's finished export rows say why there is no Download", async ({ page }, testInfo) => {
      const tab = new ExportsPage(page);
      await tab.signIn("viewer@acme.test");
      await tab.goto();
      await tab.selectWorkspace("Acme / Research");
      const row = tab
        .rows()
        .filter({ has: page.locator('[data-testid="export-status"]', { hasText: /^Done$/ }) })
        .filter({ hasText: "Analytics events" })
        .first();
      await expect(row).toBeVisible();
      await expect(row.getByRole("link", { name: /^Download / })).toHaveCount(0);
      await row.getByText("Why no download?").click();
      await expect(row.getByRole("note")).toContainText("Your role may not download Analytics events.");
      await expect(row.getByRole("note")).toContainText("admin@acme.test");
      await expectNoSidewaysScroll(page, `${vp.name} viewer list`);
      await attachScreenshot(page, testInfo, `${vp.name}-viewer-why-no-download`);
    });
  });
}
