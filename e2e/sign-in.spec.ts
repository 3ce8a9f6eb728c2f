import { expect, test } from "@playwright/test";
import { signInThroughMailbox } from "./fixtures/mailbox";

test("analyst signs in through the mailbox link and sees the portal", async ({ page }) => {
  await page.goto("/exports");
  await expect(page).toHaveURL(/\/sign-in\?callbackUrl=%2Fexports/);
  await signInThroughMailbox(page, "analyst@acme.test");
  await expect(page).toHaveURL(/\/exports$/);
  await expect(page.getByTestId("signed-in-as")).toHaveText("analyst@acme.test");

  await page.getByLabel("Organization and tenant").selectOption({ label: "Acme / Research" });
  await expect(page.getByRole("heading", { name: "Exports", exact: true })).toBeVisible();
  await expect(page.getByText("Select an organization and tenant")).toHaveCount(0);
  // Only the tenant the analyst belongs to is offered.
  await expect(page.getByLabel("Organization and tenant").locator("option")).toHaveText(["Select…", "Acme / Research"]);

  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/sign-in/);
});

test("a used magic link does not sign in twice", async ({ page, context }) => {
  await signInThroughMailbox(page, "viewer@acme.test");
  await expect(page.getByTestId("signed-in-as")).toHaveText("viewer@acme.test");
  const message = await page.request.get("/dev/mailbox?to=viewer%40acme.test");
  const id = /href="\/dev\/mailbox\/([0-9a-f-]{36})"/.exec(await message.text())?.[1];
  const html = await (await page.request.get(`/dev/mailbox/${id}`)).text();
  // The page shows the email escaped once (text) or twice (inside the iframe's srcdoc).
  const link = /(http[^\s"<]+\/api\/auth\/callback\/email[^\s"<\]]+)/.exec(html)?.[1]?.replace(/&amp;(amp;)?/g, "&");
  expect(link).toBeTruthy();
  await context.clearCookies();
  await page.goto(link ?? "");
  await expect(page).toHaveURL(/\/sign-in\?.*error=Verification/);
  await expect(page.getByText("That sign-in link has expired or was already used.")).toBeVisible();
});

test("an unknown address gets the same answer and no email", async ({ page }) => {
  await page.goto("/sign-in");
  await page.getByLabel("Work email").fill("nobody@unknown.test");
  await page.getByRole("button", { name: "Email me a sign-in link" }).click();
  await expect(page).toHaveURL(/\/check-email$/);
  await expect(page.getByRole("heading", { name: "Check your email" })).toBeVisible();
  await expect(page.getByText("If that address belongs to a member of an organization")).toBeVisible();
  const mailbox = await (await page.request.get("/dev/mailbox?to=nobody%40unknown.test")).text();
  expect(mailbox).toContain("No messages yet");
});

test("health reports the database and the job engine", async ({ request }) => {
  const res = await request.get("/api/health");
  expect(res.status()).toBe(200);
  const body = await res.json();
  expect(body.database.ok).toBe(true);
  expect(body.engine).toMatchObject({ ok: true, kind: "embedded" });
});
