import { expect, test } from "@playwright/test";
import { expectSoundState, VIEWPORTS } from "./fixtures/viewports";
import { attachScreenshot, EXPORT_DATES, openTab } from "./pages/exports-page";

/*
 * Filters in the New export form, against the real portal: a range on a number, an "is one of" list pasted
 * and then uploaded as a CSV file, the estimate and the sample following them, a bad value refused in the
 * form's words, and the filters the created export carries (API), shows on its page and in its README.
 */

const rowsOf = (text: string | null) => Number((/([\d,]+) rows?/.exec(text ?? "")?.[1] ?? "NaN").replace(/,/g, ""));

for (const vp of VIEWPORTS) {
  test.describe(`at ${vp.width}×${vp.height}`, () => {
    test.use({ viewport: { width: vp.width, height: vp.height } });

    test(`filters narrow the estimate, a list is pasted and uploaded, the export carries them (${vp.name})`, async ({ page }, testInfo) => {
      const tab = await openTab(page, "analyst@acme.test");
      await tab.fill({ realm: "Compute jobs", from: EXPORT_DATES.from, to: EXPORT_DATES.to, format: "CSV", timezone: "UTC" });
      await expect(tab.estimate).toHaveText(/\d[\d,]* rows?/);
      const unfiltered = rowsOf(await tab.estimate.textContent());
      expect(unfiltered).toBeGreaterThan(0);
      const filters = tab.form.getByTestId("export-filters");
      // The events realm's JSON field is not offered; jobs has none, so no such note.
      await expect(filters).toContainText("No filters");

      // A range on a number: the estimate follows.
      await filters.getByRole("button", { name: "Add filter" }).click();
      await filters.getByLabel("Filter 1 field").selectOption("nodes");
      await expect(filters.getByTestId("export-filter-1")).toContainText("between");
      await filters.getByLabel("From (minimum)").fill("lots");
      // A value the server cannot read is refused in the form's words, never with an internal path.
      await expect(tab.estimate).toContainText("Filter 1 (nodes): enter a whole number as the minimum.");
      await expect(tab.estimate).not.toContainText("filters[");
      await filters.getByLabel("From (minimum)").fill("2");
      await expect.poll(async () => rowsOf(await tab.estimate.textContent())).toBeLessThan(unfiltered);
      const byNodes = rowsOf(await tab.estimate.textContent());
      expect(byNodes).toBeGreaterThan(0);

      // "Is one of", pasted: one per line.
      await filters.getByRole("button", { name: "Add filter" }).click();
      await filters.getByLabel("Filter 2 field").selectOption("exit_state");
      await filters.getByLabel("Filter 2 operator").selectOption({ label: "is one of" });
      await filters.getByLabel("Values, one per line or comma separated").fill("completed\nfailed\n\ncompleted\n");
      await expect(filters.getByTestId("export-filter-2-count")).toHaveText("2 values read.");
      await expect.poll(async () => rowsOf(await tab.estimate.textContent())).toBeLessThan(byNodes);
      // The sample rows follow the filters: only the listed states.
      const sample = tab.sampleRows();
      await expect(sample).toContainText("exit_state");
      // The sample may show the last answer while the next loads, so wait until it holds the listed states only.
      const sampleStates = () =>
        sample.locator("tbody tr").evaluateAll((rows) => {
          const head = [...(rows[0]?.closest("table")?.querySelectorAll("thead th") ?? [])].map((th) => th.textContent);
          const at = head.indexOf("exit_state");
          return [...new Set(rows.map((r) => r.querySelectorAll("td")[at]?.textContent ?? ""))].sort();
        });
      await expect.poll(async () => (await sampleStates()).every((state) => state === "completed" || state === "failed")).toBe(true);
      expect((await sampleStates()).length).toBeGreaterThan(0);
      await expectSoundState(page, "with a pasted list");

      // Then uploaded as a CSV file with a header, comma separated and on lines: it replaces the pasted list.
      await filters.getByLabel("Or upload a CSV or text file of values:").setInputFiles({
        name: "states.csv",
        mimeType: "text/csv",
        buffer: Buffer.from("exit_state\ncompleted,cancelled\ntimeout\n"),
      });
      await expect(filters.getByTestId("export-filter-2-count")).toHaveText("3 values read from states.csv.");
      await attachScreenshot(page, testInfo, `exports-filters-form-${vp.name}`);
      await expectSoundState(page, "with an uploaded list");

      await tab.submit();
      await expect(page.getByText("Export queued")).toBeVisible();
      await page.locator("[data-sonner-toast]").getByRole("button", { name: "View" }).click();
      await expect(page).toHaveURL(/\/exports\/[0-9a-f-]{36}$/);
      const id = page.url().split("/").pop() ?? "";

      // Read back through the API: the filters as the form sent them, not just a 200.
      const res = await page.request.get(`/api/v1/exports/${id}`);
      expect(res.status()).toBe(200);
      const created = (await res.json()) as { request: { filters?: unknown[] } };
      expect(created.request.filters).toEqual([
        { field: "nodes", op: "range", min: "2" },
        { field: "exit_state", op: "in", values: ["completed", "cancelled", "timeout"] },
      ]);

      // The export's page lists them in words.
      await expect(page.getByText("Filters (2)")).toBeVisible();
      await expect(page.getByText("nodes ≥ 2; exit_state is one of 3 values: completed, cancelled, timeout")).toBeVisible();
      await attachScreenshot(page, testInfo, `exports-filters-page-${vp.name}`);
      await expectSoundState(page, "on the export's page");
    });
  });
}
