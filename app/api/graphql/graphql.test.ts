import { randomUUID } from "node:crypto";
import { and, eq, inArray } from "drizzle-orm";
import { buildSchema } from "graphql";
import { describe, expect, it, vi } from "vitest";
import { exports, memberships } from "@/db/schema";
import { revokeApiToken } from "@/lib/api-tokens/service";
import { callRoute } from "@/test/api-calls";
import { APP_URL, ARCHIVE, tokenFor } from "@/test/api-routes";
import { addMember, insertTestExport, testDb } from "@/test/factories";
import { finishExport, seedWorld, writtenRows } from "@/test/seed-apis";

/*
 * The GraphQL catalog (seed 001) against the real route, database and job engine: the seed's documents as
 * written, answers field by field, "not found" alike for foreign and made-up ids, and the archive at
 * /api/v3/data/exports/{id} re-checked at download time. Only the cookie session is a stand-in.
 */
vi.mock("@/app/_lib/session", () => ({ currentUser: async () => null }));
vi.mock("@/auth", () => ({ auth: async () => null }));

const { world, gql } = seedWorld("seedgraphql");
const { db } = testDb();

/** Seed 001's mutation, verbatim but for the dataset id in place of its placeholder. */
const SEED_CREATE = (dataset: string) => `mutation {
    createStream(input: {
        name: "DemoExport1"
        dataRange: {datasets: "${dataset}"}
    }) {
        responseCode
        message
        item {
            id
        }
    }
}`;

/** Seed 001's status query, verbatim but for the export id in place of its placeholder. */
const SEED_STATUS = (id: string) => `{
    me {
        export(id: "${id}") {
            requestedOn
            status {
                recordsEstimate
                recordsProcessed
                status
            }
            result {
                completedOn
                compressedSizeInBytes
            }
        }
    }
}`;

const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
type Created = { createStream: { responseCode: string; message: string; item: { id: string } | null } };
type Status = {
  me: {
    export: {
      requestedOn: string;
      status: { recordsEstimate: number | null; recordsProcessed: number; status: string };
      result: { completedOn: string; compressedSizeInBytes: number } | null;
    } | null;
  };
};

const download = (id: string, token: string) => callRoute(world().routes.v3Download, { path: `/api/v3/data/exports/${id}`, id, token });

describe("seed 001 as written", () => {
  it("createStream requests an export of the dataset, all its metrics, up to the request time", async () => {
    const w = world();
    const answer = await gql(SEED_CREATE("events"), w.token);
    expect(answer.status, answer.text).toBe(200);
    expect(answer.json.errors).toBeUndefined();
    const created = (answer.json.data as Created).createStream;
    expect(Object.keys(created)).toEqual(["responseCode", "message", "item"]);
    expect(created.responseCode).toBe("SUCCESS");
    expect(created.message).toBe("The export was requested.");
    expect(Object.keys(created.item ?? {})).toEqual(["id"]);
    const [row] = await db
      .select()
      .from(exports)
      .where(eq(exports.id, created.item?.id ?? ""));
    expect(row).toMatchObject({
      name: "DemoExport1",
      realm: "events",
      tenantId: w.org.tenantIds[0],
      format: "csv",
      dateFrom: null,
      dateTo: null,
      requestedBy: w.admin.id,
    });
    expect(row?.fields).toEqual(expect.arrayContaining(["event_time", "event_type", "device_id", "properties"]));
    expect(row?.toAsOf).toBeInstanceOf(Date);
  });

  it("me.export reports QUEUING, GENERATING and COMPLETED, with result null until completed", async () => {
    const w = world();
    const id = (await gql(SEED_CREATE("events"), w.token)).json.data as Created;
    const exportId = id.createStream.item?.id ?? "";
    const [row] = await db.select().from(exports).where(eq(exports.id, exportId));

    const queued = (await gql(SEED_STATUS(exportId), w.token)).json.data as Status;
    expect(queued.me.export).toEqual({
      requestedOn: row?.createdAt.toISOString(),
      status: { recordsEstimate: row?.rowsEstimate, recordsProcessed: 0, status: "QUEUING" },
      result: null,
    });

    await db.update(exports).set({ status: "running", startedAt: new Date(), rowsProcessed: 7 }).where(eq(exports.id, exportId));
    const generating = (await gql(SEED_STATUS(exportId), w.token)).json.data as Status;
    expect(generating.me.export?.status).toEqual({ recordsEstimate: row?.rowsEstimate, recordsProcessed: 7, status: "GENERATING" });
    expect(generating.me.export?.result).toBeNull();

    await finishExport(exportId, w.org.organizationId);
    const done = (await gql(SEED_STATUS(exportId), w.token)).json.data as Status;
    expect(done.me.export?.status.status).toBe("COMPLETED");
    expect(done.me.export?.status.recordsProcessed).toBe(10);
    expect(done.me.export?.result?.compressedSizeInBytes).toBe(ARCHIVE.length);
    expect(done.me.export?.result?.completedOn).toMatch(ISO);
  });

  it("reports CANCELLED and FAILED with no result", async () => {
    const w = world();
    for (const [status, code] of [
      ["cancelled", "CANCELLED"],
      ["failed", "FAILED"],
    ] as const) {
      const id = await insertTestExport(db, w.org, w.admin.id, {
        realm: "events",
        status,
        error: status === "failed" ? "The warehouse did not answer." : null,
      });
      const answer = (await gql(SEED_STATUS(id), w.token)).json.data as Status;
      expect(answer.me.export?.status.status).toBe(code);
      expect(answer.me.export?.result).toBeNull();
    }
  });

  it("downloads the archive at /api/v3/data/exports/{exportId}", async () => {
    const w = world();
    const id = await insertTestExport(db, w.org, w.admin.id, { realm: "events" });
    await finishExport(id, w.org.organizationId);
    const answer = await download(id, w.token);
    expect(answer.status).toBe(200);
    expect(answer.contentType).toBe("application/zip");
    expect(answer.text).toBe(ARCHIVE.toString());
  });
});

describe("me.exports and me.usageLimits", () => {
  it("lists the token's tenant's exports, newest first, with the documented fields", async () => {
    const w = world();
    const id = await insertTestExport(db, w.org, w.admin.id, { realm: "events" });
    const elsewhere = await insertTestExport(db, w.org, w.admin.id, { realm: "events", tenant: 1 });
    const answer = await gql(`{ me { exports(first: 100) { id dataset metrics requestedOn status { status } result { downloadUrl } } } }`, w.token);
    const items = (answer.json.data as { me: { exports: { id: string; dataset: string; status: { status: string } }[] } }).me.exports;
    expect(items.map((e) => e.id)).toContain(id);
    expect(items.map((e) => e.id)).not.toContain(elsewhere);
    expect(items.find((e) => e.id === id)).toMatchObject({ dataset: "events", status: { status: "QUEUING" } });
  });

  it("reports the organization's usage limits and how many of the caller's exports are in progress", async () => {
    const w = world();
    const { sql } = testDb();
    await sql`update organization_settings set max_rows_per_export = 123456, max_active_exports_per_user = 4, retention_days = 9, max_range_days = null where organization_id = ${w.org.organizationId}`;
    const [{ n } = { n: 0 }] = await sql<{ n: number }[]>`
      select count(*)::int as n from exports where organization_id = ${w.org.organizationId} and requested_by = ${w.admin.id} and status in ('pending', 'running')`;
    const answer = await gql(
      `{ me { usageLimits { maxRecordsPerExport maxExportsAtOnce exportsInProgress maxConcurrentExports retentionDays maxRangeDays } } }`,
      w.token,
    );
    expect(answer.json.errors).toBeUndefined();
    expect(answer.json.data).toEqual({
      me: {
        usageLimits: { maxRecordsPerExport: 123456, maxExportsAtOnce: 4, exportsInProgress: n, maxConcurrentExports: 2, retentionDays: 9, maxRangeDays: null },
      },
    });
  });

  it("runs the persisted documents by key, and queries sent by GET", async () => {
    const w = world();
    const id = await insertTestExport(db, w.org, w.admin.id, { realm: "events" });
    const persisted = await callRoute(w.routes.graphql, {
      path: "/api/graphql",
      body: { extensions: { persistedQuery: { version: 1, sha256Hash: "exportStatus" } }, variables: { id } },
      token: w.token,
    });
    expect(JSON.parse(persisted.text)).toMatchObject({ data: { me: { export: { status: { status: "QUEUING", recordsProcessed: 0 }, result: null } } } });
    const query = encodeURIComponent(`{ me { export(id: "${id}") { status { status } } } }`);
    const viaGet = await callRoute(w.routes.graphqlGet, { path: `/api/graphql?query=${query}`, token: w.token });
    expect(JSON.parse(viaGet.text)).toEqual({ data: { me: { export: { status: { status: "QUEUING" } } } } });
    const mutationViaGet = await callRoute(w.routes.graphqlGet, { path: `/api/graphql?query=${encodeURIComponent(SEED_CREATE("events"))}`, token: w.token });
    expect(mutationViaGet.status).toBe(405);
  });

  it("publishes the schema it serves", async () => {
    const res = await world().routes.schema(new Request(`${APP_URL}/api/graphql/schema.graphql`), { params: Promise.resolve({ id: "" }) });
    const sdl = await res.text();
    const schema = buildSchema(sdl);
    expect(Object.keys(schema.getMutationType()?.getFields() ?? {})).toEqual(["createStream", "createExport"]);
    expect(sdl).toContain("QUEUING");
  });
});

describe("not found, refused and re-checked", () => {
  it("answers a foreign organization's, another tenant's and a made-up export id with the same NOT_FOUND", async () => {
    const w = world();
    const foreignId = await insertTestExport(db, w.foreign, w.outsider.id, { realm: "events" });
    const otherTenant = await insertTestExport(db, w.org, w.admin.id, { realm: "events", tenant: 1 });
    const answers = [];
    for (const id of [foreignId, otherTenant, randomUUID(), "not-an-id"]) answers.push((await gql(SEED_STATUS(id), w.token)).json);
    for (const a of answers) {
      expect(a).toEqual({
        data: { me: { export: null } },
        errors: [expect.objectContaining({ message: "Export not found", extensions: { code: "NOT_FOUND" } })],
      });
    }
    expect(((await gql(SEED_STATUS(otherTenant), w.otherTenantToken)).json.data as Status).me.export?.status.status).toBe("QUEUING");
  });

  it("createStream refuses a foreign tenant like a made-up one, and several datasets, in words, writing nothing", async () => {
    const w = world();
    const before = await writtenRows(w);
    const withTenant = (tenantId: string) =>
      `mutation { createStream(input: {name: "x", tenantId: "${tenantId}", dataRange: {datasets: "events"}}) { responseCode message item { id } } }`;
    const foreign = (await gql(withTenant(w.foreign.tenantIds[0]), w.orgToken)).json;
    const madeUp = (await gql(withTenant(randomUUID()), w.orgToken)).json;
    expect(foreign).toEqual(madeUp);
    expect(foreign).toEqual({ data: { createStream: { responseCode: "NOT_FOUND", message: "Tenant not found", item: null } } });
    const two = (
      await gql(
        `mutation { createExport(input: {name: "x", dataRange: {datasets: ["events", "jobs"], metrics: ["nope"]}}) { responseCode message item { id } } }`,
        w.token,
      )
    ).json;
    expect(two.data).toEqual({
      createExport: { responseCode: "BAD_REQUEST", message: '"nope" is a field of none of the datasets "events", "jobs".', item: null },
    });
    const ask = async (input: string) => (await gql(`mutation { createStream(input: {${input}}) { responseCode message } }`, w.token)).json.data;
    expect(await ask(`name: "x", dataRange: {datasets: "events", metrics: ["nope"]}`)).toMatchObject({ createStream: { responseCode: "BAD_REQUEST" } });
    const tooLong = { createStream: { responseCode: "BAD_REQUEST", message: "Give the export a name of 1 to 120 characters." } };
    expect(await ask(`name: "${"n".repeat(121)}", dataRange: {datasets: "events"}`)).toEqual(tooLong);
    const anonymous = await gql(SEED_CREATE("events"), undefined);
    expect(anonymous.status).toBe(401);
    expect(anonymous.json.errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");
    expect(await writtenRows(w)).toEqual(before);
  });

  it("createExport with several datasets makes one export of several realms, each with the metrics of its own", async () => {
    const w = world();
    // Earlier tests left the admin's exports queued; the organization allows only so many at once.
    await db
      .update(exports)
      .set({ status: "cancelled" })
      .where(and(eq(exports.requestedBy, w.admin.id), inArray(exports.status, ["pending", "running"])));
    const answer = (
      await gql(
        `mutation { createExport(input: {name: "both", from: "2024-01-01", to: "2024-01-31", dataRange: {datasets: ["events", "jobs"], metrics: ["event_type", "job_id"]}}) { responseCode message item { id } } }`,
        w.token,
      )
    ).json.data as { createExport: { responseCode: string; item: { id: string } } };
    expect(answer.createExport, JSON.stringify(answer)).toMatchObject({ responseCode: "SUCCESS" });
    const [row] = await db.select().from(exports).where(eq(exports.id, answer.createExport.item.id));
    expect(row.realms?.map((r) => [r.realm, r.fields])).toEqual([
      ["events", ["event_type"]],
      ["jobs", ["job_id"]],
    ]);
  });

  it("re-checks access at download time: a revoked token, then a removed role, get 404", async () => {
    const w = world();
    const analystToken = await tokenFor(w.analyst.id, w.org, ["data.exports.read"]);
    const id = await insertTestExport(db, w.org, w.analyst.id, { realm: "events" });
    await finishExport(id, w.org.organizationId);
    expect((await download(id, analystToken)).status).toBe(200);

    // A second token of the same person, revoked: refused as unknown.
    const revocable = await tokenFor(w.analyst.id, w.org, ["data.exports.read"]);
    expect((await download(id, revocable)).status).toBe(200);
    const { sql } = testDb();
    const [token] = await sql<{ id: string }[]>`select id from api_tokens where user_id = ${w.analyst.id} order by created_at desc limit 1`;
    await revokeApiToken(db, { userId: w.analyst.id, context: { ip: null, userAgent: null } }, { organizationId: w.org.organizationId, id: token?.id ?? "" });
    expect((await download(id, revocable)).status).toBe(401);

    // The role's grant of the realm removed: the export is no longer theirs to see.
    await sql`update roles set realms = '{jobs}' where id = ${w.org.roleIds.analyst ?? ""}`;
    try {
      const refused = await download(id, analystToken);
      expect(refused.status).toBe(404);
      expect(JSON.parse(refused.text)).toMatchObject({ detail: "Export not found" });
    } finally {
      await sql`update roles set realms = '{jobs,events}' where id = ${w.org.roleIds.analyst ?? ""}`;
    }
    // And the membership gone altogether.
    await db.delete(memberships).where(eq(memberships.userId, w.analyst.id));
    expect([401, 404]).toContain((await download(id, analystToken)).status);
    await addMember(db, w.org, w.analyst.id, "analyst", w.org.tenantIds[0]);
  });
});
