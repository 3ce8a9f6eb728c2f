import { expect, type Locator, type Page } from "@playwright/test";
import { EXPORT_DATES, RESEARCH_TENANT_ID } from "./exports-page";

/** The export a script asks for with its token: Acme / Research, the jobs realm, as CSV. */
export const SCRIPT_EXPORT_REQUEST = {
  tenantId: RESEARCH_TENANT_ID,
  scope: { type: "tenant" },
  realm: "jobs",
  ...EXPORT_DATES,
  timezone: "UTC",
  format: "csv",
};

/** A script's HTTP client: the token and nothing else (Node's fetch keeps no cookies). */
export function api(base: string, token: string) {
  return (path: string, init: RequestInit = {}) =>
    fetch(new URL(path, base), {
      ...init,
      redirect: "manual",
      headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json", ...init.headers },
    });
}

/** The Developer tab as a person uses it: the New API token form on the left, the tokens table on the right. */
export class TokensPage {
  readonly form: Locator;
  readonly table: Locator;

  constructor(readonly page: Page) {
    this.form = page.locator("form[aria-labelledby='new-token-heading']");
    this.table = page.getByRole("region", { name: "API tokens table" });
  }

  /** Opens the tab the way a person does, through the main navigation. */
  async open() {
    await this.page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Developer" }).click();
    await expect(this.page.getByRole("heading", { name: "Developer", level: 1 })).toBeVisible();
  }

  /** Creates a token and returns what the page shows once: the token and the example to try it. */
  async create(name: string, scopes: string[], appliesTo: "tenant" | "organization" = "tenant", expires?: string): Promise<{ token: string; snippet: string }> {
    await this.form.getByLabel("Name", { exact: true }).fill(name);
    if (expires) await this.form.getByLabel("Expires").selectOption({ label: expires });
    await this.form.getByRole("radio", { name: appliesTo === "tenant" ? /^Only / : /^All tenants of / }).check();
    for (const box of await this.form.getByRole("checkbox").all()) {
      const value = (await box.getAttribute("value")) ?? "";
      if (scopes.includes(value)) await box.check();
      else await box.uncheck();
    }
    await this.form.getByRole("button", { name: "Create token" }).click();
    const shown = this.page.getByTestId("new-token");
    await expect(shown).toBeVisible();
    const token = await shown.getByLabel("Your new API token").inputValue();
    const snippet = (await shown.getByTestId("token-curl").textContent()) ?? "";
    return { token, snippet };
  }

  async done() {
    await this.page.getByRole("button", { name: "Done, I have copied it" }).click();
  }

  /** The row of a token by its name (the name cell also shows the token's prefix). */
  row(name: string): Locator {
    return this.table.getByRole("row").filter({ has: this.page.getByText(name, { exact: true }) });
  }

  async revoke(name: string) {
    await this.row(name)
      .getByRole("button", { name: `Revoke token ${name}` })
      .click();
    const dialog = this.page.getByRole("alertdialog");
    await expect(dialog).toContainText(`Revoke “${name}”?`);
    await dialog.getByRole("button", { name: "Revoke token" }).click();
    await expect(dialog).toBeHidden();
  }
}
