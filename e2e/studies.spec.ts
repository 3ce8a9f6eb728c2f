import { expect, test } from "@playwright/test";
import { stableUuid } from "../scripts/seed/ids";
import { expectSoundState, VIEWPORTS } from "./fixtures/viewports";
import { ExportDetailPage, inWorkspace } from "./pages/export-page";
import { ACME_ORGANIZATION_ID, attachScreenshot, EXPORT_DATES, openTab, RESEARCH_TENANT_ID } from "./pages/exports-page";

/* A research study's cohort exported from its own page, against the real portal: the pre-scoped dialog, the run, the download. */

test("from a cohort's page, Export opens the pre-scoped dialog; the export runs, downloads, and its README names the study and cohort", async ({
  page,
}, testInfo) => {
  await openTab(page, "admin@acme.test");
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Research studies" }).click();
  await expect(page.getByRole("heading", { name: "Research studies" })).toBeVisible();
  await page.getByRole("link", { name: "Sleep and metabolism" }).click();
  await page.getByRole("link", { name: "Baseline", exact: true }).click();
  await expect(page.getByRole("heading", { name: "Cohort Baseline" })).toBeVisible();
  await expect(page.getByRole("list", { name: "Participants" }).getByRole("listitem")).toHaveCount(8);

  await page.getByRole("button", { name: "Export cohort Baseline" }).click();
  const dialog = page.getByRole("dialog", { name: "Export data" });
  await expect(dialog.getByTestId("locked-scope")).toContainText("Study Sleep and metabolism · Cohort Baseline");
  // The realms with participant data, both in one archive; no scope to choose.
  await expect(dialog.getByLabel("Realm", { exact: true })).toHaveValue("events");
  await expect(dialog.getByLabel("Realm 2", { exact: true })).toHaveValue("lab-results");
  await expect(dialog.getByRole("combobox", { name: "Scope" })).toHaveCount(0);
  await dialog.getByLabel("Start date").fill(EXPORT_DATES.from);
  await dialog.getByLabel("End date").fill(EXPORT_DATES.to);
  await attachScreenshot(page, testInfo, "studies-cohort-dialog");
  await dialog.getByRole("button", { name: "Request export" }).click();
  await expect(page.getByText("Export queued")).toBeVisible();
  await page.getByRole("button", { name: "View" }).click();

  await expect(page).toHaveURL(new RegExp(`${inWorkspace(ACME_ORGANIZATION_ID, RESEARCH_TENANT_ID)}/[0-9a-f-]{36}$`));
  await expect(page.getByTestId("export-title")).toHaveText("Analytics events + Lab results · Study Sleep and metabolism · Cohort Baseline");
  await expect(page.getByTestId("export-status")).toHaveText("Done", { timeout: 110_000 });
  const entries = await new ExportDetailPage(page).downloadArchive(testInfo, "cohort.zip");
  const readme = entries.get("README.txt")?.toString("utf8") ?? "";
  expect(readme).toContain("Scope:        Study Sleep and metabolism · Cohort Baseline — study ");
  expect(readme).toContain("Study members (8)");
  const manifest = JSON.parse(entries.get("manifest.json")?.toString("utf8") ?? "{}") as { scope: { type: string; members: unknown[] } };
  expect(manifest.scope).toMatchObject({ type: "cohort" });
  expect(manifest.scope.members).toHaveLength(8);
});

test("an admin pastes a member list: unknown ids are listed back before saving", async ({ page }) => {
  await openTab(page, "admin@acme.test");
  await page.goto(inWorkspace(ACME_ORGANIZATION_ID, RESEARCH_TENANT_ID, "/exports/studies"));
  await page.getByRole("link", { name: "Sleep and metabolism" }).click();
  await page.getByRole("link", { name: "Follow-up", exact: true }).click();
  const members = page.getByRole("list", { name: "Participants" }).getByRole("listitem");
  await expect(members).toHaveCount(8);
  const first = (await members.first().locator(".font-mono").textContent()) ?? "";
  await page.getByLabel("Participant ids, one a line or comma separated (CSV)").fill(`participant_id\n${first}\nP-NOT-THERE\n`);
  await page.getByRole("button", { name: "Check list" }).click();
  await expect(page.getByRole("list", { name: "Unknown participant ids" })).toHaveText("P-NOT-THERE");
  // Nothing saved yet: the cohort still has its members.
  await expect(members).toHaveCount(8);
  await page.getByRole("button", { name: "Save 1 member without the unknown ids" }).click();
  await expect(page.getByText("Members saved")).toBeVisible();
  await expect(members).toHaveCount(1);
  await expect(members.first()).toContainText(first);
});

test("a cohort opened in another tenant's workspace (one the admin may use) is the not-found page", async ({ page }) => {
  const studyId = stableUuid("study:acme:research:sleep");
  const cohortId = stableUuid(`cohort:${studyId}:baseline`);
  const path = `/exports/studies/${studyId}/cohorts/${cohortId}`;
  await openTab(page, "admin@acme.test");
  const own = await page.goto(inWorkspace(ACME_ORGANIZATION_ID, RESEARCH_TENANT_ID, path));
  expect(own?.status()).toBe(200);
  await expect(page.getByRole("heading", { name: "Cohort Baseline" })).toBeVisible();
  const elsewhere = await page.goto(inWorkspace(ACME_ORGANIZATION_ID, stableUuid("tenant:acme:operations"), path));
  expect(elsewhere?.status()).toBe(404);
  await expect(page.getByRole("heading", { name: "Cohort Baseline" })).toHaveCount(0);
});

for (const vp of VIEWPORTS) {
  test.describe(vp.name, () => {
    test.use({ viewport: { width: vp.width, height: vp.height } });

    test("an admin exports a cohort de-identified from the dialog's switch; the export's page and the archive's README say so", async ({ page }, testInfo) => {
      await openTab(page, "admin@acme.test");
      await page.goto(inWorkspace(ACME_ORGANIZATION_ID, RESEARCH_TENANT_ID, "/exports/studies"));
      await page.getByRole("link", { name: "Sleep and metabolism" }).click();
      await page.getByRole("button", { name: "Export cohort Baseline" }).click();
      const dialog = page.getByRole("dialog", { name: "Export data" });
      await expect(dialog.getByTestId("locked-scope")).toContainText("Study Sleep and metabolism · Cohort Baseline");
      // The study has no profile and the admin may export identified data: the switch is free, and off.
      const deidentify = dialog.getByRole("switch", { name: "De-identify" });
      await expect(deidentify).toBeEnabled();
      await expect(deidentify).not.toBeChecked();
      await deidentify.check();
      await expect(dialog.getByText("Pseudonymous ids, each participant's dates shifted, no free text.")).toBeVisible();
      await dialog.getByLabel("Start date").fill(EXPORT_DATES.from);
      // One day apart per viewport, so the second run is its own export.
      await dialog.getByLabel("End date").fill(vp.name === "desktop" ? EXPORT_DATES.to : "2026-06-29");
      await expectSoundState(page, `${vp.name}: the cohort's Export dialog, de-identified`);
      await attachScreenshot(page, testInfo, `${vp.name}-studies-deidentify-switch`);
      await dialog.getByRole("button", { name: "Request export" }).click();
      await expect(page.getByText("Export queued")).toBeVisible();
      await page.getByRole("button", { name: "View" }).click();

      const detail = new ExportDetailPage(page);
      await expect(detail.fact("deidentification")).toHaveText("De-identified");
      await expect(page.getByTestId("export-status")).toHaveText("Done", { timeout: 110_000 });
      await expectSoundState(page, `${vp.name}: a de-identified study export's page`);
      const readme = (await detail.downloadArchive(testInfo, "deidentified.zip")).get("README.txt")?.toString("utf8") ?? "";
      expect(readme).toContain("participant_id and device_id are replaced by a keyed hash (HMAC-SHA-256 with this study's secret)");
      expect(readme).toContain("Free-text fields (the lab comment, event properties) are dropped");
      // The members are named by their pseudonyms only.
      expect(readme).toMatch(/Study members \(8\)[^\n]*\n  S-[0-9a-f]{16}/);
      expect(readme).not.toMatch(/^  P-\d+/m);
    });
  });
}

test("an admin creates a study and a cohort, sets the study's profile, renames the cohort and deletes it", async ({ page }) => {
  await openTab(page, "admin@acme.test");
  await page.goto(inWorkspace(ACME_ORGANIZATION_ID, RESEARCH_TENANT_ID, "/exports/studies"));
  const newStudy = page.getByRole("form", { name: "New study" });
  await newStudy.getByLabel("Study name").fill("Sleep and metabolism");
  await newStudy.getByRole("button", { name: "Create study" }).click();
  await expect(newStudy.getByRole("alert").first()).toContainText('This tenant already has a study named "Sleep and metabolism". Choose another name.');
  await newStudy.getByLabel("Study name").fill("Diet diary");
  await newStudy.getByLabel("Description (optional)").fill("Meals and glucose");
  await newStudy.getByRole("button", { name: "Create study" }).click();
  await expect(page.getByRole("heading", { name: "Diet diary" })).toBeVisible();
  await expect(page.getByText("No cohorts yet.")).toBeVisible();
  await expectSoundState(page, "a new study's page, with its settings");

  await page.getByLabel("Cohort name").fill("Week 1");
  await page.getByRole("button", { name: "Add cohort" }).click();
  await expect(page.getByRole("list", { name: "Cohorts" }).getByRole("link", { name: "Week 1" })).toBeVisible();

  const settings = page.getByRole("form", { name: "Study settings" });
  await settings.getByRole("checkbox", { name: "Leave out free text (lab comments, event properties)" }).check();
  await settings.getByRole("button", { name: "Save study" }).click();
  await expect(page.getByText("Exports are always de-identified")).toBeVisible();
  // With a profile, the Export dialog's switch is on and locked, and says why.
  await page.getByRole("button", { name: "Export cohort Week 1" }).click();
  const dialog = page.getByRole("dialog", { name: "Export data" });
  await expect(dialog.getByRole("switch", { name: "De-identify" })).toBeChecked();
  await expect(dialog.getByRole("switch", { name: "De-identify" })).toBeDisabled();
  await expect(dialog.getByText("Always on: this study's settings de-identify every export of it.")).toBeVisible();
  await dialog.getByRole("button", { name: "Close" }).click();

  await page.getByRole("link", { name: "Week 1" }).click();
  await expect(page.getByRole("heading", { name: "Cohort Week 1" })).toBeVisible();
  await page.getByLabel("Cohort name").fill("Week 2");
  await page.getByRole("button", { name: "Rename" }).click();
  await expect(page.getByRole("heading", { name: "Cohort Week 2" })).toBeVisible();
  await page.getByRole("button", { name: "Delete cohort" }).click();
  await expect(page.getByRole("heading", { name: "Diet diary" })).toBeVisible();
  await expect(page.getByText("No cohorts yet.")).toBeVisible();
});
