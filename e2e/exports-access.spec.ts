import { expect, test } from "@playwright/test";
import { stableUuid } from "../scripts/seed/ids";
import { asPortalPage } from "./fixtures/portal-origin";
import { EXPORT_DATES, listExports, openTab, RESEARCH_TENANT_ID as TENANT_ID } from "./pages/exports-page";

/* Who may create exports, and what the server refuses whatever the browser sends. */

const NO_PERMISSION = "You don't have permission to create exports. Ask an organization or tenant admin.";
const { from: FROM, to: TO } = EXPORT_DATES;

test("a viewer sees the exports but cannot create one, not even by calling the server directly", async ({ page, browser, baseURL }) => {
  // The analyst makes one export through the form; that server-action call is replayed as the viewer below.
  const analystContext = await browser.newContext();
  const analyst = await openTab(await analystContext.newPage(), "analyst@acme.test");
  await analyst.fill({ realm: "Compute jobs", from: FROM, to: TO, format: "CSV", timezone: "UTC" });
  const call = analyst.page.waitForRequest((r) => r.method() === "POST" && Boolean(r.headers()["next-action"]));
  await analyst.submit();
  const recorded = await call;
  const createActionCall = { id: recorded.headers()["next-action"] ?? "", body: recorded.postData() ?? "" };
  await expect(analyst.page.getByText("Export queued")).toBeVisible();
  await analystContext.close();

  const tab = await openTab(page, "viewer@acme.test");
  await expect(page.getByText(NO_PERMISSION, { exact: true })).toBeVisible();
  await expect(page.getByRole("button", { name: "Request export" })).toHaveCount(0);
  await expect(page.getByLabel("Realm", { exact: true })).toHaveCount(0);
  await expect(tab.table).toBeVisible();
  await expect(tab.rows().first()).toBeVisible();
  // Other people's exports: no cancel or delete for a viewer, and no resubmit without create.
  await tab
    .rows()
    .first()
    .getByRole("button", { name: /^Actions for / })
    .click();
  await expect(page.getByRole("menuitem")).toHaveText(["Copy API request"]);
  await page.keyboard.press("Escape");
  await page.getByLabel("Only mine").check();
  await expect(page.getByText("You have not requested any exports in this tenant.")).toBeVisible();
  await page.getByLabel("Only mine").uncheck();
  await expect(tab.rows().first()).toBeVisible();

  const before = (await listExports(page)).items.length;
  const request = (await listExports(page)).items[0]?.request;
  const portal = asPortalPage(page.request, baseURL);
  const api = await portal.post("/api/v1/exports", { data: request });
  expect(api.status()).toBe(403);
  expect(api.headers()["content-type"]).toContain("application/problem+json");
  expect((await api.json()).detail).toMatch(/data\.exports\.create/);

  const action = await portal.post("/exports", {
    headers: { "Next-Action": createActionCall.id, "Content-Type": "text/plain;charset=UTF-8", Accept: "text/x-component" },
    data: createActionCall.body,
  });
  const answer = await action.text();
  expect(answer).toContain('"ok":false');
  expect(answer).toContain("forbidden");
  expect((await listExports(page)).items.length).toBe(before);
});

test("bad input is refused by the server field by field, and the form shows the reason beside the field", async ({ page, baseURL }) => {
  const tab = await openTab(page, "analyst@acme.test");
  // Through the API, a request no form would send: each field is named in the problem document.
  const res = await asPortalPage(page.request, baseURL).post("/api/v1/exports", {
    data: {
      tenantId: TENANT_ID,
      scope: { type: "project", projectId: stableUuid("project:acme:operations:logistics") },
      realm: "lab-results",
      from: "2026-02-30",
      to: "2099-01-01",
      timezone: "Mars/Olympus",
      format: "csv",
    },
  });
  expect(res.status()).toBe(422);
  expect(res.headers()["content-type"]).toContain("application/problem+json");
  const problem = (await res.json()) as { errors: Record<string, string> };
  expect(problem.errors).toMatchObject({
    realm: expect.stringMatching(/may not export/),
    from: expect.stringMatching(/2026-02-30 is not a day on the calendar/),
    timezone: expect.stringMatching(/"Mars\/Olympus" is not a timezone the portal knows/),
    "scope.projectId": expect.stringMatching(/not in this tenant/),
  });

  // Through the form, with a value the browser was tampered into sending: the server's answer appears beside it.
  await tab.fill({ realm: "Compute jobs", from: FROM, to: TO, format: "CSV" });
  await tab.form.getByLabel("Timezone").evaluate((el: HTMLSelectElement) => el.add(new Option("Mars/Olympus", "Mars/Olympus")));
  await tab.form.getByLabel("Timezone").selectOption("Mars/Olympus");
  const before = (await listExports(page)).items.length;
  await tab.submit();
  await expect(page.getByText("The export was not queued")).toBeVisible();
  await expect(tab.form.getByLabel("Timezone")).toHaveAttribute("aria-invalid", "true");
  await expect(page.locator("#export-timezone-error")).toHaveText('"Mars/Olympus" is not a timezone the portal knows; choose one such as Europe/Amsterdam.');
  expect((await listExports(page)).items.length).toBe(before);

  // The form itself holds the range to the organization's maximum and refuses an end before the start.
  await tab.form.getByLabel("Timezone").selectOption("UTC");
  await tab.form.getByLabel("Start date").fill("2024-01-01");
  await tab.form.getByLabel("End date").fill("2025-06-30");
  await expect(page.locator("#export-to-error")).toHaveText(
    "The date range can be at most 366 days; this one is 547. Choose a later start date or an earlier end date.",
  );
  await tab.form.getByLabel("End date").fill("2023-12-31");
  await expect(page.locator("#export-to-error")).toHaveText("The end date must be on or after the start date.");
});
