import { z } from "zod";
import { TOKEN_SCOPES } from "@/lib/api-tokens/scopes";
import {
  estimateSchema,
  exportCreatedSchema,
  exportIdParam,
  exportListSchema,
  exportRequestBody,
  exportSchema,
  listQuery,
  previewSchema,
  problemSchema,
  realmsSchema,
} from "./schemas";
import { SEED_SCHEMAS, seedPaths } from "./openapi-seeds";
import { webhookPaths, webhookSchemas } from "./openapi-webhooks";
import { SCHEDULE_SCHEMAS, schedulePaths } from "./openapi-schedules";
import { studyPaths, studySchemas } from "./openapi-studies";

type Io = "input" | "output";

/** A JSON Schema (2020-12, the dialect of OpenAPI 3.1) for one zod schema, as OpenAPI embeds it. */
function jsonSchema(schema: z.ZodType, io: Io): Record<string, unknown> {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: "any" }) as Record<string, unknown>;
  return rest;
}

/** An object schema's properties as OpenAPI parameters (query strings and path segments). */
function parameters(schema: z.ZodObject, where: "query" | "path") {
  const s = jsonSchema(schema, "input") as { properties?: Record<string, Record<string, unknown>>; required?: string[] };
  return Object.entries(s.properties ?? {}).map(([name, property]) => {
    const { description, ...rest } = property;
    return { name, in: where, required: where === "path" || (s.required ?? []).includes(name), description, schema: rest };
  });
}

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const jsonBody = (name: string, description: string) => ({ description, content: { "application/json": { schema: ref(name) } } });
const problem = (description: string) => ({ description, content: { "application/problem+json": { schema: ref("Problem") } } });

const PROBLEMS = {
  "401": problem("No valid session or API token (unknown, revoked, or its owner left the organization)"),
  "403": problem(
    "The caller, or the token's scopes, lack the permission needed; or a request with the session cookie that changes something did not carry the portal's Origin (or Sec-Fetch-Site: same-origin)",
  ),
  "404": problem("Not found, or not visible to the caller — another organization's ids look the same as made-up ones"),
};
const idParam = parameters(exportIdParam, "path");
const location = { Location: { description: "The export", schema: { type: "string" } } };
const checkpointHeader = {
  "X-Export-Checkpoint": {
    description: "The export's checkpoint (ckpt_…): send it as `since` for the rows that arrive after this export",
    schema: { type: "string" },
  },
};

const created = {
  ...location,
  "X-Export-Reused": {
    description: "true when an identical request of yours was still pending or running and that export is returned",
    schema: { type: "string", enum: ["true", "false"] },
  },
};

function operation<E extends { responses: Record<string, unknown>; description?: string }>(summary: string, scope: string | null, extra: E) {
  return {
    summary,
    ...(scope ? { description: `Needs the \`${scope}\` permission (and, with an API token, that scope).` } : {}),
    ...extra,
    responses: {
      "429": problem("Too many requests with this token, or too many invalid tokens from this address; Retry-After says when to try again"),
      ...extra.responses,
      ...PROBLEMS,
    },
  };
}

const helpers = { jsonSchema, parameters, jsonBody, problem };

/** The OpenAPI 3.1 document of the REST API, generated from the zod schemas the routes use. */
export function openApiDocument(serverUrl?: string) {
  return {
    openapi: "3.1.0",
    info: {
      title: "Data Export Portal API",
      version: "1.0.0",
      description:
        "Request exports of raw records, follow them while the background job runs, and download the archive. " +
        "Authenticate with an API token from the Developer tab (`Authorization: Bearer <token>`) or a portal session. " +
        "A token acts for the user who created it, only in its organization (and tenant, if it has one), with at most its scopes — " +
        "and never more than that user may do at the time of the request. Errors are RFC 9457 problem documents.",
    },
    ...(serverUrl ? { servers: [{ url: serverUrl }] } : {}),
    security: [{ bearerToken: [] }, { sessionCookie: [] }],
    components: {
      securitySchemes: {
        bearerToken: {
          type: "http",
          scheme: "bearer",
          description: `An API token created in the Developer tab (dep_…). Scopes: ${TOKEN_SCOPES.join(", ")}.`,
        },
        sessionCookie: {
          type: "apiKey",
          in: "cookie",
          name: "authjs.session-token",
          description:
            "A signed-in browser session, for the portal's own pages: a request that changes something must carry the portal's Origin (or Sec-Fetch-Site: same-origin). Scripts use a bearer token.",
        },
      },
      schemas: {
        ExportRequest: jsonSchema(exportRequestBody, "input"),
        Export: jsonSchema(exportSchema, "output"),
        CreatedExport: jsonSchema(exportCreatedSchema, "output"),
        ExportList: jsonSchema(exportListSchema, "output"),
        Realms: jsonSchema(realmsSchema, "output"),
        Estimate: jsonSchema(estimateSchema, "output"),
        Preview: jsonSchema(previewSchema, "output"),
        Problem: jsonSchema(problemSchema, "output"),
        ...SEED_SCHEMAS,
        ...webhookSchemas(helpers),
        ...SCHEDULE_SCHEMAS,
        ...studySchemas(jsonSchema),
      },
    },
    paths: {
      "/api/v1/realms": {
        get: operation("The realm catalog: realms, their fields, types and descriptions", null, { responses: { "200": jsonBody("Realms", "The catalog") } }),
      },
      "/api/v1/exports": {
        get: operation("One tenant's exports, newest first, keyset-paged", "data.exports.read", {
          parameters: parameters(listQuery, "query"),
          responses: { "200": jsonBody("ExportList", "A page of exports"), "422": problem("A query parameter is not valid") },
        }),
        post: operation("Queue an export", "data.exports.create", {
          description:
            "Needs the `data.exports.create` permission (and, with an API token, that scope). A request identical to one of yours still pending or running " +
            "(same tenant, scope, realm, fields — omitted means every field —, filters, dates, timezone, format and options) returns that export " +
            "with 200, `reused: true` and `X-Export-Reused: true` instead of queuing a second; simultaneous identical requests get one export. " +
            "`from` and `to` are optional: without `from` the export starts at the first record; without `to` it holds every record up to the moment " +
            "of the request, which is recorded as `toAsOf`, so a retry of the run reads the same rows. Two requests without `to` are identical while the " +
            "first is still pending or running (the second gets the first, with its `toAsOf`). When the organization sets a longest range, `from` is required. " +
            "Incremental: `since` (alias `previousExport`) takes a done export's `checkpoint` and exports only the rows that arrived after that export " +
            "was planned; `incremental: true` does the same from the newest done export of the same stream (realms, scope, filters, fields) in the " +
            "tenant, and is a full export when there is none. Arrival is the writing transaction, so rows committed late are not lost and none repeat; " +
            "rows deleted from the warehouse are not reported. A token of another organization, tenant or stream, or one that is not a token, is 422. " +
            "A study scope (`cohort` or `participant`, needs `studies.read`) reads lab results by participant id and events by the participant's devices, " +
            "resolved to the members when requested; other realms are refused. It is de-identified when asked, when the study has a profile, or when the " +
            "caller lacks `studies.identified` (then asking for `deidentified: false` is 422).",
          requestBody: { required: true, content: { "application/json": { schema: ref("ExportRequest") } } },
          responses: {
            "200": { ...jsonBody("CreatedExport", "An identical request of yours is still pending or running: that export, reused"), headers: created },
            "202": { ...jsonBody("CreatedExport", "Queued; poll the Location until status is done"), headers: created },
            "422": problem("A field is not valid; `errors` names each refused field"),
            "429": problem("A usage limit of the organization would be exceeded"),
          },
        }),
      },
      "/api/v1/exports/estimate": {
        post: operation("How many rows a request would export, without queuing it", "data.exports.create", {
          requestBody: { required: true, content: { "application/json": { schema: ref("ExportRequest") } } },
          responses: { "200": jsonBody("Estimate", "The estimate and the organization's limit"), "422": problem("A field is not valid") },
        }),
      },
      "/api/v1/exports/preview": {
        post: operation("A few sample rows of a request", "data.exports.create", {
          requestBody: { required: true, content: { "application/json": { schema: ref("ExportRequest") } } },
          responses: { "200": jsonBody("Preview", "Sample rows in field order"), "422": problem("A field is not valid") },
        }),
      },
      "/api/v1/exports/{id}": {
        get: operation(
          "One export: status, progress, queue position, ETA, size, checksum, file name, expiry and absolute download URL — as in the list",
          "data.exports.read",
          {
            parameters: idParam,
            responses: { "200": jsonBody("Export", "The export") },
          },
        ),
        delete: operation("Delete an export (cancelling it if active) and its archive", "data.exports.create", {
          description: "Your own exports need `data.exports.create`; other people's need `data.exports.manage`.",
          parameters: idParam,
          responses: { "204": { description: "Deleted" }, "409": problem("It changed meanwhile; try again") },
        }),
      },
      "/api/v1/exports/{id}/cancel": {
        post: operation("Cancel a pending or running export", "data.exports.create", {
          description: "Your own exports need `data.exports.create`; other people's need `data.exports.manage`.",
          parameters: idParam,
          responses: { "200": jsonBody("Export", "The cancelled export"), "409": problem("It has already ended") },
        }),
      },
      "/api/v1/exports/{id}/resubmit": {
        post: operation("Request a failed, cancelled or expired export, or one whose file is gone, again", "data.exports.create", {
          description:
            "A resubmit is a new request with the same parameters. An open end (`to` left out) stays open: the new export runs up to its own request " +
            "time, its own `toAsOf`, so it also holds records that arrived since the first.",
          parameters: idParam,
          responses: {
            "200": { ...jsonBody("CreatedExport", "An identical request of yours is still pending or running: that export, reused"), headers: created },
            "202": { ...jsonBody("CreatedExport", "The new export"), headers: created },
            "409": problem("The export is not failed, cancelled or expired, and its file is still there"),
            "422": problem("The request is no longer valid (a realm, field or project changed)"),
          },
        }),
      },
      "/api/v1/exports/{id}/download": {
        get: operation("Download the archive", "data.exports.read", {
          description:
            "Streams the zip with `Range`, `ETag` and `If-Range` support, or redirects to a short-lived presigned URL. " +
            "Access is checked at download time; a token without `data.exports.read`, or for another organization or tenant, gets 404.",
          parameters: [...idParam, { name: "Range", in: "header", required: false, schema: { type: "string" }, description: "e.g. bytes=0-1048575" }],
          responses: {
            "200": {
              description: "The archive",
              headers: checkpointHeader,
              content: { "application/zip": { schema: { type: "string", contentMediaType: "application/zip" } } },
            },
            "206": { description: "Part of the archive", content: { "application/zip": { schema: { type: "string" } } } },
            "204": { description: "An incremental export with no new rows: no archive; X-Export-Checkpoint carries its checkpoint", headers: checkpointHeader },
            "302": { description: "Redirect to a presigned URL of the archive" },
            "304": { description: "Not modified (If-None-Match)" },
            "409": problem("The export has no file yet"),
            "410": problem("The export expired (its expiresAt has passed): its file is no longer served, and is deleted by the next sweep"),
            "416": { description: "The Range cannot be satisfied" },
          },
        }),
      },
      ...seedPaths(problem),
      ...webhookPaths(helpers, (summary, extra) => operation(summary, null, extra)),
      ...schedulePaths(operation, problem),
      ...studyPaths(parameters, jsonBody, operation, problem("A path or query parameter is not valid")),
      "/api/v1/openapi.json": {
        get: { summary: "This document", security: [], responses: { "200": { description: "OpenAPI 3.1", content: { "application/json": {} } } } },
      },
    },
  };
}
