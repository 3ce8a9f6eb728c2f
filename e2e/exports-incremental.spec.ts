import { expect, test } from "@playwright/test";
import { EXPORT_DATES, openTab } from "./pages/exports-page";

/* "Only rows new since …" on the New export form, against the real portal: the offer, the run and the export's page. */

test("a done export of a stream is offered as 'only rows new since'; the next one continues it and its page shows the range", async ({ page }) => {
  const request = { realm: "Compute jobs", from: EXPORT_DATES.from, to: EXPORT_DATES.to, format: "JSON (array of arrays)", timezone: "UTC" };
  const tab = await openTab(page, "analyst@acme.test");
  await tab.fill(request);
  await tab.submit();
  await expect(page.getByText("Export queued")).toBeVisible();
  const firstId = await tab.newestId();
  await expect(tab.status(tab.row(firstId))).toHaveText(/^Done/, { timeout: 110_000 });

  // A fresh form, in the same session.
  await tab.goto();
  await tab.selectWorkspace("Acme / Research");
  await tab.fill(request);
  const offer = tab.form.getByLabel(/^Only rows new since .+ \(export .+\)/);
  await expect(offer).toBeVisible();
  await offer.check();
  await expect(page.getByTestId("export-estimate")).toHaveText(/^0 rows/);
  await tab.submit();
  // Nothing new yet, so the form asks first, as it does for any request of 0 rows.
  await page.getByRole("alertdialog", { name: "No rows match this request" }).getByRole("button", { name: "Request anyway" }).click();
  await expect(page.getByText("Export queued")).toBeVisible();
  const nextId = await tab.newestId();
  expect(nextId).not.toBe(firstId);
  // Nothing new arrived: its own outcome, worded so.
  await expect(tab.status(tab.row(nextId))).toHaveText(/^No new rows/, { timeout: 110_000 });

  await page.goto(`/exports/${nextId}`);
  const card = page.getByTestId("export-checkpoint");
  await expect(card).toContainText("Rows that arrived after the export it continues");
  await expect(card).toContainText("No new rows had arrived.");
  await expect(card).toContainText(/Checkpoint for the next export: ckpt_/);
  await expect(card.getByRole("link", { name: "the export it continues" })).toHaveAttribute("href", new RegExp(`/exports/${firstId}$`));
});
