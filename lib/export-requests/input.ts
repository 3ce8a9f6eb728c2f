import { z } from "zod";
import { exportFormat } from "../../db/schema/exports";
import { quoted } from "../errors/field-errors";
import type { ExportFormat } from "../exports/types";
import { MAX_FILTER_VALUES } from "./filter-bounds";
import { MAX_EXPORT_NAME } from "./name";
import { partsInput } from "./parts";

/** The formats a request may ask for: the database enum's values, so the two lists cannot drift. */
export const EXPORT_FORMATS = exportFormat.enumValues;
export type { ExportFormat };

export const FORMAT_LABELS: Record<ExportFormat, string> = {
  csv: "CSV",
  json: "JSON (array of arrays)",
  ndjson: "NDJSON (lossless)",
  parquet: "Parquet",
  xlsx: "Excel (XLSX)",
  "csv+ndjson": "CSV + NDJSON",
};

/** Request field keys as the create form labels them, so refusals name what a person sees. */
export const REQUEST_LABELS: Record<string, string> = {
  request: "The request",
  organizationId: "Organization",
  tenantId: "Tenant",
  scope: "Scope",
  "scope.type": "Scope",
  "scope.projectId": "Project",
  "scope.appIds": "Apps",
  "scope.studyId": "Study",
  "scope.cohortId": "Cohort",
  "scope.participantId": "Participant",
  "scope.deidentified": "De-identification",
  realm: "Realm",
  fields: "Fields",
  filters: "Filters",
  "filters[]": "This filter",
  "filters.field": "The field",
  "filters.op": "The operator",
  "filters.value": "The value",
  "filters.values": "The list of values",
  "filters.min": "The minimum",
  "filters.max": "The maximum",
  from: "Start date",
  to: "End date",
  timezone: "Timezone",
  format: "Format",
  options: "CSV options",
  "options.csvBom": "The byte order mark option",
  "options.formulaGuard": "The formula guard option",
  realms: "Realms",
  "realms[]": "This realm",
  "realms.realm": "The realm",
  "realms.fields": "The fields",
  "realms.filters": "The filters",
  "realms.filters.field": "The filter's field",
  "realms.filters.op": "The filter's operator",
  "realms.filters.value": "The filter's value",
  "realms.filters.values": "The filter's list of values",
  "realms.filters.min": "The filter's minimum",
  "realms.filters.max": "The filter's maximum",
  parts: "Parts",
  "parts.maxRows": "Rows per part",
  "parts.maxMegabytes": "Megabytes per part",
  name: "Name",
};

const FIELD_NAME = /^[A-Za-z][A-Za-z0-9_]{0,39}$/;
const FIELD_NAME_OR_ID = /^[A-Za-z][A-Za-z0-9_-]{0,39}$/;

/** "Filter 2 (nodes)", "Field 3", "App 1": where in a list a refused item is, for the message. */
export function requestItem(path: readonly PropertyKey[], raw: unknown): string | undefined {
  const [list, index] = path;
  if (list === "scope" && path[1] === "appIds" && typeof path[2] === "number") return `App ${path[2] + 1}`;
  if (typeof index !== "number") return undefined;
  if (list === "filters") {
    const filters = raw && typeof raw === "object" ? (raw as { filters?: unknown }).filters : undefined;
    const item: unknown = Array.isArray(filters) ? filters[index] : undefined;
    const field = item && typeof item === "object" ? (item as { field?: unknown }).field : undefined;
    // Only a plausible field name is echoed; anything else could be hostile text.
    return `Filter ${index + 1}${typeof field === "string" && FIELD_NAME.test(field) ? ` (${field})` : ""}`;
  }
  if (list === "fields") return `Field ${index + 1}`;
  if (list === "realms") {
    const realms = raw && typeof raw === "object" ? (raw as { realms?: unknown }).realms : undefined;
    const item: unknown = Array.isArray(realms) ? realms[index] : undefined;
    const realm = item && typeof item === "object" ? (item as { realm?: unknown }).realm : undefined;
    const named = `Realm ${index + 1}${typeof realm === "string" && FIELD_NAME_OR_ID.test(realm) ? ` (${realm})` : ""}`;
    // Deeper inside a realm: which of its fields or filters.
    const [, , inner, at] = path;
    if (typeof at === "number" && (inner === "fields" || inner === "filters")) return `${named}, ${inner === "fields" ? "field" : "filter"} ${at + 1}`;
    return named;
  }
  return undefined;
}

export const REQUEST_WORDS = { labels: REQUEST_LABELS, item: requestItem };

const unknownKeys = (where: string) => (iss: { code: string; keys?: string[] }) =>
  iss.code === "unrecognized_keys"
    ? `${where} has ${iss.keys?.length === 1 ? "a field" : "fields"} the portal does not know: ${(iss.keys ?? [])
        .slice(0, 5)
        .map((k) => quoted(k))
        .join(", ")}. Remove ${iss.keys?.length === 1 ? "it" : "them"} or check the spelling.`
    : `${where} must be a JSON object.`;

const DATE_FORM = "as YYYY-MM-DD, e.g. 2025-01-31";
const isoDate = (which: "start" | "end") => {
  const wrong = `Enter the ${which} date ${DATE_FORM}.`;
  return z
    .string({ error: (iss) => (iss.input === undefined ? `Choose ${which === "start" ? "a start" : "an end"} date.` : wrong) })
    .regex(/^\d{4}-\d{2}-\d{2}$/, { error: wrong });
};

const id = (missing: string, wrong: string) => z.uuid({ error: (iss) => (iss.input === undefined ? missing : wrong) });

const scalar = z.union([z.string().max(1000, { error: "keep each value under 1,000 characters." }), z.number({ error: "enter a finite number." })], {
  error: "enter a value: text or a number.",
});

// A study scope may ask for de-identified data; a study's profile or the person's role may require it.
const studyScopeOptions = {
  deidentified: z.boolean({ error: "The de-identified option must be true or false." }).optional().describe("Pseudonymous ids, shifted dates, no free text"),
};

export const scopeInput = z.discriminatedUnion(
  "type",
  [
    z.strictObject({ type: z.literal("tenant") }, { error: unknownKeys("The tenant scope") }),
    z.strictObject(
      { type: z.literal("project"), projectId: id("Choose a project.", "Choose a project from the list.") },
      { error: unknownKeys("The project scope") },
    ),
    z.strictObject(
      {
        type: z.literal("apps"),
        projectId: id("Choose a project.", "Choose a project from the list.").optional(),
        appIds: z
          .array(id("Choose apps from the list.", "Choose apps from the list."), { error: "Choose at least one app." })
          .min(1, { error: "Choose at least one app." })
          .max(100, { error: "Choose at most 100 apps; export the project or tenant for more." }),
      },
      { error: unknownKeys("The apps scope") },
    ),
    z.strictObject({ type: z.literal("organization") }, { error: unknownKeys("The organization scope") }),
    z.strictObject(
      {
        type: z.literal("cohort"),
        studyId: id("Choose a study.", "Choose a study from the list."),
        cohortId: id("Choose a cohort.", "Choose a cohort of the study."),
        ...studyScopeOptions,
      },
      { error: unknownKeys("The cohort scope") },
    ),
    z.strictObject(
      {
        type: z.literal("participant"),
        studyId: id("Choose a study.", "Choose a study from the list."),
        participantId: id("Choose a participant.", "Choose a participant of the study."),
        ...studyScopeOptions,
      },
      { error: unknownKeys("The participant scope") },
    ),
  ],
  { error: "Choose a scope: tenant, project, apps, organization, cohort or participant." },
);

const filterField = z
  .string({ error: "choose a field to filter on." })
  .min(1, { error: "choose a field to filter on." })
  .max(100, { error: "choose a field of the realm to filter on." });

export const filterInput = z.discriminatedUnion(
  "op",
  [
    z.strictObject({ field: filterField, op: z.literal("eq"), value: scalar }, { error: unknownKeys("This filter") }),
    z.strictObject(
      {
        field: filterField,
        op: z.literal("in"),
        values: z
          .array(scalar, { error: "list the values to match." })
          .min(1, { error: "list at least one value to match." })
          .max(MAX_FILTER_VALUES, { error: `list at most ${MAX_FILTER_VALUES.toLocaleString("en-US")} values; split the list into several exports.` }),
      },
      { error: unknownKeys("This filter") },
    ),
    z.strictObject({ field: filterField, op: z.literal("range"), min: scalar.optional(), max: scalar.optional() }, { error: unknownKeys("This filter") }),
  ],
  {
    error: (iss) =>
      iss.input && typeof iss.input === "object" && !Array.isArray(iss.input)
        ? "choose an operator: eq, in or range."
        : 'write it as an object, e.g. {"field": "nodes", "op": "eq", "value": 4}.',
  },
);

/** The most realms one export may hold. */
export const MAX_REALMS = 10;

const realmName = z.string({ error: "Choose a realm." }).min(1, { error: "Choose a realm." }).max(100, { error: "Choose a realm from the list." });

const fieldList = z
  .array(
    z
      .string({ error: "choose fields of the realm by name." })
      .min(1, { error: "choose fields of the realm by name." })
      .max(100, { error: "choose fields of the realm by name." }),
    {
      error: "Choose the fields as a list of field names.",
    },
  )
  .min(1, { error: "Choose at least one field." })
  .max(200, { error: "Choose at most 200 fields." })
  .optional();

// Optional rather than defaulted, so a request with realms can be told from one that also sent top-level filters.
const filterList = z.array(filterInput, { error: "Give the filters as a list." }).max(20, { error: "Use at most 20 filters." }).optional();

/** One realm of a request with several: the realm, and optionally its fields and filters. */
export const realmEntry = z.strictObject(
  { realm: realmName, fields: fieldList, filters: filterList },
  { error: (iss) => (iss.code === "unrecognized_keys" ? unknownKeys("This realm")(iss) : 'write each realm as an object, e.g. {"realm": "jobs"}.') },
);

/** A checkpoint token as sent; since.ts says why one does not fit. */
const checkpointToken = z
  .string({ error: "Give the checkpoint as text, the ckpt_… of a done export." })
  .max(200, { error: "That is not a checkpoint token; use the ckpt_… of a done export." })
  .nullish();

/** One export request as a client sends it (form, API or resubmit). The server checks the rest. */
export const exportRequestInput = z.strictObject(
  {
    tenantId: id("Select a tenant.", "Select a tenant: tenantId must be the id of one of your tenants."),
    scope: scopeInput,
    // One realm (realm, with fields and filters), or several (realms, each with its own); validate.ts refuses a mix.
    realm: realmName.optional().describe("The realm to export, with fields and filters below. Or send realms instead, for several."),
    fields: fieldList,
    filters: filterList,
    realms: z
      .array(realmEntry, { error: 'Give the realms as a list, e.g. [{"realm": "jobs"}, {"realm": "lab-results"}].' })
      .min(1, { error: "Choose at least one realm." })
      .max(MAX_REALMS, { error: `Choose at most ${MAX_REALMS} realms in one export.` })
      .optional()
      .describe("Several realms in one archive, in the archive's order, each with its own fields and filters. Instead of realm, fields and filters."),
    // Optional (absent or null): without `from` the export starts at the first record, without `to` it ends
    // at the moment of the request.
    from: isoDate("start").nullish().describe("First day included, YYYY-MM-DD in timezone. Omit (or null) to start at the first record."),
    to: isoDate("end").nullish().describe("Last day included, YYYY-MM-DD in timezone. Omit (or null) for every record up to the moment of the request."),
    timezone: z
      .string({ error: "Choose a timezone, e.g. Europe/Amsterdam." })
      .min(1, { error: "Choose a timezone, e.g. Europe/Amsterdam." })
      .max(100, { error: "Choose a timezone from the list, e.g. Europe/Amsterdam." })
      .default("UTC"),
    format: z.enum(EXPORT_FORMATS, { error: "Choose a format: CSV, JSON, NDJSON, Parquet, XLSX or CSV + NDJSON." }),
    options: z
      .strictObject(
        {
          csvBom: z.boolean({ error: "The byte order mark option must be true or false." }).default(false),
          formulaGuard: z.boolean({ error: "The formula guard option must be true or false." }).default(true),
        },
        { error: unknownKeys("The CSV options") },
      )
      .default({ csvBom: false, formulaGuard: true }),
    parts: partsInput,
    name: z
      .string({ error: "The name must be text." })
      .trim()
      .max(MAX_EXPORT_NAME, { error: `Keep the name to ${MAX_EXPORT_NAME} characters.` })
      .nullish()
      .describe("A name to tell the export apart; omitted or empty: made from the realm and dates"),
    since: checkpointToken.describe("Only rows that arrived since this checkpoint (a done export's `checkpoint`, ckpt_…), of the same stream."),
    previousExport: checkpointToken.describe("The same as since (CommCare's previous_export)."),
    incremental: z
      .boolean({ error: "incremental must be true or false." })
      .optional()
      .describe(
        "Only rows that arrived since the newest done export of the same stream (realms, scope, filters, fields) in the tenant; the first is a full export.",
      ),
  },
  { error: unknownKeys("The export request") },
);

export type ExportRequestInput = z.infer<typeof exportRequestInput>;
