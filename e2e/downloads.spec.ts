import { execFile } from "node:child_process";
import fs from "node:fs";
import { promisify } from "node:util";
import { expect, test } from "@playwright/test";
import { formatBytes, formatDateTimeIn } from "../lib/email/format";
import { downloadPath, requestExport, sha256, verifyManifest, waitForDone } from "./fixtures/downloads";
import { asPortalPage } from "./fixtures/portal-origin";
import { messageFrame, openMessageAbout, requestSignInLink } from "./fixtures/mailbox";
import { userIdOf, withPortalDb } from "./fixtures/portal-db";
import { readZip } from "./pages/archive";
import { ExportsPage } from "./pages/exports-page";

/* Getting the file: the ready email, signing in from its link, and HTTP downloads with ranges and resume. */

const ANALYST = "analyst@acme.test";
const ARCHIVE_NAME = /^events_tenant-research_2026-01-01_to_2026-01-31\.zip$/;

test("the ready email describes the export; its link signs a signed-out person in and starts the download", async ({ page, browser, baseURL }, testInfo) => {
  const tab = new ExportsPage(page);
  await tab.signIn(ANALYST);
  const id = await requestExport(asPortalPage(page.request, baseURL));
  const done = await waitForDone(page.request, id);

  // The email, as the analyst reads it in the mailbox.
  await openMessageAbout(page, ANALYST, /^Your Analytics events export is ready$/, downloadPath(id));
  await expect(page.getByRole("heading", { name: "Your Analytics events export is ready" })).toBeVisible();
  // Dates in emails are in the recipient's timezone (their preference, else the export's).
  const timezone = await withPortalDb(async (sql) => {
    const [pref] = await sql<{ timezone: string | null }[]>`select timezone from user_preferences where user_id = ${await userIdOf(sql, ANALYST)}`;
    return pref?.timezone ?? "UTC";
  });
  const link = `${baseURL}${downloadPath(id)}`;
  const lines = [
    "Realm: Analytics events",
    `Scope: ${done.scopeLabel}`,
    "Dates: 2026-01-01 to 2026-01-31 (both included)",
    "Format: CSV",
    `Rows: ${(done.rowCount ?? 0).toLocaleString("en")}`,
    `Size: ${formatBytes(done.sizeBytes)}`,
    `Available until: ${formatDateTimeIn(new Date(done.expiresAt ?? ""), timezone)}`,
  ];
  const email = messageFrame(page);
  await expect(email.getByRole("heading", { name: "Your Analytics events export is ready" })).toBeVisible();
  for (const line of lines) await expect(email.getByText(line, { exact: true })).toBeVisible();
  await expect(email.getByRole("link", { name: "Download the archive" })).toHaveAttribute("href", link);
  await page.getByText("Plain-text version").click();
  const plain = page.locator("details pre");
  for (const line of [...lines, link]) await expect(plain).toContainText(line);

  // A fresh browser with no session opens the link: sign in first, then straight back to the download.
  const visitor = await browser.newContext();
  const other = await visitor.newPage();
  await other.goto(link);
  await expect(other).toHaveURL(`${baseURL}/sign-in?callbackUrl=${encodeURIComponent(downloadPath(id))}`);
  const signIn = await requestSignInLink(other, ANALYST);
  const [download] = await Promise.all([other.waitForEvent("download"), signIn.click()]);
  expect(download.url()).toBe(link);
  expect(download.suggestedFilename()).toMatch(ARCHIVE_NAME);
  const file = testInfo.outputPath(download.suggestedFilename());
  await download.saveAs(file);
  const bytes = fs.readFileSync(file);
  const files = verifyManifest(await readZip(file));
  expect(files.map((f) => f.name)).toEqual([expect.stringMatching(/\.csv$/)]);
  expect(files[0]?.rows).toBe(done.rowCount);

  // The whole file is what the server says it is.
  const again = await other.request.get(link);
  expect(again.status()).toBe(200);
  expect(again.headers()["x-checksum-sha256"]).toBe(sha256(bytes));
  expect(sha256(bytes)).toBe(done.sha256);
  await visitor.close();
});

test("ranges: two halves make the file, a suffix is the tail, resume continues it and past the end is refused", async ({ page, baseURL }, testInfo) => {
  await new ExportsPage(page).signIn(ANALYST);
  const { id, sizeBytes: size, sha256: checksum } = await waitForDone(page.request, await requestExport(asPortalPage(page.request, baseURL)));
  const url = downloadPath(id);

  const full = await page.request.get(url);
  expect(full.status()).toBe(200);
  const bytes = await full.body();
  expect(bytes.length).toBe(size);
  expect(sha256(bytes)).toBe(checksum);
  expect(bytes.subarray(0, 4).toString("latin1")).toBe("PK\x03\x04");
  const h = full.headers();
  expect(h["content-type"]).toBe("application/zip");
  const fileName = /filename="([^"]+)"/.exec(h["content-disposition"] ?? "")?.[1] ?? "";
  expect(h["content-disposition"]).toMatch(/^attachment; /);
  expect(fileName).toMatch(ARCHIVE_NAME);
  expect(h["content-disposition"]).toContain(`filename*=UTF-8''${fileName}`);
  expect(h.etag).toBe(`"${checksum}"`);
  expect(h["x-checksum-sha256"]).toBe(checksum);
  expect(h["repr-digest"]).toBe(`sha-256=:${Buffer.from(checksum, "hex").toString("base64")}:`);
  expect(h["accept-ranges"]).toBe("bytes");

  // A HEAD tells what a GET would bring, without the bytes.
  const look = await page.request.head(url);
  expect(look.status()).toBe(200);
  expect(look.headers().etag).toBe(h.etag);
  expect(look.headers()["content-disposition"]).toBe(h["content-disposition"]);
  expect((await look.body()).length).toBe(0);

  const half = Math.floor(size / 2);
  const first = await page.request.get(url, { headers: { Range: `bytes=0-${half - 1}` } });
  const second = await page.request.get(url, { headers: { Range: `bytes=${half}-` } });
  expect([first.status(), second.status()]).toEqual([206, 206]);
  expect(first.headers()["content-range"]).toBe(`bytes 0-${half - 1}/${size}`);
  expect(second.headers()["content-range"]).toBe(`bytes ${half}-${size - 1}/${size}`);
  expect(Buffer.concat([await first.body(), await second.body()]).equals(bytes)).toBe(true);

  const tail = await page.request.get(url, { headers: { Range: "bytes=-100" } });
  expect(tail.status()).toBe(206);
  expect(tail.headers()["content-range"]).toBe(`bytes ${size - 100}-${size - 1}/${size}`);
  expect((await tail.body()).equals(bytes.subarray(size - 100))).toBe(true);

  const beyond = await page.request.get(url, { headers: { Range: `bytes=${size}-` } });
  expect(beyond.status()).toBe(416);
  expect(beyond.headers()["content-range"]).toBe(`bytes */${size}`);
  expect((await beyond.body()).length).toBe(0);

  // Resuming against the same file continues it; against a file that changed since, the whole new file comes.
  const resumed = await page.request.get(url, { headers: { Range: "bytes=1000-", "If-Range": `"${checksum}"` } });
  expect(resumed.status()).toBe(206);
  expect((await resumed.body()).equals(bytes.subarray(1000))).toBe(true);
  const stale = await page.request.get(url, { headers: { Range: "bytes=1000-", "If-Range": `"${"0".repeat(64)}"` } });
  expect(stale.status()).toBe(200);
  expect((await stale.body()).equals(bytes)).toBe(true);

  // `curl -C -` itself: a partial file on disk is completed with Range: bytes=<its size>- and If-Range.
  // (The same resume was checked over HTTP just above, so a machine without curl loses only this repeat.)
  const curlPath = ["/usr/bin/curl", "/usr/local/bin/curl", "/bin/curl"].find((candidate) => fs.existsSync(candidate));
  if (!curlPath) {
    testInfo.annotations.push({ type: "skipped part", description: "curl is not installed; resume checked with If-Range over HTTP only" });
    return;
  }
  const partial = testInfo.outputPath("resume.zip");
  fs.writeFileSync(partial, bytes.subarray(0, half));
  const cookie = (await page.context().cookies()).map((c) => `${c.name}=${c.value}`).join("; ");
  const curl = await promisify(execFile)(curlPath, [
    "-sS",
    "-C",
    "-",
    "-o",
    partial,
    "-H",
    `Cookie: ${cookie}`,
    "-H",
    `If-Range: "${checksum}"`,
    "-w",
    "%{http_code}",
    `${baseURL}${url}`,
  ]);
  expect(curl.stdout).toBe("206");
  expect(fs.readFileSync(partial).equals(bytes)).toBe(true);
});

test("archive responses state their length in Content-Length", async ({ page, baseURL }) => {
  // Next drops Content-Length from route-handler responses; the portal's server (scripts/server.ts)
  // restores it, so browsers can show progress and clients can check a resume.
  await new ExportsPage(page).signIn(ANALYST);
  const { id, sizeBytes } = await waitForDone(page.request, await requestExport(asPortalPage(page.request, baseURL)));
  const full = await page.request.get(downloadPath(id));
  expect(full.headers()["content-length"]).toBe(String(sizeBytes));
  const part = await page.request.get(downloadPath(id), { headers: { Range: "bytes=0-99" } });
  expect(part.headers()["content-length"]).toBe("100");
});
