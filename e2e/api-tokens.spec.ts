import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import fs from "node:fs";
import { expect, test } from "@playwright/test";
import { stableUuid } from "../scripts/seed/ids";
import { readZip } from "./pages/archive";
import { withPortalDb } from "./fixtures/portal-db";
import { asPortalPage } from "./fixtures/portal-origin";
import { ACME_ORGANIZATION_ID, attachScreenshot, openTab, RESEARCH_TENANT_ID } from "./pages/exports-page";
import { api, SCRIPT_EXPORT_REQUEST, TokensPage } from "./pages/tokens-page";

/*
 * API tokens end to end: created in the Developer tab, then used the way a script uses them — plain HTTP
 * with Authorization: Bearer and no cookies — against the real portal and the real job engine. (What an
 * analyst's and a viewer's tokens may do: api-tokens-by-role.spec.ts.)
 */
test.describe.configure({ mode: "serial" });

const SOUTH_TENANT_ID = stableUuid("tenant:globex:south");
const request = SCRIPT_EXPORT_REQUEST;

/** Runs a shell command as a person would paste it, with the variables the portal's snippets use. */
function shell(command: string, env: Record<string, string> = {}): string {
  return execFileSync("bash", ["-c", command], { env: { ...process.env, ...env }, encoding: "utf8", timeout: 30_000, stdio: ["ignore", "pipe", "ignore"] });
}

let globexExportId = "";

test("a Globex export exists for the cross-organization checks", async ({ page, baseURL }) => {
  // Globex / South: Globex / North stays empty for the empty-state spec.
  await openTab(page, "admin@globex.test", "Globex / South");
  const res = await asPortalPage(page.request, baseURL).post("/api/v1/exports", { data: { ...request, tenantId: SOUTH_TENANT_ID } });
  expect(res.status()).toBe(202);
  globexExportId = ((await res.json()) as { id: string }).id;
});

test("admin creates a token in the Developer tab and a script exports, follows and downloads with it; revoking stops it", async ({
  page,
  context,
  baseURL,
}, testInfo) => {
  const base = baseURL ?? "";
  await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: base });
  const clipboard = () => page.evaluate(() => navigator.clipboard.readText());
  const exportsTab = await openTab(page, "admin@acme.test", "Acme / Research");
  const tokens = new TokensPage(page);
  await tokens.open();
  const name = `E2E script ${Date.now()}`;
  const { token, snippet } = await tokens.create(name, ["data.exports.read", "data.exports.create"]);
  expect(token).toMatch(/^dep_[A-Za-z0-9]{8}_[A-Za-z0-9_-]{43}$/);
  await attachScreenshot(page, testInfo, "developer-tab-new-token");
  await page.getByRole("button", { name: "Copy token" }).click();
  expect(await clipboard()).toBe(token);
  await page.getByRole("button", { name: "Copy example" }).click();
  await expect.poll(clipboard).toBe(snippet);
  await tokens.done();
  const row = tokens.row(name);
  await expect(row).toContainText(`${token.slice(0, 12)}_…`);
  await expect(row).toContainText("Research");
  await expect(row).toContainText("data.exports.create");
  await expect(row.getByTestId("token-last-used")).toHaveText("Last used never");
  await expect(row.getByTestId("token-status")).toContainText("Active");
  // Unless told otherwise, a token lasts 90 days.
  const expires = (await row.getByTestId("token-expires").textContent()) ?? "";
  expect(expires).toMatch(/^Expires \d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC$/);
  const expiresAt = Date.parse(`${expires.slice("Expires ".length, -" UTC".length).replace(" ", "T")}:00Z`);
  expect(Math.abs(expiresAt - (Date.now() + 90 * 86_400_000))).toBeLessThan(10 * 60_000);
  // The secret is never shown again: not in the table, not after a reload.
  await page.reload();
  await expect(page.getByText(token)).toHaveCount(0);

  // The tab's example, as copied, runs in a terminal and lists this tenant's exports.
  expect(snippet).toContain(`export PORTAL_TOKEN="${token}"`);
  expect(JSON.parse(shell(snippet))).toHaveProperty("items");

  const call = api(base, token);
  const created = await call("/api/v1/exports", { method: "POST", body: JSON.stringify(request) });
  expect(created.status).toBe(202);
  const location = created.headers.get("location") ?? "";
  const { id } = (await created.json()) as { id: string };
  expect(location).toBe(`/api/v1/exports/${id}`);

  let done:
    | {
        status: string;
        progress: number | null;
        sizeBytes: number | null;
        sha256: string | null;
        rowCount: number | null;
        expiresAt: string | null;
        downloadUrl: string | null;
      }
    | undefined;
  await expect
    .poll(
      async () => {
        const res = await call(location);
        expect(res.status).toBe(200);
        done = (await res.json()) as typeof done;
        return done?.status;
      },
      { timeout: 110_000, intervals: [500] },
    )
    .toBe("done");
  expect(done).toMatchObject({ progress: 1, downloadUrl: `${base}/exports/${id}/download` });
  expect(done?.sizeBytes).toBeGreaterThan(0);
  expect(done?.sha256).toMatch(/^[0-9a-f]{64}$/);
  expect(Date.parse(done?.expiresAt ?? "")).toBeGreaterThan(Date.now());

  const download = await call(`/api/v1/exports/${id}/download`);
  expect(download.status).toBe(200);
  expect(download.headers.get("content-type")).toBe("application/zip");
  const bytes = Buffer.from(await download.arrayBuffer());
  expect(bytes.subarray(0, 4).toString("latin1")).toBe("PK\u0003\u0004");
  expect(bytes.length).toBe(done?.sizeBytes);
  expect(createHash("sha256").update(bytes).digest("hex")).toBe(done?.sha256);
  const file = testInfo.outputPath("token-export.zip");
  fs.writeFileSync(file, bytes);
  const entries = await readZip(file);
  const manifest = JSON.parse(entries.get("manifest.json")?.toString("utf8") ?? "{}") as { totals?: { rows?: number } };
  expect(manifest.totals?.rows).toBe(done?.rowCount);
  expect(done?.rowCount).toBeGreaterThan(100);
  // The downloadUrl the API returns works with the token as well.
  expect((await call(done?.downloadUrl ?? "")).status).toBe(200);

  // Another organization's export does not exist for this token, whatever the verb.
  for (const [path, method] of [
    [`/api/v1/exports/${globexExportId}`, "GET"],
    [`/api/v1/exports/${globexExportId}/download`, "GET"],
    [`/exports/${globexExportId}/download`, "GET"],
    [`/api/v1/exports/${globexExportId}/cancel`, "POST"],
    [`/api/v1/exports/${globexExportId}`, "DELETE"],
  ] as const) {
    const res = await call(path, { method });
    expect(res.status, `${method} ${path}`).toBe(404);
    expect(((await res.json()) as { detail: string }).detail).toBe("Export not found");
  }
  const foreignList = await call(`/api/v1/exports?organizationId=${stableUuid("org:globex")}&tenantId=${SOUTH_TENANT_ID}`);
  expect(foreignList.status).toBe(404);

  // The Exports tab's "Copy API request" is a curl command that works as pasted with this token.
  await exportsTab.goto();
  await exportsTab.rowAction(exportsTab.row(id), "Copy API request");
  await expect(page.getByText("API request copied")).toBeVisible();
  const command = await clipboard();
  expect(command).toContain("$PORTAL_TOKEN");
  const again = JSON.parse(shell(command, { PORTAL_URL: base, PORTAL_TOKEN: token })) as { id: string; status: string; realm: string };
  expect(again).toMatchObject({ status: "pending", realm: "jobs" });
  expect(again.id).not.toBe(id);
  expect((await call(`/api/v1/exports/${again.id}`)).status).toBe(200);

  await page.goto("/settings/tokens");
  await expect(tokens.row(name).getByTestId("token-last-used")).toHaveText(/^Last used \d{4}-/);
  await tokens.revoke(name);
  await expect(page.getByText("Token revoked")).toBeVisible();
  await expect(tokens.row(name).getByTestId("token-status")).toContainText("Revoked");
  await expect(tokens.row(name).getByRole("button", { name: /^Revoke/ })).toHaveCount(0);
  await attachScreenshot(page, testInfo, "developer-tab-revoked");
  const refused = await call(`/api/v1/exports/${id}`);
  expect(refused.status).toBe(401);
  expect(refused.headers.get("www-authenticate")).toMatch(/^Bearer/);
  expect((await call(`/api/v1/exports/${id}/download`)).status).toBe(401);
});

test("a token chosen never to expire says so; an expired one stops working and the tab says it expired", async ({ page, baseURL }, testInfo) => {
  await openTab(page, "admin@acme.test", "Acme / Research");
  const tokens = new TokensPage(page);
  await tokens.open();
  const lasting = `E2E lasting ${Date.now()}`;
  await tokens.create(lasting, ["data.exports.read"], "tenant", "Never");
  await tokens.done();
  await expect(tokens.row(lasting).getByTestId("token-expires")).toHaveText("Never expires");

  const brief = `E2E brief ${Date.now()}`;
  const { token } = await tokens.create(brief, ["data.exports.read"], "tenant", "In 30 days");
  await tokens.done();
  const list = `/api/v1/exports?organizationId=${ACME_ORGANIZATION_ID}&tenantId=${RESEARCH_TENANT_ID}`;
  const call = api(baseURL ?? "", token);
  expect((await call(list)).status).toBe(200);
  // Thirty days cannot be waited out in a test: move the expiry into the past, as if they had gone by.
  await withPortalDb((sql) => sql`update api_tokens set expires_at = now() - interval '1 minute' where name = ${brief}`);
  const refused = await call(list);
  expect(refused.status).toBe(401);
  expect(((await refused.json()) as { detail: string }).detail).toMatch(/token/i);
  await page.reload();
  await expect(tokens.row(brief).getByTestId("token-status")).toContainText("Expired");
  await expect(tokens.row(lasting).getByTestId("token-status")).toContainText("Active");
  await attachScreenshot(page, testInfo, "developer-tab-expiry");
});

test("the OpenAPI document describes the bearer scheme and every export endpoint", async ({ baseURL }) => {
  const res = await fetch(new URL("/api/v1/openapi.json", baseURL));
  expect(res.status).toBe(200);
  const doc = (await res.json()) as { openapi: string; paths: Record<string, unknown>; components: { securitySchemes: Record<string, { scheme?: string }> } };
  expect(doc.openapi).toBe("3.1.0");
  expect(doc.components.securitySchemes.bearerToken?.scheme).toBe("bearer");
  expect(Object.keys(doc.paths)).toEqual(
    expect.arrayContaining(["/api/v1/realms", "/api/v1/exports/{id}", "/api/v1/exports/{id}/download", "/api/v1/exports/{id}/resubmit"]),
  );
});
