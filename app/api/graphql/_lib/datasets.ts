import { AppError } from "@/lib/errors/app-error";
import { quoted } from "@/lib/errors/field-errors";

/**
 * An Obelisk data range as the portal's request names it: a dataset is a realm of the tenant, its metrics
 * are the realm's fields (none: all of them). An export holds one realm, so several datasets are refused
 * here, the one place to widen once an export may span realms. The service checks that the realm and the
 * fields exist and that the caller may export them.
 */
export function realmOfDataRange(range: { datasets: readonly string[]; metrics?: readonly string[] | null }): { realm: string; fields?: string[] } {
  const datasets = [...new Set(range.datasets)];
  const [realm] = datasets;
  if (realm === undefined) throw new AppError("invalid", 'Name the dataset to export in dataRange.datasets, e.g. "events".');
  if (datasets.length > 1) {
    throw new AppError(
      "invalid",
      `An export holds one dataset; request ${datasets
        .slice(0, 5)
        .map((d) => quoted(d))
        .join(", ")} as separate exports.`,
    );
  }
  const fields = range.metrics?.length ? [...range.metrics] : undefined;
  return { realm, ...(fields ? { fields } : {}) };
}
