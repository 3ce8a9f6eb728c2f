import { expect, type Page, type TestInfo } from "@playwright/test";
import { expectNoSidewaysScroll } from "../fixtures/viewports";
import { attachScreenshot } from "./exports-page";
import { readZip } from "./archive";

/** The workspace path of a page: /o/{org}/t/{tenant}{rest}. */
export const inWorkspace = (organizationId: string, tenantId: string, rest = "/exports") => `/o/${organizationId}/t/${tenantId}${rest}`;

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

  /** Downloads the archive from the page's actions into the test's output and reads its entries. */
  async downloadArchive(testInfo: TestInfo, name: string): Promise<Map<string, Buffer>> {
    const [download] = await Promise.all([
      this.page.waitForEvent("download"),
      this.page
        .getByTestId("export-actions")
        .getByRole("link", { name: /^Download / })
        .click(),
    ]);
    const file = testInfo.outputPath(name);
    await download.saveAs(file);
    return readZip(file);
  }

  /** The id of the export the browser is on, read from its URL (which must carry the workspace). */
  async idFromUrl(organizationId: string, tenantId: string): Promise<string> {
    const prefix = inWorkspace(organizationId, tenantId, "/exports/");
    await expect(this.page).toHaveURL(new RegExp(`${prefix.replace(/[/]/g, "\\/")}[0-9a-f-]{36}$`));
    return new URL(this.page.url()).pathname.slice(prefix.length);
  }
}
