import { expect, test } from "@playwright/test";
import { asPortalPage } from "./fixtures/portal-origin";
import { EXPORT_DATES, openTab, RESEARCH_TENANT_ID } from "./pages/exports-page";

/* A schedule made from the New export form: its first run (a backfill of yesterday, so the spec does not wait for a tick), pausing it, and both read back after a reload. */

test("a schedule created with Repeat this export… shows its first run, and stays paused after a reload", async ({ page, baseURL }) => {
  const tab = await openTab(page, "analyst@acme.test");
  await tab.fill({ realm: "Compute jobs", from: EXPORT_DATES.from, to: EXPORT_DATES.to, format: "CSV", timezone: "UTC" });
  await tab.form.getByRole("button", { name: "Repeat this export…" }).click();
  const repeat = page.getByRole("region", { name: "Repeat this export" });
  const name = `Daily jobs ${Date.now()}`;
  await repeat.getByLabel("Schedule name").fill(name);
  await repeat.getByLabel("How often").selectOption({ label: "Every day" });
  await repeat.getByLabel("At").fill("00:30");
  // Acme keeps a longest range, which an incremental stream's first run (from the first record) would exceed: refused in words.
  await repeat.getByLabel("Each run exports").selectOption({ label: "Only rows new since the previous run" });
  await repeat.getByRole("button", { name: "Create schedule" }).click();
  await expect(repeat.getByRole("alert")).toHaveText(
    'An incremental schedule\'s first run exports from the first record, and your organization allows at most 366 days in one export: choose a fixed window (the previous hour, day or week; mode "fixed_window") instead.',
  );
  await repeat.getByLabel("Each run exports").selectOption({ label: "The previous hour, day or week" });
  await repeat.getByRole("button", { name: "Create schedule" }).click();
  await expect(repeat.getByRole("status")).toHaveText(`Schedule created — ${name}: Every day at 00:30 (UTC). See schedules`);

  // The schedule as the API reads it, through the same session.
  const portal = asPortalPage(page.request, baseURL);
  const list = (await (await portal.get(`/api/v1/schedules?tenantId=${RESEARCH_TENANT_ID}`)).json()) as { items: { id: string; name: string }[] };
  const schedule = list.items.find((s) => s.name === name);
  expect(schedule).toBeDefined();
  const yesterday = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
  const backfill = await portal.post(`/api/v1/schedules/${schedule?.id}/backfill`, { data: { from: yesterday, to: yesterday } });
  expect(backfill.status()).toBe(202);
  expect(await backfill.json()).toMatchObject({ total: 1, queued: 1 });

  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Schedules" }).click();
  await expect(page.getByRole("heading", { name: "Schedules", level: 1 })).toBeVisible();
  const row = page.getByTestId("schedule-row").filter({ hasText: name });
  await expect(row).toContainText("Every day at 00:30 (UTC)");
  await expect(row).toContainText(/\d{4}-\d{2}-\d{2} 00:30 UTC/);
  await expect(row).toContainText(new RegExp(`${yesterday} · (pending|running|done)`));

  await row.getByRole("link", { name }).click();
  await expect(page.getByRole("heading", { name, level: 1 })).toBeVisible();
  const runs = page.getByTestId("schedule-run");
  await expect(runs).toHaveCount(1);
  await expect(runs.first()).toContainText(yesterday);
  await expect(runs.first().getByRole("link", { name: `${name} · ${yesterday}` })).toBeVisible();

  await page.getByRole("button", { name: `Pause ${name}` }).click();
  await expect(page.getByRole("button", { name: `Resume ${name}` })).toBeVisible();
  await page.reload();
  await expect(page.getByText("Paused: Paused by a person.")).toBeVisible();
  await page.goto("/schedules");
  await expect(page.getByTestId("schedule-row").filter({ hasText: name }).getByTestId("schedule-state")).toHaveText("Paused: Paused by a person.");
});
