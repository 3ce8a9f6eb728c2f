import path from "node:path";
import { and, eq, inArray, not } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { waitFor } from "@portal/inngest-engine/testing";
import { apiTokens, exports } from "@/db/schema";
import { createApiToken } from "@/lib/api-tokens/service";
import type { RunDeps } from "@/lib/export-runs/deps";
import { claimRunSlot, estimateExport, markDone } from "@/lib/export-runs/run";
import { seedWarehouse } from "@/scripts/seed/warehouse";
import { expectForPeople } from "@/test/api-calls";
import { loadRoutes, postExport, tokenFor, type Routes } from "@/test/api-routes";
import { uniqueDir } from "@/test/export-flow";
import { produceThroughSteps } from "@/test/exports/run-steps";
import { unzip } from "@/test/exports/support";
import { addMember, createOrg, createUser, exportRequestBody, testDb, type TestOrg } from "@/test/factories";

/* The CommCare-compatible download (seed 003): Basic auth with a token, previous_export, the token header, 302 when nothing is new. */
vi.mock("@/app/_lib/session", () => ({ currentUser: async () => null }));
vi.mock("@/auth", () => ({ auth: async () => null }));

const { db, sql } = testDb();
let routes: Routes;
let commcare: (r: Request, ctx: { params: Promise<{ id: string }> }) => Promise<Response>;
let org: TestOrg;
let token: string;
let templateId: string;
let userId: string;
const seen = new Set<string>();
const dataDir = uniqueDir("commcare");

beforeAll(async () => {
  routes = await loadRoutes("commcare");
  ({ GET: commcare } = await import("@/app/api/commcare/exports/[id]/route"));
  org = await createOrg(db, "CommCare");
  const user = await createUser(db, "commcare");
  userId = user.id;
  await addMember(db, org, user.id, "admin");
  token = await tokenFor(user.id, org, ["data.exports.read", "data.exports.create"]);
  await seedWarehouse(sql, {
    apps: [{ organizationId: org.organizationId, tenantId: org.tenantIds[0], projectId: org.projectIds[0], appId: org.appIds[0] }],
    rowsPerRealm: 40,
  });
  const res = await postExport(routes, token, exportRequestBody(org.tenantIds[0], { from: "2024-01-01", to: "2024-12-31", fields: ["job_id"] }));
  templateId = ((await res.json()) as { id: string }).id;
  await runNextQueued();
});
afterAll(async () => {
  await routes?.engine.stop();
});

/** Runs the next export the route queues, as the engine's functions would, while the route waits for it. */
async function runNextQueued() {
  const deps: RunDeps = { db, warehouse: sql, storage: routes.exportStorage(), tmpDir: path.join(dataDir, "tmp") };
  const row = await waitFor(
    "the route to queue an export",
    async () =>
      (
        await db
          .select()
          .from(exports)
          .where(and(eq(exports.organizationId, org.organizationId), not(inArray(exports.id, [...seen]))))
      )[0],
    20_000,
  );
  seen.add(row.id);
  expect(await claimRunSlot(deps, row.id)).toBe("started");
  await estimateExport(deps, row.id);
  const result = await produceThroughSteps(deps, row.id);
  if (result.cancelled) throw new Error("the export stopped");
  await markDone(deps, row.id, result);
}

const basic = (password: string) => ({ authorization: `Basic ${Buffer.from(`:${password}`).toString("base64")}` });
const call = (query: string, headers: Record<string, string> = basic(token)) =>
  commcare(new Request(`http://portal.test/api/commcare/exports/${templateId}?${query}`, { headers }), { params: Promise.resolve({ id: templateId }) });

describe("the CommCare-compatible export download", () => {
  it("answers the archive and X-CommCareHQ-Export-Token, then 302 when nothing is new, then only the new rows", async () => {
    const [first] = await Promise.all([call("format=csv"), runNextQueued()]);
    expect(first.status).toBe(200);
    const tokenHeader = first.headers.get("x-commcarehq-export-token");
    expect(tokenHeader).toMatch(/^ckpt_/);
    expect(first.headers.get("content-type")).toBe("application/zip");

    const [nothing] = await Promise.all([call(`format=csv&previous_export=${tokenHeader}`), runNextQueued()]);
    expect(nothing.status).toBe(302);
    expect(nothing.headers.get("location")).toBe("https://portal.example/exports");

    await sql`insert into warehouse.jobs (organization_id, tenant_id, project_id, app_id, job_id, user_name, queue, submitted_at, nodes, cores, exit_state)
      values (${org.organizationId}, ${org.tenantIds[0]}, ${org.projectIds[0]}, ${org.appIds[0]}, 'cc-new', 'ann', 'batch', '2024-07-07T07:07:07Z', 1, 1, 'completed')`;
    const [next] = await Promise.all([call(`format=csv&previous_export=${tokenHeader}`), runNextQueued()]);
    expect(next.status).toBe(200);
    const file = path.join(dataDir, "next.zip");
    await import("node:fs/promises").then((fs) => next.arrayBuffer().then((b) => fs.writeFile(file, Buffer.from(b))));
    const entries = await unzip(file);
    const csv = [...entries].find(([name]) => name.endsWith(".csv"))?.[1].toString("utf8") ?? "";
    expect(csv.trim().split(/\r?\n/).slice(1)).toEqual(["cc-new"]);
    expect(next.headers.get("x-commcarehq-export-token")).not.toBe(tokenHeader);
  });

  it("refuses CommCare keys that mean nothing here and formats it does not offer with 422 and the reason", async () => {
    for (const [query, reason] of [
      ["include_errors=True", /include_errors parameter has no meaning here/],
      ["max_column_size=10", /max_column_size parameter is not offered/],
      ["format=xls", /choose csv, xlsx or json/],
      ["colour=blue", /not one this address takes/],
      ["previous_export=nonsense", /not a checkpoint token/],
    ] as const) {
      const res = await call(query);
      expect(res.status, query).toBe(422);
      const problem = (await res.json()) as { detail: string };
      expect(problem.detail, query).toMatch(reason);
      expectForPeople(problem.detail, query);
    }
  });

  it("takes an API token as the Basic password, and a revoked one gets 401", async () => {
    const made = await createApiToken(
      db,
      { userId, context: { ip: null, userAgent: null } },
      {
        organizationId: org.organizationId,
        tenantId: org.tenantIds[0],
        name: "revoked",
        scopes: ["data.exports.read", "data.exports.create"],
      },
    );
    const [works] = await Promise.all([call("format=json", basic(made.token)), runNextQueued()]);
    expect(works.status, "a fresh token as the Basic password").toBe(200);
    expect(works.headers.get("x-commcarehq-export-token")).toMatch(/^ckpt_/);
    await db.update(apiTokens).set({ revokedAt: new Date() }).where(eq(apiTokens.id, made.id));
    const other = made.token;
    const revoked = await call("format=csv", basic(other));
    expect(revoked.status).toBe(401);
    expect(((await revoked.json()) as { detail: string }).detail).toMatch(/not valid/);
    const noAuth = await call("format=csv", {});
    expect(noAuth.status).toBe(401);
  });
});
