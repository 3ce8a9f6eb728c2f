import { expect, test, type APIResponse, type Browser, type BrowserContext } from "@playwright/test";
import { downloadPath, requestExport, sha256, waitForDone } from "./fixtures/downloads";
import { asPortalPage } from "./fixtures/portal-origin";
import { addMember, removeUsers, withPortalDb } from "./fixtures/portal-db";
import { ExportsPage } from "./pages/exports-page";

/*
 * Who may download an export, checked again at download time: the requester and other members who may
 * export the realm in its tenant get the archive; everyone else gets the same "not found" as for an id
 * that does not exist, so nobody learns that the export exists.
 */

async function signedIn(browser: Browser, email: string): Promise<BrowserContext> {
  const context = await browser.newContext();
  await new ExportsPage(await context.newPage()).signIn(email);
  return context;
}

async function expectArchive(res: APIResponse, checksum: string) {
  expect(res.status()).toBe(200);
  expect(res.headers()["content-type"]).toBe("application/zip");
  expect(sha256(await res.body())).toBe(checksum);
}

async function expectNotFound(res: APIResponse) {
  expect(res.status()).toBe(404);
  expect(res.headers()["content-type"]).toContain("application/problem+json");
  const body = await res.text();
  expect(JSON.parse(body)).toMatchObject({ status: 404, title: "Not found", detail: "Export not found" });
  expect(body).not.toContain("PK");
}

test("the archive goes to members who may export its realm in its tenant, and to nobody else", async ({ browser, page, playwright, baseURL }) => {
  await new ExportsPage(page).signIn("analyst@acme.test");
  const { id, sha256: checksum } = await waitForDone(page.request, await requestExport(asPortalPage(page.request, baseURL)));
  const url = downloadPath(id);

  // People a person cannot create through the UI yet: added the way an admin would, straight into the database.
  const [colleague, elsewhere] = await withPortalDb((sql) =>
    Promise.all([
      addMember(sql, { organization: "acme", tenant: "research", role: "analyst", label: "colleague" }),
      addMember(sql, { organization: "acme", tenant: "operations", role: "analyst", label: "operations-analyst" }),
    ]),
  );

  const contexts: BrowserContext[] = [];
  const as = async (email: string) => {
    const context = await signedIn(browser, email);
    contexts.push(context);
    return context.request;
  };
  try {
    await expectArchive(await page.request.get(url), checksum); // the requester
    await expectArchive(await (await as("admin@acme.test")).get(url), checksum); // the organization's admin
    const colleagueRequest = await as(colleague.email);
    await expectArchive(await colleagueRequest.get(url), checksum); // an analyst of the same tenant

    await expectNotFound(await (await as("viewer@acme.test")).get(url)); // reads the list, may export no realm
    await expectNotFound(await (await as(elsewhere.email)).get(url)); // an analyst of another tenant
    await expectNotFound(await (await as("admin@globex.test")).get(url)); // another organization altogether
    // The same answer as for an export that never existed.
    await expectNotFound(await colleagueRequest.get(downloadPath("00000000-0000-4000-8000-000000000000")));

    // Access is checked at download time: once the membership is gone, so is the file, same session or not.
    await withPortalDb((sql) => sql`delete from memberships where id = ${colleague.membershipId}`);
    await expectNotFound(await colleagueRequest.get(url));
  } finally {
    for (const context of contexts) await context.close();
    // Leave the organization's member list as the seed made it, for the specs that read it.
    await withPortalDb((sql) => removeUsers(sql, [colleague, elsewhere]));
  }

  // Signed out: a browser is sent to sign in and back; an API client is told to authenticate.
  const anonymous = await playwright.request.newContext({ baseURL });
  try {
    const browserLike = await anonymous.get(url, { headers: { Accept: "text/html,application/xhtml+xml" }, maxRedirects: 0 });
    expect(browserLike.status()).toBe(303);
    expect(browserLike.headers().location).toBe(`${baseURL}/sign-in?callbackUrl=${encodeURIComponent(url)}`);
    const apiClient = await anonymous.get(url, { maxRedirects: 0 });
    expect(apiClient.status()).toBe(401);
    expect(apiClient.headers()["content-type"]).toContain("application/problem+json");
    expect(await apiClient.json()).toMatchObject({ status: 401, detail: "Sign in or send an API token to download exports." });
  } finally {
    await anonymous.dispose();
  }
});
