import { expect, test, type Page } from "@playwright/test";
import { requestExport } from "./fixtures/downloads";
import { expectNoSeriousA11yViolations } from "./fixtures/axe";
import { holdExportSlots } from "./fixtures/portal-db";
import { expectNoSidewaysScroll } from "./fixtures/viewports";
import { asPortalPage } from "./fixtures/portal-origin";
import { ACME_ORGANIZATION_ID, attachScreenshot, openTab } from "./pages/exports-page";
import { TokensPage } from "./pages/tokens-page";

/*
 * What every page has: one h1, the favicon, no sideways scrolling, body-text links told apart by more
 * than colour; the portal's skip link; and the token form validating like every other form.
 */

const SIZES = [
  { name: "desktop", width: 1400, height: 900 },
  { name: "phone", width: 390, height: 844 },
];

async function expectOneH1(page: Page, name: string | RegExp) {
  await expect(page.getByRole("heading", { level: 1 })).toHaveCount(1);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(name);
}

test("sign-in and the not-found page have an h1 and the favicon", async ({ page }, testInfo) => {
  await page.goto("/sign-in");
  await expectOneH1(page, "Sign in");
  const icon = await page.locator("link[rel='icon']").first().getAttribute("href");
  expect(icon).toMatch(/^\/icon\.svg/);
  const svg = await page.request.get(icon ?? "");
  expect(svg.headers()["content-type"]).toContain("image/svg+xml");
  expect(await svg.text()).toContain("<svg");
  await expectNoSeriousA11yViolations(page, "on the sign-in page");

  const missing = await page.goto("/no-such-page");
  expect(missing?.status()).toBe(404);
  await expectOneH1(page, "Not found");
  await expectNoSeriousA11yViolations(page, "on the not-found page");
  await attachScreenshot(page, testInfo, "not-found");
});

test("the download-unavailable page has an h1", async ({ page, baseURL }, testInfo) => {
  await openTab(page, "analyst@acme.test");
  const api = asPortalPage(page.request, baseURL);
  // Held back from starting, so it is still cancellable.
  const held = await holdExportSlots(ACME_ORGANIZATION_ID);
  let id = "";
  try {
    id = await requestExport(api, { to: "2026-01-29" });
    expect((await api.post(`/api/v1/exports/${id}/cancel`)).status()).toBe(200);
  } finally {
    await held.release();
  }
  await page.goto(`/exports/${id}/unavailable`);
  await expectOneH1(page, "This export was cancelled");
  await expectNoSeriousA11yViolations(page, "on the unavailable page");
  await attachScreenshot(page, testInfo, "unavailable");
});

for (const size of SIZES) {
  test(`Developer page at ${size.width}px: skip link first, no sideways scroll, underlined REST API link, token name checked under the field`, async ({
    page,
  }, testInfo) => {
    await page.setViewportSize({ width: size.width, height: size.height });
    await openTab(page, "admin@acme.test");
    const tokens = new TokensPage(page);
    await tokens.open();
    await expectNoSidewaysScroll(page, `on the Developer page at ${size.width}px`);

    // The skip link is the first stop of the keyboard and moves focus to the page's content.
    // A fresh load, so the keyboard starts at the top of the document (a blur keeps the last link as its start).
    await page.reload();
    await expect(page.getByRole("heading", { name: "Developer", level: 1 })).toBeVisible();
    await page.keyboard.press("Tab");
    const skip = page.getByRole("link", { name: "Skip to content" });
    await expect(skip).toBeFocused();
    await expect(skip).toBeVisible();
    await page.keyboard.press("Enter");
    await expect(page.locator("main#main")).toBeFocused();

    const rest = page.getByRole("link", { name: "REST API" });
    expect(await rest.evaluate((a) => getComputedStyle(a).textDecorationLine)).toContain("underline");

    // No name: the server's check answers under the field, as in every other form, not the browser's bubble.
    await tokens.form.getByRole("button", { name: "Create token" }).click();
    await expect(tokens.form.getByText("Give the token a name, e.g. the script that uses it")).toBeVisible();
    await expect(tokens.form.getByLabel("Name", { exact: true })).toHaveAttribute("aria-invalid", "true");
    await expectNoSidewaysScroll(page, `on the Developer page at ${size.width}px`);
    await expectNoSeriousA11yViolations(page, `on the Developer page at ${size.width}px`);
    await attachScreenshot(page, testInfo, `developer-${size.name}`);

    // The new token and its curl example are long unbroken lines; they wrap inside their card.
    await tokens.create(`Sideways check ${size.name} ${Date.now()}`, ["data.exports.read"]);
    await expectNoSidewaysScroll(page, `on the Developer page at ${size.width}px`);
    await expectNoSeriousA11yViolations(page, `with a new token shown at ${size.width}px`);
    await attachScreenshot(page, testInfo, `developer-new-token-${size.name}`);
    await tokens.done();
    await expectNoSidewaysScroll(page, `on the Developer page at ${size.width}px`);
  });
}
