/*
 * The OpenAPI entries of /api/v1/schedules. A schedule's body is an export request (as POST /api/v1/exports
 * takes it, without from and to) plus its own fields; each run is an ordinary export of one interval.
 */
const ISO = { type: "string", format: "date-time" };
const DAY = { type: "string", pattern: "^\\d{4}-\\d{2}-\\d{2}$", examples: ["2026-03-01"] };
const TIME = { type: "string", pattern: "^([01]\\d|2[0-3]):[0-5]\\d$", examples: ["00:30"] };
const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const json = (name: string, description: string) => ({ description, content: { "application/json": { schema: ref(name) } } });

const cadence = {
  description: "How often it runs, read in the schedule's timezone. A cron expression may run at most hourly.",
  oneOf: [
    { type: "object", required: ["every"], properties: { every: { const: "hour" } }, additionalProperties: false },
    { type: "object", required: ["every", "at"], properties: { every: { const: "day" }, at: TIME }, additionalProperties: false },
    {
      type: "object",
      required: ["every", "on", "at"],
      properties: { every: { const: "week" }, on: { enum: ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"] }, at: TIME },
      additionalProperties: false,
    },
    { type: "object", required: ["cron"], properties: { cron: { type: "string", examples: ["0 6 * * 1"] } }, additionalProperties: false },
  ],
};

const run = {
  type: "object",
  properties: {
    exportId: { type: "string", format: "uuid" },
    name: { type: ["string", "null"] },
    status: { enum: ["pending", "running", "done", "failed", "cancelled", "expired"] },
    intervalStart: { ...ISO, description: "The window's start, included" },
    intervalEnd: { ...ISO, description: "The window's end, excluded" },
    interval: { type: ["string", "null"], description: 'The window in the schedule\'s timezone, e.g. "2026-03-29"' },
    rowCount: { type: ["integer", "null"] },
    error: { type: ["string", "null"] },
    createdAt: ISO,
    delivery: {
      type: ["object", "null"],
      description: "The run's copy to the schedule's bucket; null without a destination or before the run is done",
      properties: {
        state: { enum: ["delivering", "delivered", "failed"] },
        bucket: { type: "string" },
        manifestKey: { type: "string", description: "Written after the data: a reader who finds it finds the whole export" },
        deliveredAt: { ...ISO, type: ["string", "null"] },
        lastError: { type: ["string", "null"], description: "Why the last attempt failed; attempts are retried" },
      },
    },
  },
};

const destinationFields = {
  type: { const: "s3" },
  bucket: { type: "string", pattern: "^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$", examples: ["team-exports"] },
  prefix: { type: "string", default: "", examples: ["portal/daily/"], description: "Folder names, each ending in a slash" },
  endpoint: { type: "string", format: "uri", description: "An S3-compatible server's URL (MinIO, R2, …); leave out for AWS" },
  region: { type: "string", default: "us-east-1" },
  forcePathStyle: { type: "boolean", description: "Path-style URLs; the default is true with an endpoint, false without" },
};

/** What a client sends; the credentials are write-only. */
const destinationInput = {
  type: ["object", "null"],
  description:
    "An S3-compatible bucket each finished run is copied to, at {prefix}{schedule id}/{interval end}/{archive file name} and then manifest.json beside it (export id, rows, sha256, files), written last. null removes it; leave it out to keep it. The credentials are stored encrypted (DESTINATION_CREDENTIALS_KEY must be set, else 422) and never answered.",
  required: ["type", "bucket", "accessKeyId", "secretAccessKey"],
  additionalProperties: false,
  properties: { ...destinationFields, accessKeyId: { type: "string", writeOnly: true }, secretAccessKey: { type: "string", writeOnly: true } },
};

export const SCHEDULE_SCHEMAS = {
  ScheduleRequest: {
    type: "object",
    required: ["name", "cadence", "timezone", "tenantId", "scope", "format"],
    description:
      "The schedule's own fields and, beside them, the export request exactly as POST /api/v1/exports takes it (realm or realms, scope, fields, filters, format, options, parts) without from and to: each run sends its interval's dates.",
    properties: {
      name: { type: "string", maxLength: 80 },
      cadence,
      timezone: {
        type: "string",
        examples: ["Europe/Amsterdam"],
        description: "IANA timezone; the cadence, the windows and the export's dates are read in it",
      },
      mode: {
        enum: ["incremental", "fixed_window"],
        default: "incremental",
        description:
          "incremental (the default): each run exports only the rows that arrived since the previous run (export checkpoints), the first run everything from the first record, so every row goes out exactly once; refused with 422 in an organization with a longest date range. fixed_window: each run exports the previous hour, local day or seven local days (or since the previous cron firing), half-open.",
      },
      tenantId: { type: "string", format: "uuid" },
      organizationId: { type: "string", format: "uuid" },
      destination: destinationInput,
    },
  },
  Schedule: {
    type: "object",
    properties: {
      id: { type: "string", format: "uuid" },
      organizationId: { type: "string", format: "uuid" },
      tenantId: { type: "string", format: "uuid" },
      ownerId: { type: "string" },
      name: { type: "string" },
      cadence,
      cadenceInWords: { type: "string", examples: ["Every day at 00:30 (Europe/Amsterdam)"] },
      timezone: { type: "string" },
      mode: { enum: ["incremental", "fixed_window"] },
      state: { enum: ["active", "paused"] },
      pausedReason: { type: ["string", "null"], description: "Why it is paused: by a person, or its owner lost access" },
      pausedAt: { ...ISO, type: ["string", "null"] },
      nextRunAt: ISO,
      nextRunLocal: { type: "string", examples: ["2026-12-02 00:30 Europe/Amsterdam"] },
      nextInterval: { type: "string" },
      lastRunAt: { ...ISO, type: ["string", "null"] },
      lastRun: { oneOf: [ref("ScheduleRun"), { type: "null" }] },
      skipped: {
        type: ["object", "null"],
        description: "Missed intervals beyond the catch-up of 24, which were not run",
        properties: { count: { type: "integer" }, from: ISO, to: ISO, inWords: { type: "string" } },
      },
      request: { type: "object", description: "The export request each run sends, without dates" },
      destination: {
        type: ["object", "null"],
        description: "The bucket each run is copied to, without credentials",
        properties: {
          ...destinationFields,
          endpoint: { type: ["string", "null"] },
          accessKeyId: { type: "string", examples: ["…WXYZ"], description: "Its last 4 characters only" },
        },
      },
      createdAt: ISO,
    },
  },
  ScheduleRun: run,
  ScheduleBackfill: {
    type: "object",
    properties: {
      id: { type: "string", format: "uuid" },
      from: DAY,
      to: DAY,
      total: { type: "integer", description: "Runs the range holds" },
      queued: { type: "integer", description: "Runs queued so far; the rest follow as the export limits allow" },
      done: { type: "integer" },
      failed: { type: "integer" },
      createdAt: ISO,
    },
  },
};

type Operation = (
  summary: string,
  scope: string | null,
  extra: { responses: Record<string, unknown>; description?: string } & Record<string, unknown>,
) => unknown;

export function schedulePaths(operation: Operation, problem: (description: string) => unknown) {
  const id = [{ name: "id", in: "path", required: true, schema: { type: "string", format: "uuid" } }];
  const one = (description: string) => json("Schedule", description);
  const visible = "Your own schedules; an organization admin, every schedule of the organization. Others' ids answer 404.";
  return {
    "/api/v1/schedules": {
      get: operation("List schedules", "data.exports.read", {
        description: visible,
        parameters: [
          { name: "organizationId", in: "query", required: false, schema: { type: "string", format: "uuid" } },
          { name: "tenantId", in: "query", required: false, schema: { type: "string", format: "uuid" } },
        ],
        responses: {
          "200": {
            description: "The schedules",
            content: { "application/json": { schema: { type: "object", properties: { items: { type: "array", items: ref("Schedule") } } } } },
          },
        },
      }),
      post: operation("Create a schedule of an export request", "data.exports.create", {
        description: "The request is checked exactly as POST /api/v1/exports checks one, as you, with the dates of the latest interval that ended.",
        requestBody: { required: true, content: { "application/json": { schema: ref("ScheduleRequest") } } },
        responses: { "201": one("The schedule"), "422": problem("The cadence, timezone, mode or export request is refused; the message says what to change") },
      }),
    },
    "/api/v1/schedules/{id}": {
      get: operation("One schedule, with its backfills' progress", "data.exports.read", {
        description: visible,
        parameters: id,
        responses: { "200": one("The schedule") },
      }),
      patch: operation("Change a schedule", "data.exports.create", {
        description:
          "Any of name, cadence, timezone, mode and destination (null removes it); sending any export request field replaces the whole request. A new cadence starts at its next due time.",
        parameters: id,
        requestBody: { required: true, content: { "application/json": { schema: { type: "object" } } } },
        responses: { "200": one("The changed schedule"), "422": problem("The change is refused") },
      }),
      delete: operation("Delete a schedule; its runs stay as exports", "data.exports.create", {
        parameters: id,
        responses: { "204": { description: "Deleted" } },
      }),
    },
    "/api/v1/schedules/{id}/pause": {
      post: operation("Pause a schedule", "data.exports.create", { parameters: id, responses: { "200": one("The paused schedule") } }),
    },
    "/api/v1/schedules/{id}/resume": {
      post: operation("Resume a schedule from its next due time", "data.exports.create", {
        description: "What fell due while it was paused is not run; backfill it if needed.",
        parameters: id,
        responses: { "200": one("The active schedule") },
      }),
    },
    "/api/v1/schedules/{id}/runs": {
      get: operation("A schedule's runs, the latest interval first", "data.exports.read", {
        parameters: id,
        responses: {
          "200": {
            description: "The runs",
            content: { "application/json": { schema: { type: "object", properties: { items: { type: "array", items: ref("ScheduleRun") } } } } },
          },
        },
      }),
    },
    "/api/v1/schedules/{id}/backfill": {
      post: operation("Run the schedule's intervals within a range of days", "data.exports.create", {
        description:
          "The days from..to (both included, in the schedule's timezone) are split into the schedule's intervals that lie wholly inside and have ended; they are queued in order, at most 1000.",
        parameters: id,
        requestBody: {
          required: true,
          content: { "application/json": { schema: { type: "object", required: ["from", "to"], properties: { from: DAY, to: DAY } } } },
        },
        responses: {
          "202": json("ScheduleBackfill", "The backfill and its progress"),
          "409": problem("The schedule is paused"),
          "422": problem("The range is refused"),
        },
      }),
    },
  };
}
