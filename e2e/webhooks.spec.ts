import { expect, test } from "@playwright/test";
import { Webhook } from "standardwebhooks";
import { stableUuid } from "../scripts/seed/ids";
import { startReceiver, type WebhookReceiver } from "../test/webhook-receiver";
import { expectNoSeriousA11yViolations } from "./fixtures/axe";
import { asPortalPage } from "./fixtures/portal-origin";
import { openTab } from "./pages/exports-page";
import { SCRIPT_EXPORT_REQUEST } from "./pages/tokens-page";

/*
 * Admin → Webhooks end to end: an organization admin registers an endpoint (a receiver in this process on
 * 127.0.0.1; the portal runs with WEBHOOKS_ALLOW_PRIVATE=true for it), reads it back after a reload, and
 * sees the delivery of an export it requested in the log, signed with the secret the page showed once.
 */
const SOUTH_TENANT_ID = stableUuid("tenant:globex:south");
let receiver: WebhookReceiver | undefined;

test.afterAll(async () => {
  await receiver?.close();
});

test("an organization admin registers a webhook endpoint, sees a delivery in its log, and deletes it", async ({ page, baseURL }) => {
  receiver = await startReceiver();
  await openTab(page, "admin@globex.test", "Globex / South");
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Admin" }).click();
  const tab = page.getByRole("navigation", { name: "Admin sections" }).getByRole("link", { name: "Webhooks", exact: true });
  await tab.click();
  await expect(tab).toHaveAttribute("aria-current", "page");

  const form = page.getByRole("form", { name: "Register an endpoint" });
  // No URL: the server's check answers under the field.
  await form.getByRole("button", { name: "Register endpoint" }).click();
  await expect(form.getByText("Give the URL the portal should post to.")).toBeVisible();
  await expect(form.getByLabel("URL")).toHaveAttribute("aria-invalid", "true");
  await expectNoSeriousA11yViolations(page, "on Admin → Webhooks");
  await form.getByLabel("URL").fill(receiver.url);
  await form.getByRole("button", { name: "Register endpoint" }).click();
  const secret = await page.getByLabel("Signing secret").inputValue();
  expect(secret).toMatch(/^whsec_/);
  await page.getByRole("button", { name: "Done, I have copied it" }).click();

  await page.reload();
  const endpoint = page.getByTestId("webhook-endpoint").filter({ hasText: receiver.url });
  await expect(endpoint).toHaveCount(1);
  await expect(endpoint.getByTestId("endpoint-state")).toHaveText("Enabled");
  await expect(endpoint).toContainText("export.completed, export.failed");
  // The secret was shown once and is not on the page any more.
  await expect(page.getByText(secret)).toHaveCount(0);

  const res = await asPortalPage(page.request, baseURL).post("/api/v1/exports", { data: { ...SCRIPT_EXPORT_REQUEST, tenantId: SOUTH_TENANT_ID } });
  expect([200, 202]).toContain(res.status());
  const exportId = ((await res.json()) as { id: string }).id;

  const r = receiver;
  await expect.poll(() => r.received.find((x) => x.body.includes(exportId)) !== undefined, { timeout: 90_000 }).toBe(true);
  const got = r.received.find((x) => x.body.includes(exportId));
  expect(new Webhook(secret).verify(got?.body ?? "", got?.headers ?? {})).toMatchObject({ type: "export.completed", data: { exportId } });

  await expect(async () => {
    await page.reload();
    const attempt = page.getByTestId("webhook-endpoint").filter({ hasText: r.url }).getByTestId("attempt").first();
    await expect(attempt).toContainText("Attempt 1: 200 at", { timeout: 2_000 });
  }).toPass({ timeout: 30_000 });
  const delivered = page.getByTestId("webhook-endpoint").filter({ hasText: r.url }).getByTestId("delivery").first();
  await expect(delivered).toContainText("export.completed");
  await expect(delivered).toContainText("Delivered");
  await expectNoSeriousA11yViolations(page, "with a delivery in the log");

  await page.getByRole("button", { name: `Delete endpoint ${r.url}` }).click();
  await page.getByRole("alertdialog").getByRole("button", { name: "Delete endpoint", exact: true }).click();
  await expect(page.getByTestId("webhook-endpoint").filter({ hasText: r.url })).toHaveCount(0);
});
