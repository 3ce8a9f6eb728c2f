import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { exportDeliveries } from "@/db/schema";
import { resetEnv } from "@/lib/config/env";
import { addMember, createOrg, createUser, insertTestExport, testDb, type TestOrg } from "@/test/factories";
import { bearer, loadRoutes, tokenFor, type Routes } from "@/test/api-routes";
import { scheduleBody } from "@/test/schedules";

/* A schedule's bucket destination through the API: refused in words, answered without its credentials, removed with null. */
vi.mock("@/app/_lib/session", () => ({ currentUser: async () => null }));
vi.mock("@/auth", () => ({ auth: async () => null }));

const { db, sql } = testDb();
let routes: Routes;
let org: TestOrg;
let token: string;
let analystId = "";
let api: { list: typeof import("./schedules/route"); one: typeof import("./schedules/[id]/route"); runs: typeof import("./schedules/[id]/runs/route") };
const ACCESS_KEY_ID = `AKIA${randomBytes(8).toString("hex").toUpperCase()}`;
const SECRET = `s3cret-${randomBytes(20).toString("hex")}`;
const destination = (change: Record<string, unknown> = {}) => ({
  type: "s3",
  bucket: "team-exports",
  prefix: "portal/",
  endpoint: "https://s3.eu-central-1.amazonaws.com",
  region: "eu-central-1",
  accessKeyId: ACCESS_KEY_ID,
  secretAccessKey: SECRET,
  ...change,
});
const setKey = (key: string | undefined) => {
  if (key === undefined) delete process.env.DESTINATION_CREDENTIALS_KEY;
  else process.env.DESTINATION_CREDENTIALS_KEY = key;
  resetEnv();
};

beforeAll(async () => {
  routes = await loadRoutes("scheddest");
  api = { list: await import("./schedules/route"), one: await import("./schedules/[id]/route"), runs: await import("./schedules/[id]/runs/route") };
  org = await createOrg(db, "Sched dest");
  const analyst = await createUser(db, "dest-analyst");
  analystId = analyst.id;
  await addMember(db, org, analyst.id, "analyst", org.tenantIds[0]);
  token = await tokenFor(analyst.id, org, ["data.exports.read", "data.exports.create"]);
  setKey(randomBytes(32).toString("base64"));
});
afterAll(async () => {
  setKey(undefined);
  await routes?.engine.stop();
});

const body = (change: Record<string, unknown> = {}) => scheduleBody(org, "Nightly to the bucket", change);
const req = (path: string, method = "GET", json?: unknown) =>
  new Request(`http://portal.test${path}`, {
    method,
    headers: { ...bearer(token), "content-type": "application/json" },
    ...(json === undefined ? {} : { body: JSON.stringify(json) }),
  });
const ctx = (id: string) => ({ params: Promise.resolve({ id }) });
async function send(res: Promise<Response>) {
  const r = await res;
  const text = await r.text();
  return { status: r.status, text, json: JSON.parse(text || "{}") as Record<string, unknown> & { id: string } };
}

describe("a schedule's destination in the API", () => {
  it("is stored sealed and answered without its credentials: the access key id's last 4 characters at most", async () => {
    const made = await send(api.list.POST(req("/api/v1/schedules", "POST", body({ destination: destination() }))));
    expect(made.status).toBe(201);
    expect(made.json.destination).toEqual({
      type: "s3",
      bucket: "team-exports",
      prefix: "portal/",
      endpoint: "https://s3.eu-central-1.amazonaws.com",
      region: "eu-central-1",
      forcePathStyle: true,
      accessKeyId: `…${ACCESS_KEY_ID.slice(-4)}`,
    });
    const answers = [
      made.text,
      (await send(api.one.GET(req(`/api/v1/schedules/${made.json.id}`), ctx(made.json.id)))).text,
      (await send(api.list.GET(req(`/api/v1/schedules?organizationId=${org.organizationId}`)))).text,
    ];
    for (const text of answers) {
      expect(text).toContain("team-exports");
      expect(text).not.toContain(SECRET);
      expect(text).not.toContain(ACCESS_KEY_ID);
    }
    const [stored] = await sql`select credentials from schedule_destinations where schedule_id = ${made.json.id}`;
    expect(String(stored?.credentials)).toMatch(/^v1\./);
    expect(String(stored?.credentials)).not.toContain(SECRET);
    // Not part of the export request the runs repeat.
    expect(JSON.stringify(made.json.request)).not.toContain("destination");
  });

  it("keeps the destination on other changes, replaces it, and removes it with null", async () => {
    const made = await send(api.list.POST(req("/api/v1/schedules", "POST", body({ destination: destination() }))));
    const renamed = await send(api.one.PATCH(req(`/api/v1/schedules/${made.json.id}`, "PATCH", { name: "Renamed" }), ctx(made.json.id)));
    expect(renamed.json).toMatchObject({ name: "Renamed", destination: { bucket: "team-exports" } });
    const moved = await send(
      api.one.PATCH(
        req(`/api/v1/schedules/${made.json.id}`, "PATCH", { destination: destination({ bucket: "other-bucket", endpoint: undefined }) }),
        ctx(made.json.id),
      ),
    );
    expect(moved.json.destination).toMatchObject({ bucket: "other-bucket", endpoint: null, forcePathStyle: false });
    const removed = await send(api.one.PATCH(req(`/api/v1/schedules/${made.json.id}`, "PATCH", { destination: null }), ctx(made.json.id)));
    expect(removed.status).toBe(200);
    expect(removed.json.destination).toBeNull();
  });

  it.each([
    [{ bucket: "My_Bucket" }, /bucket name must be 3 to 63 lowercase letters/],
    [{ secretAccessKey: "" }, /needs a secret access key/],
    [{ accessKeyId: undefined }, /needs an access key id/],
    [{ type: "gcs" }, /type must be "s3"/],
    [{ prefix: "../up/" }, /must not contain "\." or "\.\." folders|folder names ending in a slash/],
    [{ endpoint: "minio:9000" }, /endpoint must be an http\(s\) URL/],
    [{ acl: "public-read" }, /takes no acl/],
  ])("refuses the destination %j with a 422 a person can act on", async (change, message) => {
    const made = await send(api.list.POST(req("/api/v1/schedules", "POST", body({ destination: destination(change) }))));
    expect(made.status).toBe(422);
    expect(String(made.json.detail)).toMatch(message);
    expect(String(made.json.detail)).not.toMatch(/Invalid input|expected string|\[0\]/);
    expect(made.text).not.toContain(SECRET);
  });

  it("refuses a destination without DESTINATION_CREDENTIALS_KEY, saying which variable to set, and stores no schedule", async () => {
    const before = await sql`select count(*)::int as n from schedules where owner_id = ${analystId}`;
    const key = process.env.DESTINATION_CREDENTIALS_KEY;
    setKey(undefined);
    try {
      const made = await send(api.list.POST(req("/api/v1/schedules", "POST", body({ destination: destination() }))));
      expect(made.status).toBe(422);
      expect(String(made.json.detail)).toMatch(/DESTINATION_CREDENTIALS_KEY/);
    } finally {
      setKey(key);
    }
    const after = await sql`select count(*)::int as n from schedules where owner_id = ${analystId}`;
    expect(after[0]?.n).toBe(before[0]?.n);
  });

  it("lists each run's delivery to the bucket", async () => {
    const made = await send(api.list.POST(req("/api/v1/schedules", "POST", body({ destination: destination() }))));
    const exportId = await insertTestExport(db, org, analystId, { status: "done", scheduleId: made.json.id, intervalEnd: new Date("2026-11-30T23:00:00Z") });
    await db
      .insert(exportDeliveries)
      .values({ exportId, state: "failed", bucket: "team-exports", manifestKey: "portal/x/manifest.json", lastError: "NoSuchBucket: gone" });
    const runs = await send(api.runs.GET(req(`/api/v1/schedules/${made.json.id}/runs`), ctx(made.json.id)));
    expect(runs.json.items).toEqual([
      expect.objectContaining({ exportId, delivery: expect.objectContaining({ state: "failed", lastError: "NoSuchBucket: gone" }) }),
    ]);
  });
});
