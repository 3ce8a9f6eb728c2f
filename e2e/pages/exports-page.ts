import { expect, type Locator, type Page, type TestInfo } from "@playwright/test";
import { stableUuid } from "../../scripts/seed/ids";
import { signInThroughMailbox } from "../fixtures/mailbox";

export const ACME_ORGANIZATION_ID = stableUuid("org:acme");
export const RESEARCH_TENANT_ID = stableUuid("tenant:acme:research");
/** The seed spreads rows evenly over 2024-01-01..2026-06-30; a year of them is ~2,000 rows per realm in one tenant. */
export const EXPORT_DATES = { from: "2025-07-01", to: "2026-06-30" };

export interface NewExport {
  realm: string;
  from: string;
  to: string;
  format: string;
  timezone?: string;
  scope?: string;
}

/** The Data Export tab as a person uses it: the New export form on the left, the status table on the right. */
export class ExportsPage {
  readonly form: Locator;
  readonly table: Locator;
  readonly estimate: Locator;

  constructor(readonly page: Page) {
    this.form = page.locator("form[aria-labelledby='new-export-heading']");
    this.table = page.getByRole("region", { name: "Exports table" });
    this.estimate = page.getByTestId("export-estimate");
  }

  /**
   * Signs in through the mailbox and opens the tab. The email's link may open in a new tab (target=_blank),
   * so wait for the session to exist rather than for this page to navigate.
   */
  async signIn(email: string) {
    await signInThroughMailbox(this.page, email);
    await expect
      .poll(async () => ((await (await this.page.request.get("/api/auth/session")).json()) as { user?: { email?: string } } | null)?.user?.email, {
        message: `a session for ${email}`,
      })
      .toBe(email);
    for (const other of this.page.context().pages()) if (other !== this.page) await other.close();
  }

  async goto() {
    await this.page.goto("/exports");
    await expect(this.page.getByLabel("Organization and tenant")).toBeVisible();
  }

  async selectWorkspace(label: string) {
    const picker = this.page.getByLabel("Organization and tenant");
    const current = await picker.evaluate((el: HTMLSelectElement) => el.selectedOptions[0]?.textContent ?? "");
    if (current !== label) {
      const before = this.page.url();
      await picker.selectOption({ label });
      // On a page whose URL names its workspace the switch loads the new workspace's page: wait for it, or
      // the next steps would fill in the old page as it goes away.
      if (/\/o\/[^/]+\/t\/[^/]+\//.test(new URL(before).pathname)) await expect(this.page).not.toHaveURL(before);
    }
    await expect(this.page.getByText(label, { exact: true }).last()).toBeVisible();
    await expect(this.page.getByRole("heading", { name: "Requested exports" })).toBeVisible();
  }

  async chooseRealm(label: string) {
    await this.form.getByLabel("Realm").selectOption({ label });
  }

  fieldsList(realmLabel: string): Locator {
    return this.form.getByRole("list", { name: `Fields of ${realmLabel}` });
  }

  sampleRows(): Locator {
    return this.form.getByRole("region", { name: "Sample rows, scrollable" });
  }

  async fill(req: NewExport) {
    if (req.scope) await this.form.getByLabel("Scope").selectOption({ label: req.scope });
    await this.chooseRealm(req.realm);
    if (req.timezone) await this.form.getByLabel("Timezone").selectOption(req.timezone);
    await this.form.getByLabel("Start date").fill(req.from);
    await this.form.getByLabel("End date").fill(req.to);
    await this.form.getByLabel("Format").selectOption({ label: req.format });
  }

  async submit() {
    await this.form.getByRole("button", { name: "Request export" }).click();
  }

  rows(): Locator {
    return this.page.locator("tr[data-export-id]");
  }

  row(id: string): Locator {
    return this.page.locator(`tr[data-export-id="${id}"]`);
  }

  status(row: Locator): Locator {
    return row.getByTestId("export-status");
  }

  /** The id of the newest export in the table (the list is newest first). */
  async newestId(): Promise<string> {
    const id = await this.rows().first().getAttribute("data-export-id");
    expect(id).toBeTruthy();
    return id ?? "";
  }

  async rowAction(row: Locator, action: "Cancel export" | "Delete" | "Resubmit" | "Copy API request") {
    await row.getByRole("button", { name: /^Actions for / }).click();
    await this.page.getByRole("menuitem", { name: action }).click();
  }

  async confirm(button: "Cancel export" | "Delete export") {
    const dialog = this.page.getByRole("alertdialog");
    await expect(dialog).toBeVisible();
    await dialog.getByRole("button", { name: button }).click();
    await expect(dialog).toBeHidden();
  }
}

/** Signs in and opens the tab for a workspace (Acme / Research unless told otherwise). */
export async function openTab(page: Page, email: string, workspace = "Acme / Research"): Promise<ExportsPage> {
  const tab = new ExportsPage(page);
  await tab.signIn(email);
  await tab.goto();
  await tab.selectWorkspace(workspace);
  return tab;
}

/** A full-page screenshot kept with the test's results and attached to its report. */
export async function attachScreenshot(page: Page, testInfo: TestInfo, name: string) {
  const path = testInfo.outputPath(`${name}.png`);
  await page.screenshot({ path, fullPage: true });
  await testInfo.attach(name, { path, contentType: "image/png" });
}

export interface ListedExport {
  id: string;
  status: string;
  startedAt: string | null;
  completedAt: string | null;
  rowCount: number | null;
  request: unknown;
}

/** Acme / Research's exports as GET /api/v1/exports returns them to the signed-in user. */
export async function listExports(page: Page): Promise<{ items: ListedExport[] }> {
  const res = await page.request.get(`/api/v1/exports?organizationId=${ACME_ORGANIZATION_ID}&tenantId=${RESEARCH_TENANT_ID}&limit=100`);
  expect(res.status()).toBe(200);
  return (await res.json()) as { items: ListedExport[] };
}
