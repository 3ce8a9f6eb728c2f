import { randomUUID } from "node:crypto";
import { Readable } from "node:stream";
import type { Engine } from "@portal/inngest-engine";
import { startTestEngine, uniqueSchema, pointAppAtEngine } from "@portal/inngest-engine/testing";
import { exports } from "@/db/schema";
import { createApiToken } from "@/lib/api-tokens/service";
import { insertTestExport, testDb, type TestOrg } from "./factories";

/*
 * The REST routes loaded as Next calls them, against the real database, local storage and a real job
 * engine. Test files that use this must `vi.mock("@/app/_lib/session", () => ({ currentUser: async () => null }))`
 * and `vi.mock("@/auth", () => ({ auth: async () => null }))`: Auth.js needs Next's runtime; these requests carry API tokens.
 */

export const APP_URL = "https://portal.example";
type IdHandler = (r: Request, ctx: { params: Promise<{ id: string }> }) => Promise<Response>;

export interface Routes {
  engine: Engine;
  getExport: IdHandler;
  download: IdHandler;
  portalDownload: IdHandler;
  resubmit: IdHandler;
  createExport: (r: Request) => Promise<Response>;
  listExports: (r: Request) => Promise<Response>;
  exportStorage: typeof import("@/app/_lib/export-deps").exportStorage;
}

export async function loadRoutes(label: string): Promise<Routes> {
  const started = await startTestEngine(label, { schema: uniqueSchema(label) });
  pointAppAtEngine(started, { APP_URL });
  // The Inngest client reads its configuration when first imported, so the routes load after the engine is up.
  const { GET: getExport } = await import("@/app/api/v1/exports/[id]/route");
  const { GET: download } = await import("@/app/api/v1/exports/[id]/download/route");
  const { GET: portalDownload } = await import("@/app/exports/[id]/download/route");
  const { POST: resubmit } = await import("@/app/api/v1/exports/[id]/resubmit/route");
  const { POST: createExport, GET: listExports } = await import("@/app/api/v1/exports/route");
  const { exportStorage } = await import("@/app/_lib/export-deps");
  return { engine: started.engine, getExport, download, portalDownload, resubmit, createExport, listExports, exportStorage };
}

export const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

export function callId(handler: IdHandler, id: string, token: string, path = `/api/v1/exports/${id}`, method = "GET") {
  return handler(new Request(`http://portal.test${path}`, { method, headers: bearer(token) }), { params: Promise.resolve({ id }) });
}

export function postExport(routes: Routes, token: string, body: unknown) {
  return routes.createExport(
    new Request("http://portal.test/api/v1/exports", {
      method: "POST",
      headers: { ...bearer(token), "content-type": "application/json" },
      body: JSON.stringify(body),
    }),
  );
}

export async function tokenFor(userId: string, org: TestOrg, scopes: string[], tenantId: string | null = org.tenantIds[0]): Promise<string> {
  const { db } = testDb();
  const made = await createApiToken(
    db,
    { userId, context: { ip: null, userAgent: null } },
    { organizationId: org.organizationId, tenantId, name: `t-${randomUUID().slice(0, 6)}`, scopes },
  );
  return made.token;
}

export const ARCHIVE = Buffer.from("PK\u0003\u0004 a stand-in archive for the route tests");

/** An export row as a finished (or any other) run leaves it, with its archive stored when done. */
export async function insertExport(routes: Routes, o: TestOrg, requestedBy: string, values: Partial<typeof exports.$inferInsert> = {}, tenant: 0 | 1 = 0) {
  const { db } = testDb();
  const id = randomUUID();
  const status = values.status ?? "done";
  const storageKey = `${o.organizationId}/${id}.zip`;
  if (status === "done" || status === "expired") await routes.exportStorage().put(storageKey, Readable.from([ARCHIVE]));
  await insertTestExport(db, o, requestedBy, {
    id,
    tenant,
    rowsEstimate: 10,
    ...(status === "done" || status === "expired"
      ? { storageKey, fileName: "jobs.zip", sizeBytes: ARCHIVE.length, sha256: "ab".repeat(32), rowCount: 10, expiresAt: new Date(Date.now() + 86_400_000) }
      : {}),
    ...values,
    status,
  });
  return id;
}
