import { expect, type Page, type TestInfo } from "@playwright/test";
import { attachScreenshot } from "./exports-page";

export const VIEWPORTS = [
  { name: "desktop", width: 1440, height: 900 },
  { name: "phone", width: 390, height: 844 },
] as const;

/** The workspace path of a page: /o/{org}/t/{tenant}{rest}. */
export const inWorkspace = (organizationId: string, tenantId: string, rest = "/exports") => `/o/${organizationId}/t/${tenantId}${rest}`;

/** The page does not scroll sideways: nothing is wider than the window. */
export async function expectNoSidewaysScroll(page: Page, what: string) {
  const { scrollWidth, innerWidth } = await page.evaluate(() => ({ scrollWidth: document.documentElement.scrollWidth, innerWidth: window.innerWidth }));
  expect(scrollWidth, `${what}: page width ${scrollWidth} px in a ${innerWidth} px window`).toBeLessThanOrEqual(innerWidth);
}

/** A state worth keeping: a screenshot, and the check that it does not scroll sideways. */
export async function capture(page: Page, testInfo: TestInfo, name: string) {
  await expectNoSidewaysScroll(page, name);
  await attachScreenshot(page, testInfo, name);
}

/** The page of one export, as a person reads it. */
export class ExportDetailPage {
  constructor(readonly page: Page) {}

  fact(key: string) {
    return this.page.getByTestId(`fact-${key}`);
  }

  title() {
    return this.page.getByTestId("export-title");
  }

  /** The id of the export the browser is on, read from its URL (which must carry the workspace). */
  async idFromUrl(organizationId: string, tenantId: string): Promise<string> {
    const prefix = inWorkspace(organizationId, tenantId, "/exports/");
    await expect(this.page).toHaveURL(new RegExp(`${prefix.replace(/[/]/g, "\\/")}[0-9a-f-]{36}$`));
    return new URL(this.page.url()).pathname.slice(prefix.length);
  }
}
