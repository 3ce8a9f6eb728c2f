import http from "node:http";
import type { AddressInfo } from "node:net";
import { expect, test, type Page } from "@playwright/test";
import { findExport, requestExport, SMALL_EXPORT } from "./fixtures/downloads";
import { holdExportSlots, withPortalDb } from "./fixtures/portal-db";
import { asPortalPage } from "./fixtures/portal-origin";
import { ACME_ORGANIZATION_ID, ExportsPage, openTab } from "./pages/exports-page";

/*
 * What another site can make a signed-in browser do, and the headers that stop it. "Another site" is a page
 * served from another port of the same host: same-site, so the browser sends the portal's Lax session
 * cookie along with its form posts, but not same-origin.
 */

let attacker: http.Server;
let attackerOrigin = "";
const pages = new Map<string, string>();

test.beforeAll(async () => {
  attacker = http.createServer((req, res) => {
    const html = pages.get(req.url ?? "");
    if (html === undefined) res.writeHead(404).end();
    else res.writeHead(200, { "content-type": "text/html; charset=utf-8" }).end(html);
  });
  await new Promise<void>((resolve) => attacker.listen(0, "127.0.0.1", resolve));
  attackerOrigin = `http://localhost:${(attacker.address() as AddressInfo).port}`;
});
test.afterAll(async () => {
  await new Promise<void>((resolve) => attacker.close(() => resolve()));
});

/** A page on the attacker's port that posts a form to `action` as soon as it loads. */
function autoPostingForm(path: string, action: string, body: Record<string, unknown> | null) {
  // enctype=text/plain sends `name=value`; splitting the JSON at a string makes the body valid JSON.
  const json = JSON.stringify({ ...body, pad: "" });
  const field = body ? `<input type="hidden" name='${json.slice(0, -2)}' value='"}'>` : "";
  pages.set(
    path,
    `<!doctype html><form id="f" method="post" enctype="text/plain" action="${action}">${field}</form><script>document.getElementById("f").submit()</script>`,
  );
  return `${attackerOrigin}${path}`;
}

/** Records what the Content Security Policy blocked, and script errors, on every page of the context. */
function watchPolicy(page: Page): string[] {
  const problems: string[] = [];
  page.on("console", (message) => {
    if (message.type() === "error" && /Content Security Policy|Refused to/i.test(message.text())) problems.push(`${page.url()}: ${message.text()}`);
  });
  page.on("pageerror", (error) => problems.push(`${page.url()}: ${error.message}`));
  return problems;
}

test("a page on another port cannot create or cancel exports with the signed-in person's cookie", async ({ page, baseURL }) => {
  const tab = await openTab(page, "analyst@acme.test");
  const held = await holdExportSlots(ACME_ORGANIZATION_ID);
  try {
    const pending = await requestExport(asPortalPage(page.request, baseURL));
    const countExports = () =>
      withPortalDb(async (sql) => Number((await sql`select count(*)::int as n from exports where organization_id = ${ACME_ORGANIZATION_ID}`)[0]?.n));
    const before = await countExports();

    // A program holding the cookie that names no origin at all is refused as well: scripts use a token.
    const bare = await page.request.post("/api/v1/exports", { data: SMALL_EXPORT });
    expect(bare.status()).toBe(403);
    expect(((await bare.json()) as { detail: string }).detail).toBe(
      "This request was refused because it did not come from the portal's own pages (it had no Origin header). A signed-in browser can change things only from the portal itself; scripts should send an API token as Authorization: Bearer <token>.",
    );
    expect((await page.request.post(`/api/v1/exports/${pending}/cancel`)).status()).toBe(403);

    await page.goto(autoPostingForm("/create.html", `${baseURL}/api/v1/exports`, SMALL_EXPORT));
    await expect(page.locator("body")).toContainText("This request was refused because it did not come from the portal's own pages");
    await expect(page.locator("body")).toContainText(`it came from ${attackerOrigin}`);

    await page.goto(autoPostingForm("/cancel.html", `${baseURL}/api/v1/exports/${pending}/cancel`, null));
    await expect(page.locator("body")).toContainText("did not come from the portal's own pages");

    // A script on the other page fares no better: its request carries the other page's Origin.
    pages.set("/fetch.html", "<!doctype html><title>fetch</title>");
    await page.goto(`${attackerOrigin}/fetch.html`);
    const sent = await page.evaluate(
      async ({ url, body }) => {
        await fetch(url, { method: "POST", mode: "no-cors", credentials: "include", headers: { "Content-Type": "text/plain" }, body: JSON.stringify(body) });
        return true;
      },
      { url: `${baseURL}/api/v1/exports`, body: SMALL_EXPORT },
    );
    expect(sent).toBe(true);

    expect(await countExports()).toBe(before);
    expect((await findExport(page.request, pending))?.status).toBe("pending");

    // The portal's own page still cancels it.
    await tab.goto();
    await tab.selectWorkspace("Acme / Research");
    const own = await page.evaluate(async (url) => (await fetch(url, { method: "POST" })).status, `${baseURL}/api/v1/exports/${pending}/cancel`);
    expect(own).toBe(200);
    expect((await findExport(page.request, pending))?.status).toBe("cancelled");
  } finally {
    await held.release();
  }
});

test("no page of the portal can be framed by another site", async ({ page, baseURL }) => {
  const refusals: string[] = [];
  page.on("console", (message) => {
    if (/frame-ancestors 'none'/.test(message.text())) refusals.push(message.text());
  });
  pages.set("/frame.html", `<!doctype html><iframe id="portal" src="${baseURL}/sign-in" onload="document.title='framed'"></iframe>`);
  await page.goto(`${attackerOrigin}/frame.html`);
  await expect(page).toHaveTitle("framed");
  await expect.poll(() => refusals.length, { message: "Chromium's refusal to show the portal in a frame" }).toBeGreaterThan(0);
  const frame = page.frames().find((f) => f !== page.mainFrame());
  expect(
    await frame
      ?.locator("body")
      .innerText()
      .catch(() => ""),
  ).not.toContain("Work email");
});

test("pages, API answers and downloads carry the security headers", async ({ page }) => {
  const answers = {
    page: await page.request.get("/sign-in"),
    api: await page.request.get("/api/v1/realms"),
    download: await page.request.get("/exports/00000000-0000-4000-8000-000000000000/download", { maxRedirects: 0 }),
  };
  for (const [kind, res] of Object.entries(answers)) {
    const h = res.headers();
    expect(h["x-frame-options"], kind).toBe("DENY");
    expect(h["x-content-type-options"], kind).toBe("nosniff");
    expect(h["referrer-policy"], kind).toBe("same-origin");
    expect(h["content-security-policy"], kind).toContain("frame-ancestors 'none'");
  }
  const pagePolicy = answers.page.headers()["content-security-policy"] ?? "";
  const nonce = /'nonce-([^']+)'/.exec(pagePolicy)?.[1];
  expect(nonce).toBeTruthy();
  // Every script Next put on the page carries this response's nonce.
  const scripts = [...(await answers.page.text()).matchAll(/<script\b[^>]*>/g)].map((m) => m[0]);
  expect(scripts.length).toBeGreaterThan(0);
  for (const tag of scripts) expect(tag).toContain(`nonce="${nonce}"`);
  expect(answers.api.headers()["content-security-policy"]).toBe("default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'");
});

test("every page renders and works under the Content Security Policy, with nothing blocked", async ({ page }) => {
  const problems = watchPolicy(page);
  const tab = await openTab(page, "admin@acme.test");
  // Hydrated and talking to the API: choosing a realm brings an estimate.
  await tab.chooseRealm("Compute jobs");
  await expect(tab.estimate).toHaveText(/rows/);
  for (const path of [
    "/settings/tokens",
    "/admin/members",
    "/admin/roles",
    "/admin/limits",
    "/admin/audit",
    "/admin/webhooks",
    "/dev/mailbox",
    "/no-such-page",
  ]) {
    await page.goto(path);
    await expect(page.locator("main").first()).toBeVisible();
  }
  // A client-side navigation works too (it needs the scripts the policy allows).
  await page.goto("/admin/members");
  await page.getByRole("link", { name: "Roles" }).first().click();
  await expect(page).toHaveURL(/\/admin\/roles$/);
  expect(problems).toEqual([]);
});

test("server action calls from another site or with a body Next cannot read are refused with 4xx, not 500", async ({ page, baseURL }) => {
  // A real action id, as the sign-in form sends it.
  await page.goto("/sign-in");
  await page.getByLabel("Work email").fill("nobody@unknown.test");
  const [call] = await Promise.all([
    page.waitForRequest((r) => r.method() === "POST" && Boolean(r.headers()["next-action"])),
    page.getByRole("button", { name: "Email me a sign-in link" }).click(),
  ]);
  const actionId = call.headers()["next-action"] ?? "";
  await new ExportsPage(page).signIn("admin@acme.test");

  const post = (headers: Record<string, string>, data: string) =>
    page.request.post("/admin/members", { headers: { "Next-Action": actionId, Accept: "text/x-component", ...headers }, data });
  const crossSite = await post({ Origin: attackerOrigin, "Content-Type": "text/plain;charset=UTF-8" }, "[]");
  expect(crossSite.status()).toBe(403);
  expect(await crossSite.text()).toBe("This form was sent from another site, so it was refused. Open the portal and try again there.");
  // With the session cookie but no Origin at all (no browser sends that): refused the same way.
  expect((await post({ "Content-Type": "text/plain;charset=UTF-8" }, "[]")).status()).toBe(403);
  const unreadable = await post({ Origin: baseURL ?? "", "Content-Type": "text/plain;charset=UTF-8" }, "garbage");
  expect(unreadable.status()).toBe(400);
  expect(await unreadable.text()).toBe("This form could not be read. Reload the page and try again.");
  const notRoot = await page.request.post("/admin/members", {
    headers: { "Next-Action": actionId, Origin: baseURL ?? "" },
    multipart: { "1_email": "x@example.test" },
  });
  expect(notRoot.status()).toBe(400);
  const unknown = await post(
    { Origin: baseURL ?? "", "Content-Type": "text/plain;charset=UTF-8", "Next-Action": "00deadbeef00deadbeef00deadbeef00deadbeef00" },
    "[]",
  );
  expect(unknown.status()).toBe(409);
});

test("an unknown address leaves no sign-in token behind, and Auth.js's own endpoint for links is closed", async ({ page }) => {
  const address = `nobody-${Date.now()}@unknown.test`;
  await page.goto("/sign-in");
  await page.getByLabel("Work email").fill(address);
  await page.getByRole("button", { name: "Email me a sign-in link" }).click();
  await expect(page.getByRole("heading", { name: "Check your email" })).toBeVisible();
  const tokens = await withPortalDb(async (sql) => (await sql`select count(*)::int as n from verification_tokens where identifier = ${address}`)[0]?.n);
  expect(tokens).toBe(0);

  const csrf = ((await (await page.request.get("/api/auth/csrf")).json()) as { csrfToken: string }).csrfToken;
  const direct = await page.request.post("/api/auth/signin/email", { form: { email: "analyst@acme.test", csrfToken: csrf }, maxRedirects: 0 });
  expect(direct.status()).toBe(404);
  expect(await direct.json()).toEqual({ detail: "Ask for a sign-in link on the sign-in page." });
});
