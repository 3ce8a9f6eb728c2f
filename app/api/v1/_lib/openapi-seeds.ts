/*
 * The OpenAPI entries of the seed-shaped routes: the analytics export job (seed 002) and the Obelisk-style
 * download (seed 001). They are thin layers over the same export service as /api/v1, so they share its
 * authentication; the job answers refusals in its own JSON (JobError), the download in problem documents.
 */
const ISO = { type: "string", format: "date-time" };
const DAY = { type: "string", pattern: "^\\d{4}-\\d{2}-\\d{2}$", examples: ["2025-01-31"] };

export const SEED_SCHEMAS = {
  AnalyticsExportJobRequest: {
    type: "object",
    additionalProperties: false,
    required: ["tenantId", "dataDateFrom", "dataDateTo"],
    properties: {
      tenantId: { type: "string", format: "uuid", description: "Tenant ID" },
      dataDateFrom: { ...DAY, description: "First day of data included, YYYY-MM-DD (UTC)" },
      dataDateTo: { ...DAY, description: "Last day of data included, YYYY-MM-DD (UTC)" },
    },
  },
  AnalyticsExportJob: {
    type: "object",
    required: ["status", "id", "tenantId", "jobExpiryDate", "dataDateFrom", "dataDateTo", "createdAt", "updatedAt", "filename"],
    properties: {
      status: {
        type: "string",
        enum: ["queued", "processing", "done", "failed", "cancelled", "expired"],
        description: "queued, processing or done; a job that ended without a file is failed, cancelled or expired, with `error` saying why",
      },
      id: { type: "string", format: "uuid", description: "Job ID (the export's id)" },
      tenantId: { type: "string", format: "uuid" },
      jobExpiryDate: { ...ISO, type: ["string", "null"], description: "When the job's file is archived (deleted); null until done" },
      dataDateFrom: { ...DAY, type: ["string", "null"] },
      dataDateTo: { ...DAY, type: ["string", "null"] },
      createdAt: ISO,
      updatedAt: ISO,
      filename: { type: ["string", "null"], description: "The archive's file name (a zip of Parquet files); null until written" },
      downloadUrl: { type: "string", format: "uri", description: "Only once done: the absolute address of the archive (same authentication)" },
      fileSize: { type: "integer", description: "Only once done: the archive's size in bytes" },
      error: { type: "string", description: "Only once failed, cancelled or expired: why, in words" },
    },
  },
  JobError: {
    type: "object",
    required: ["statusCode", "error", "message"],
    properties: {
      statusCode: { type: "integer" },
      error: { type: "string", description: "not_found, invalid, unauthenticated, forbidden, limit_exceeded, …" },
      message: { type: "string", description: "What went wrong, in words a person can act on" },
      fields: {
        type: "object",
        additionalProperties: { type: "string" },
        description: "Refused fields by the job's names (tenantId, dataDateFrom, dataDateTo)",
      },
    },
  },
};

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const jobAnswer = (description: string) => ({ description, content: { "application/json": { schema: ref("AnalyticsExportJob") } } });
const jobError = (description: string) => ({ description, content: { "application/json": { schema: ref("JobError") } } });
const JOB_ERRORS = {
  "401": jobError("No valid session or API token"),
  "403": jobError("The token lacks the scope, or a cookie request came from another origin"),
  "404": jobError("Not found, or not visible to the caller: another organization's or tenant's ids read exactly like made-up ones"),
  "429": jobError("A usage limit or the token's request rate; Retry-After says when to try again"),
};

/** The seed routes' paths; `problem` builds the problem-document responses of the download, as /api/v1 does. */
export function seedPaths(problem: (description: string) => unknown) {
  return {
    "/api/analytics-export-job": {
      post: {
        summary: "Create an analytics export job: a Parquet export of the tenant's analytics events (realm `events`) between two days",
        description:
          "Needs `data.exports.create` and the right to export the `events` realm. The same request of yours while its job is still queued or " +
          "processing answers that job (200) instead of queuing another.",
        requestBody: { required: true, content: { "application/json": { schema: ref("AnalyticsExportJobRequest") } } },
        responses: {
          "201": jobAnswer("The job, queued"),
          "200": jobAnswer("Your identical job, still queued or processing"),
          "422": jobError("A field is not valid; `fields` names it"),
          ...JOB_ERRORS,
        },
      },
    },
    "/api/analytics-export-job/{id}": {
      get: {
        summary: "One analytics export job: its status and, once done, downloadUrl and fileSize",
        description: "Needs `data.exports.read`.",
        parameters: [{ name: "id", in: "path", required: true, schema: { type: "string" } }],
        responses: { "200": jobAnswer("The job"), ...JOB_ERRORS },
      },
    },
    "/api/commcare/exports/{id}": {
      get: {
        summary: "CommCare HQ-style export download (seed 003): a new export of the named export's stream, only what is new since previous_export",
        description:
          "HTTP Basic with an API token as the password (`curl -u :$TOKEN`), a Bearer token or the session. Takes `previous_export` (the last " +
          "X-CommCareHQ-Export-Token) and `format` (csv, xlsx — the default — or json); any other key, CommCare's include_errors and " +
          "max_column_size too, is refused with 422 and the reason. A small export is answered in the same request (waiting up to 25 s).",
        parameters: [
          { name: "id", in: "path", required: true, schema: { type: "string", format: "uuid" }, description: "An export of the stream to follow" },
          { name: "previous_export", in: "query", required: false, schema: { type: "string" }, description: "The token of the last download" },
          { name: "format", in: "query", required: false, schema: { type: "string", enum: ["csv", "xlsx", "json"], default: "xlsx" } },
        ],
        responses: {
          "200": {
            description: "The archive; X-CommCareHQ-Export-Token is the next previous_export",
            headers: { "X-CommCareHQ-Export-Token": { schema: { type: "string" }, description: "Pass it back as previous_export" } },
            content: { "application/zip": { schema: { type: "string", contentMediaType: "application/zip" } } },
          },
          "302": { description: "Nothing new since previous_export: a redirect to the Exports page" },
          "303": { description: "A large or slow export: its status, GET /api/v1/exports/{id}; download it from there once done" },
          "401": problem("No valid session or API token (a revoked one included)"),
          "404": problem("Not found, or not visible to the caller"),
          "422": problem("A parameter is not valid, or previous_export does not fit this stream"),
        },
      },
    },
    "/api/v3/data/exports/{exportId}": {
      get: {
        summary: "Download an export's archive (the address the GraphQL catalog's result.downloadUrl names)",
        description:
          "The same download as /api/v1/exports/{id}/download: access is checked at download time, Range and ETag are supported, and " +
          "a token without `data.exports.read`, or for another organization or tenant, gets 404.",
        parameters: [{ name: "exportId", in: "path", required: true, schema: { type: "string" } }],
        responses: {
          "200": { description: "The archive", content: { "application/zip": { schema: { type: "string", contentMediaType: "application/zip" } } } },
          "206": { description: "Part of the archive" },
          "302": { description: "Redirect to a presigned URL of the archive" },
          "401": problem("No valid session or API token"),
          "404": problem("Not found, or not visible to the caller"),
          "409": problem("The export has no file yet"),
          "410": problem("The export expired"),
        },
      },
    },
  };
}
