import { z } from "zod";

export const EXPORT_FORMATS = ["csv", "json", "ndjson", "parquet", "xlsx", "csv+ndjson"] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export const FORMAT_LABELS: Record<ExportFormat, string> = {
  csv: "CSV",
  json: "JSON (array of arrays)",
  ndjson: "NDJSON (lossless)",
  parquet: "Parquet",
  xlsx: "Excel (XLSX)",
  "csv+ndjson": "CSV + NDJSON",
};

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "Use a date like 2025-01-31");
const scalar = z.union([z.string().max(1000), z.number().finite()]);

export const scopeInput = z.discriminatedUnion(
  "type",
  [
    z.object({ type: z.literal("tenant") }),
    z.object({ type: z.literal("project"), projectId: z.uuid("Choose a project") }),
    z.object({
      type: z.literal("apps"),
      projectId: z.uuid("Choose a project").optional(),
      appIds: z.array(z.uuid("Choose apps from the list")).min(1, "Choose at least one app").max(100),
    }),
    z.object({ type: z.literal("organization") }),
  ],
  { error: "Choose a scope: tenant, project, apps or organization" },
);

export const filterInput = z.discriminatedUnion("op", [
  z.object({ field: z.string().min(1).max(100), op: z.literal("eq"), value: scalar }),
  z.object({ field: z.string().min(1).max(100), op: z.literal("in"), values: z.array(scalar).min(1).max(1000) }),
  z.object({ field: z.string().min(1).max(100), op: z.literal("range"), min: scalar.optional(), max: scalar.optional() }),
]);

/** One export request as a client sends it (form, API or resubmit). The server checks the rest. */
export const exportRequestInput = z.object({
  tenantId: z.uuid("Select a tenant"),
  scope: scopeInput,
  realm: z.string().min(1, "Choose a realm").max(100),
  fields: z.array(z.string().min(1).max(100)).min(1, "Choose at least one field").max(200).optional(),
  filters: z.array(filterInput).max(20).default([]),
  from: isoDate,
  to: isoDate,
  timezone: z.string().min(1, "Choose a timezone").max(100).default("UTC"),
  format: z.enum(EXPORT_FORMATS, { error: "Choose a format: CSV, JSON, NDJSON, Parquet, XLSX or CSV + NDJSON" }),
  options: z
    .object({ csvBom: z.boolean().default(false), formulaGuard: z.boolean().default(true) })
    .default({ csvBom: false, formulaGuard: true }),
});

export type ExportRequestInput = z.infer<typeof exportRequestInput>;

/** Field errors keyed by the request field path, e.g. "scope.appIds" or "from". */
export function zodFieldErrors(error: z.ZodError): Record<string, string> {
  const out: Record<string, string> = {};
  for (const issue of error.issues) {
    const key = issue.path.filter((p) => typeof p !== "number").join(".") || "request";
    out[key] ??= issue.message;
  }
  return out;
}
