import { randomUUID } from "node:crypto";
import { expect, test } from "@playwright/test";
import { ACME_ORGANIZATION_ID, attachScreenshot, openTab, RESEARCH_TENANT_ID } from "./pages/exports-page";
import { api, SCRIPT_EXPORT_REQUEST, TokensPage } from "./pages/tokens-page";

/*
 * API tokens of members who are not organization admins: an analyst's own tokens, which only they and the
 * admins see and revoke, and a viewer's read-only one. (The admin's token and a script's whole export:
 * api-tokens.spec.ts.)
 */
test.describe.configure({ mode: "serial" });

const request = SCRIPT_EXPORT_REQUEST;

test("an analyst creates their own token, exports with it, sees it alone and revokes it; the admin sees it and can revoke it", async ({
  page,
  browser,
  baseURL,
}, testInfo) => {
  const base = baseURL ?? "";
  await openTab(page, "analyst@acme.test", "Acme / Research");
  const tokens = new TokensPage(page);
  await tokens.open();
  await expect(page.getByRole("heading", { name: "Your API tokens" })).toBeVisible();
  // Only the scopes the analyst holds are offered (studies.read too, unless a spec before this one edited the role).
  await expect(tokens.form.getByRole("checkbox", { name: /^data\.exports\.create / })).toBeVisible();
  const offered = await tokens.form.getByRole("checkbox").evaluateAll((boxes) => boxes.map((b) => (b as HTMLInputElement).value));
  expect(offered).toEqual(expect.arrayContaining(["data.exports.read", "data.exports.create"]));
  expect(
    offered.filter((scope) => !["data.exports.read", "data.exports.create", "studies.read"].includes(scope)),
    "no admin scope",
  ).toEqual([]);
  const name = `E2E analyst script ${Date.now()}`;
  const { token } = await tokens.create(name, ["data.exports.read", "data.exports.create"]);
  await tokens.done();
  await expect(tokens.row(name).getByTestId("token-status")).toContainText("Active");
  await attachScreenshot(page, testInfo, "developer-tab-analyst");

  const call = api(base, token);
  // Dates of its own, so no earlier identical request of the analyst's can stand in for this one.
  const created = await call("/api/v1/exports", { method: "POST", body: JSON.stringify({ ...request, from: "2025-03-01", to: "2025-03-09" }) });
  expect(created.status).toBe(202);
  const { id } = (await created.json()) as { id: string };
  const listed = (await (await call(`/api/v1/exports?organizationId=${ACME_ORGANIZATION_ID}&tenantId=${RESEARCH_TENANT_ID}`)).json()) as {
    items: { id: string }[];
  };
  expect(listed.items.map((e) => e.id)).toContain(id);
  expect((await call(`/api/v1/exports/${id}/cancel`, { method: "POST" })).status).toBeLessThan(300);

  // The organization admin sees the analyst's token among everyone's, with its owner.
  const adminContext = await browser.newContext();
  const adminPage = await adminContext.newPage();
  await openTab(adminPage, "admin@acme.test", "Acme / Research");
  const adminTokens = new TokensPage(adminPage);
  await adminTokens.open();
  await expect(adminTokens.row(name)).toContainText("analyst@acme.test");
  await expect(adminTokens.row(name).getByRole("button", { name: `Revoke token ${name}` })).toBeVisible();

  await page.reload();
  await tokens.revoke(name);
  await expect(page.getByText("Token revoked")).toBeVisible();
  await expect(tokens.row(name).getByTestId("token-status")).toContainText("Revoked");
  expect((await call(`/api/v1/exports/${id}`)).status).toBe(401);

  // A second analyst token, revoked by the admin this time.
  await tokens.open();
  const second = `E2E analyst second ${Date.now()}`;
  const { token: secondToken } = await tokens.create(second, ["data.exports.read"]);
  await tokens.done();
  await adminPage.reload();
  await adminTokens.revoke(second);
  await expect(adminPage.getByText("Token revoked")).toBeVisible();
  const refused = await api(base, secondToken)(`/api/v1/exports?organizationId=${ACME_ORGANIZATION_ID}&tenantId=${RESEARCH_TENANT_ID}`);
  expect(refused.status).toBe(401);
  await page.reload();
  await expect(tokens.row(second).getByTestId("token-status")).toContainText("Revoked");
  await adminContext.close();
});

test("an analyst neither sees nor revokes another person's token: its id is not found, like a made-up one", async ({ page, browser }) => {
  const adminContext = await browser.newContext();
  const adminPage = await adminContext.newPage();
  await openTab(adminPage, "admin@acme.test", "Acme / Research");
  const adminTokens = new TokensPage(adminPage);
  await adminTokens.open();
  const theirs = `E2E admin token ${Date.now()}`;
  await adminTokens.create(theirs, ["data.exports.read"]);
  await adminTokens.done();
  const theirsId = (await adminTokens.row(theirs).getAttribute("data-token-id")) ?? "";
  expect(theirsId).toMatch(/^[0-9a-f-]{36}$/);

  await openTab(page, "analyst@acme.test", "Acme / Research");
  const tokens = new TokensPage(page);
  await tokens.open();
  await expect(page.getByText(theirs)).toHaveCount(0);
  const mine = `E2E analyst own ${Date.now()}`;
  await tokens.create(mine, ["data.exports.read"]);
  await tokens.done();
  const mineId = (await tokens.row(mine).getAttribute("data-token-id")) ?? "";

  // The revoke action as the browser sends it, with the analyst's own id swapped for another.
  const answers: string[] = [];
  for (const target of [theirsId, randomUUID()]) {
    await page.route("**/settings/tokens", async (route) => {
      const body = route.request().postData() ?? "";
      if (route.request().method() !== "POST" || !body.includes(mineId)) return route.continue();
      const response = await route.fetch({ postData: body.replaceAll(mineId, target) });
      answers.push(await response.text());
      await route.fulfill({ response });
    });
    await tokens.revoke(mine);
    await expect(page.getByText("The token was not revoked")).toBeVisible();
    await expect(page.getByText("Token not found", { exact: true })).toBeVisible();
    await page.unroute("**/settings/tokens");
    await page.reload();
  }
  expect(answers).toHaveLength(2);
  expect(answers[0]).toContain("Token not found");
  expect(answers[0]).toBe(answers[1]);
  await expect(tokens.row(mine).getByTestId("token-status")).toContainText("Active");
  await adminPage.reload();
  await expect(adminTokens.row(theirs).getByTestId("token-status")).toContainText("Active");
  await adminContext.close();
});

test("a viewer gets a read-only token: it lists exports but cannot create one", async ({ page, baseURL }, testInfo) => {
  await openTab(page, "viewer@acme.test", "Acme / Research");
  const tokens = new TokensPage(page);
  await tokens.open();
  await expect(tokens.form.getByRole("checkbox")).toHaveCount(1);
  await expect(tokens.form.getByRole("checkbox")).toHaveAttribute("value", "data.exports.read");
  const name = `E2E viewer ${Date.now()}`;
  const { token } = await tokens.create(name, ["data.exports.read"]);
  await tokens.done();
  await attachScreenshot(page, testInfo, "developer-tab-viewer");
  const call = api(baseURL ?? "", token);
  const list = await call(`/api/v1/exports?organizationId=${ACME_ORGANIZATION_ID}&tenantId=${RESEARCH_TENANT_ID}`);
  expect(list.status).toBe(200);
  expect(await list.json()).toHaveProperty("items");
  const refused = await call("/api/v1/exports", { method: "POST", body: JSON.stringify(request) });
  expect(refused.status).toBe(403);
  expect(((await refused.json()) as { detail: string }).detail).toContain("data.exports.create");
  await tokens.revoke(name);
  await expect(tokens.row(name).getByTestId("token-status")).toContainText("Revoked");
});
