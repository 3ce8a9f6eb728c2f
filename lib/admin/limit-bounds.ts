/* The editable usage limits and their bounds. No imports, so the limits form (a client component) can share them. */

export const LIMIT_BOUNDS = {
  maxRowsPerExport: { label: "Max rows per export", min: 1, max: 10_000_000_000, unit: " rows" },
  maxActiveExportsPerUser: { label: "Active exports per person", min: 1, max: 1000, unit: "" },
  maxConcurrentExports: { label: "Exports running at once", min: 1, max: 10, unit: "" },
  retentionDays: { label: "Retention", min: 1, max: 3650, unit: " days" },
  maxRangeDays: { label: "Max date range", min: 1, max: 3660, unit: " days" },
} as const;

export type LimitKey = keyof typeof LIMIT_BOUNDS;
/** Every editable limit, in the order the form shows them; the form's field names are these keys. */
export const LIMIT_KEYS = Object.keys(LIMIT_BOUNDS) as LimitKey[];

/** Limits an organization may leave unset ("no limit"): an empty field saves none. */
export const NO_LIMIT_KEYS: readonly LimitKey[] = ["maxRangeDays"];
