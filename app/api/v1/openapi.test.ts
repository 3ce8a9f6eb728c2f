import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { openApiDocument } from "./_lib/openapi";

const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;

/** Every route file under app/api/v1 as its URL path and the HTTP methods it exports. */
function routes(dir = import.meta.dirname, prefix = "/api/v1"): { path: string; methods: string[] }[] {
  const out: { path: string; methods: string[] }[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (!entry.isDirectory() || entry.name.startsWith("_")) continue;
    const segment = entry.name.replace(/^\[(.+)\]$/, "{$1}");
    const sub = path.join(dir, entry.name);
    const file = path.join(sub, "route.ts");
    if (fs.existsSync(file)) {
      const source = fs.readFileSync(file, "utf8");
      out.push({ path: `${prefix}/${segment}`, methods: METHODS.filter((m) => new RegExp(`export (async )?function ${m}\\b`).test(source)) });
    }
    out.push(...routes(sub, `${prefix}/${segment}`));
  }
  return out;
}

describe("/api/v1/openapi.json", () => {
  const doc = openApiDocument("http://portal.test");

  it("describes every route and method the API serves, and nothing it does not", () => {
    // The seed-shaped REST routes are described in the same document.
    const job = path.join(import.meta.dirname, "../analytics-export-job");
    const served = [
      ...routes(),
      { path: "/api/analytics-export-job", methods: ["POST"] },
      ...routes(job, "/api/analytics-export-job"),
      ...routes(path.join(import.meta.dirname, "../v3"), "/api/v3"),
      ...routes(path.join(import.meta.dirname, "../commcare"), "/api/commcare"),
    ];
    expect(served.length).toBeGreaterThanOrEqual(9);
    for (const r of served) {
      expect(Object.keys(doc.paths), r.path).toContain(r.path);
      const described = Object.keys(doc.paths[r.path as keyof typeof doc.paths]).map((m) => m.toUpperCase());
      expect(described.sort(), r.path).toEqual([...r.methods].sort());
    }
    expect(Object.keys(doc.paths).sort()).toEqual(served.map((r) => r.path).sort());
  });

  it("declares bearer tokens and generates the bodies from the zod schemas", () => {
    expect(doc.components.securitySchemes.bearerToken).toMatchObject({ type: "http", scheme: "bearer" });
    const request = doc.components.schemas.ExportRequest as { properties: Record<string, unknown>; required: string[] };
    expect(Object.keys(request.properties)).toEqual(expect.arrayContaining(["tenantId", "scope", "realm", "realms", "from", "to", "format"]));
    expect(request.required).toEqual(expect.arrayContaining(["tenantId", "scope", "format"]));
    // One realm (realm) or several (realms): neither is required on its own; the server asks for one.
    expect(request.required).not.toContain("realm");
    expect(request.required).not.toContain("realms");
    // Open-ended dates: without from the first record, without to the request time.
    for (const optional of ["timezone", "from", "to"]) expect(request.required).not.toContain(optional);
    // Parts are optional, and say what they take.
    expect(request.required).not.toContain("parts");
    expect(JSON.stringify(request.properties.parts)).toMatch(/maxRows.*maxMegabytes/);
    const exportView = doc.components.schemas.Export as { properties: Record<string, { enum?: string[] }> };
    expect(exportView.properties.status?.enum).toEqual(["pending", "running", "done", "failed", "cancelled", "expired"]);
    for (const field of [
      "rowsEstimate",
      "rowsProcessed",
      "progress",
      "sizeBytes",
      "sha256",
      "expiresAt",
      "downloadUrl",
      "queuePosition",
      "etaSeconds",
      "estimatedCompletionAt",
      "fileName",
    ]) {
      expect(exportView.properties).toHaveProperty(field);
    }
    const post = doc.paths["/api/v1/exports"].post.responses;
    expect(Object.keys(post)).toEqual(expect.arrayContaining(["200", "202"]));
    expect(post["200"].headers).toHaveProperty("X-Export-Reused");
    expect((doc.components.schemas.CreatedExport as { properties: Record<string, unknown> }).properties).toHaveProperty("reused");
    // Incremental exports: the request's checkpoint fields, the export's checkpoint, the download's header and 204.
    expect(Object.keys(request.properties)).toEqual(expect.arrayContaining(["since", "previousExport", "incremental"]));
    for (const optional of ["since", "previousExport", "incremental"]) expect(request.required).not.toContain(optional);
    expect(exportView.properties).toHaveProperty("checkpoint");
    expect(exportView.properties).toHaveProperty("noNewRows");
    const download = doc.paths["/api/v1/exports/{id}/download"].get.responses;
    expect(download["200"].headers).toHaveProperty("X-Export-Checkpoint");
    expect(download).toHaveProperty("204");
    // Study scopes: a cohort or a participant of a study.
    expect(JSON.stringify(request.properties.scope)).toMatch(/"cohort".*"cohortId".*"participant".*"participantId"/);
    const members = doc.paths["/api/v1/studies/{studyId}/cohorts/{cohortId}/participants"].get as { parameters: { name: string }[] };
    expect(members.parameters.map((p) => p.name)).toEqual(["studyId", "cohortId", "q", "cursor", "limit"]);
    const list = doc.paths["/api/v1/exports"].get.parameters.map((p) => p.name);
    expect(list).toEqual(["organizationId", "tenantId", "onlyMine", "cursor", "limit", "status", "realm", "requester", "q", "sort"]);
    // Schedules: a cadence in one of four forms, and both modes described.
    const schedule = doc.components.schemas.ScheduleRequest as { properties: Record<string, { oneOf?: unknown[]; description?: string }> };
    expect(schedule.properties.cadence?.oneOf).toHaveLength(4);
    expect(schedule.properties.mode?.description).toMatch(/incremental \(the default\): each run exports only the rows that arrived since the previous run/);
    // A bucket destination: credentials write-only, the manifest written last.
    expect(schedule.properties.destination).toMatchObject({
      required: ["type", "bucket", "accessKeyId", "secretAccessKey"],
      properties: { secretAccessKey: { writeOnly: true }, accessKeyId: { writeOnly: true } },
      description: expect.stringMatching(/manifest\.json.*written last/),
    });
    // Every $ref points at a schema that exists.
    for (const [, name] of JSON.stringify(doc).matchAll(/"#\/components\/schemas\/([A-Za-z]+)"/g)) expect(doc.components.schemas).toHaveProperty(name ?? "");
  });
});
