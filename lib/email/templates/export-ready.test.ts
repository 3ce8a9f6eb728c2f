import { describe, expect, it } from "vitest";
import { sendExportEmail } from "@/lib/export-runs/email";
import { emailsFor } from "@/test/export-flow";
import { addMember, createOrg, createUser, insertTestExport, testDb } from "@/test/factories";

/* The ready email of an export that matched nothing says so, in the subject and the body, instead of "ready". */

const { db } = testDb();

async function doneExport(rowCount: number) {
  const org = await createOrg(db, "Mail");
  const user = await createUser(db, "mail");
  await addMember(db, org, user.id, "admin");
  const expiresAt = new Date(Date.now() + 86_400_000);
  return insertTestExport(db, org, user.id, { status: "done", rowCount, sizeBytes: 900, completedAt: new Date(), expiresAt, fileName: "x.zip" });
}

describe("the export-ready email", () => {
  it("reads 'no rows matched' for a done export with 0 rows", async () => {
    const id = await doneExport(0);
    await sendExportEmail(db, id, "ready", "https://portal.example");
    const [mail] = await emailsFor(id);
    expect(mail?.subject).toBe("Your Compute jobs export: no rows matched");
    expect(mail?.text).toContain("Rows: no rows matched");
    expect(mail?.text).toContain("Nothing in this scope and date range matched");
    expect(mail?.text).not.toContain("is ready");
  });

  it("reads 'ready' with the row count for a done export with rows", async () => {
    const id = await doneExport(1234);
    await sendExportEmail(db, id, "ready", "https://portal.example");
    const [mail] = await emailsFor(id);
    expect(mail?.subject).toBe("Your Compute jobs export is ready");
    expect(mail?.text).toContain("Rows: 1,234");
    expect(mail?.text).not.toContain("no rows matched");
  });
});
