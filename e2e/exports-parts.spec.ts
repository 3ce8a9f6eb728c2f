import { expect, test } from "@playwright/test";
import { readZip } from "./pages/archive";
import { attachScreenshot, EXPORT_DATES, listExports, openTab } from "./pages/exports-page";

/* "Split into parts" on the New export form, against the real portal: the request, the run and the archive. */

test("an analyst asks for parts of at most 1,000 rows: the details show it and the archive holds the parts", async ({ page }, testInfo) => {
  const tab = await openTab(page, "analyst@acme.test");
  await tab.fill({ realm: "Compute jobs", from: EXPORT_DATES.from, to: EXPORT_DATES.to, format: "Excel (XLSX)", timezone: "UTC" });
  // XLSX is split into worksheets: the control is not offered.
  await expect(tab.form.getByLabel("Split into parts")).toHaveCount(0);
  await expect(tab.form).toContainText("Excel files are split into worksheets");

  await tab.form.getByLabel("Format").selectOption({ label: "NDJSON (lossless)" });
  await tab.form.getByLabel("Split into parts").selectOption({ label: "By rows" });
  const size = tab.form.getByLabel("Rows per part (at most)");
  await size.fill("500");
  await tab.submit();
  // Refused in words before anything is queued; the field takes the focus.
  await expect(tab.form.getByText("Rows per part must be a whole number of rows from 1,000 to 100,000,000.")).toBeVisible();
  await expect(size).toBeFocused();
  await expect(size).toHaveAttribute("aria-invalid", "true");

  await size.fill("1000");
  await tab.submit();
  await expect(page.getByText("Export queued")).toBeVisible();
  const id = await tab.newestId();
  const row = tab.row(id);
  await expect(tab.status(row)).toHaveText(/^Done/, { timeout: 110_000 });

  const listed = (await listExports(page)).items.find((e) => e.id === id) as { rowCount: number | null; parts?: unknown; request: unknown } | undefined;
  expect(listed?.parts).toEqual({ maxRows: 1_000 });
  expect(listed?.request).toMatchObject({ format: "ndjson", parts: { maxRows: 1_000 } });
  await row.getByRole("button", { name: /^Details of/ }).click();
  await expect(page.locator(`#export-details-${id}`)).toContainText("FilesAt most 1,000 rows per part");
  await attachScreenshot(page, testInfo, "exports-parts-details");

  const [download] = await Promise.all([page.waitForEvent("download"), row.getByRole("link", { name: /^Download/ }).click()]);
  const file = testInfo.outputPath("parts.zip");
  await download.saveAs(file);
  const entries = await readZip(file);
  const parts = [...entries.keys()].filter((n) => n.endsWith(".ndjson")).sort();
  const rowCount = listed?.rowCount ?? 0;
  expect(rowCount).toBeGreaterThan(1_000);
  expect(parts).toHaveLength(Math.ceil(rowCount / 1_000));
  parts.forEach((name, i) => expect(name).toMatch(new RegExp(`-part-${String(i + 1).padStart(4, "0")}\\.ndjson$`)));
  const lines = parts.map((name) => (entries.get(name)?.toString("utf8") ?? "").split("\n").filter(Boolean));
  for (const part of lines) expect(part.length).toBeLessThanOrEqual(1_000);
  expect(lines.flat()).toHaveLength(rowCount);
  const readme = entries.get("README.txt")?.toString("utf8") ?? "";
  for (const [i, name] of parts.entries()) expect(readme).toContain(`  ${name}: ${lines[i]?.length} rows, `);
  // The lines are records of the realm, not something else counted as rows.
  expect(Object.keys(JSON.parse(lines[0]?.[0] ?? "{}") as object)).toContain("job_id");
});

test("the chosen way of splitting reads in full in the form's narrow column", async ({ page }) => {
  const tab = await openTab(page, "analyst@acme.test");
  await tab.chooseRealm("Compute jobs");
  const split = tab.form.getByLabel("Split into parts");
  for (const label of ["No, one file", "By rows", "By size (MB)"]) {
    await split.selectOption({ label });
    // The select's text box against the chosen option's text in the select's own font: a cut-off choice ("By") fails.
    const fit = await split.evaluate((el: HTMLSelectElement) => {
      const style = getComputedStyle(el);
      const context = document.createElement("canvas").getContext("2d");
      if (!context) return { text: Infinity, room: 0 };
      context.font = `${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
      const text = context.measureText(el.selectedOptions[0]?.textContent ?? "").width;
      return { text, room: el.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight) };
    });
    expect(fit.room, label).toBeGreaterThanOrEqual(fit.text);
  }
});
