import { expect, type Locator, type Page } from "@playwright/test";

export type AdminSection = "Members" | "Roles" | "Limits" | "Audit log";

/** The Admin area as an organization admin uses it: sections in a tab bar, one form per change. */
export class AdminPage {
  constructor(readonly page: Page) {}

  async open(section: AdminSection) {
    await this.page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Admin" }).click();
    await expect(this.page.getByRole("heading", { name: "Admin", level: 1 })).toBeVisible();
    const link = this.page.getByRole("navigation", { name: "Admin sections" }).getByRole("link", { name: section, exact: true });
    await link.click();
    await expect(link).toHaveAttribute("aria-current", "page");
  }

  /** Waits for the toast a saved form shows, so a reload afterwards reads what the server kept. */
  async saved(message: string | RegExp) {
    await expect(this.page.getByText(message)).toBeVisible();
  }

  // Limits

  limit(label: string): Locator {
    return this.page.getByLabel(label, { exact: true });
  }

  async saveLimits() {
    await this.page.getByRole("button", { name: "Save limits" }).click();
  }

  // Roles

  role(key: string): Locator {
    return this.page.locator(`[data-role-key="${key}"]`);
  }

  /** Opens a role's editor (a <details>) unless it is open already. */
  async editRole(key: string, name: string): Promise<Locator> {
    const card = this.role(key);
    const form = card.getByRole("form", { name: `Edit ${name}` });
    if (!(await form.isVisible())) await card.getByText(`Edit ${name}`, { exact: true }).click();
    await expect(form).toBeVisible();
    return form;
  }

  /** The checked state of every box of a role's fieldset (permissions or realms), by label. */
  async checkedBoxes(form: Locator, legend: string): Promise<Record<string, boolean>> {
    const group = form.getByRole("group", { name: legend });
    const out: Record<string, boolean> = {};
    for (const box of await group.getByRole("checkbox").all()) {
      const id = (await box.getAttribute("id")) ?? "";
      const label = (await form.locator(`label[for="${id}"]`).textContent()) ?? id;
      out[label] = await box.isChecked();
    }
    return out;
  }

  /** Sets every box of a fieldset: checked exactly when its label is in `labels`. Locked boxes are left alone. */
  async setBoxes(form: Locator, legend: string, labels: string[]) {
    const group = form.getByRole("group", { name: legend });
    for (const box of await group.getByRole("checkbox").all()) {
      if (await box.isDisabled()) continue;
      const id = (await box.getAttribute("id")) ?? "";
      const label = (await form.locator(`label[for="${id}"]`).textContent()) ?? "";
      await box.setChecked(labels.includes(label));
    }
  }

  // Members

  addMemberForm(): Locator {
    return this.page.getByRole("form", { name: "Add a member" });
  }

  member(email: string): Locator {
    return this.page.locator(`li[data-member-email="${email}"]`);
  }

  async addMember(email: string, role: string, tenant: string) {
    const form = this.addMemberForm();
    await form.getByLabel("Email").fill(email);
    await form.getByLabel("Role").selectOption({ label: role });
    await form.getByLabel("Tenant").selectOption({ label: tenant });
    await form.getByRole("button", { name: "Add member" }).click();
  }

  /** Opens a member's edit form in their row. */
  async editMember(email: string): Promise<Locator> {
    const row = this.member(email);
    await row.getByRole("button", { name: `Edit ${email}` }).click();
    const form = row.getByRole("form", { name: `Change ${email}` });
    await expect(form).toBeVisible();
    return form;
  }

  async changeMember(email: string, role: string, tenant: string) {
    const form = await this.editMember(email);
    await form.getByLabel(`Role for ${email}`).selectOption({ label: role });
    await form.getByLabel(`Tenant for ${email}`).selectOption({ label: tenant });
    await form.getByRole("button", { name: "Save" }).click();
  }

  async removeMember(email: string) {
    await this.member(email)
      .getByRole("button", { name: `Remove ${email}` })
      .click();
    const dialog = this.page.getByRole("alertdialog");
    await expect(dialog).toContainText(`Remove ${email}?`);
    await dialog.getByRole("button", { name: "Remove member" }).click();
    await expect(dialog).toBeHidden();
  }

  /** The label of the option a select shows. */
  static async selectedLabel(select: Locator): Promise<string> {
    return select.evaluate((el: HTMLSelectElement) => el.selectedOptions[0]?.textContent ?? "");
  }
}
