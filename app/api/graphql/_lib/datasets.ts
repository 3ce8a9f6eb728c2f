import { AppError } from "@/lib/errors/app-error";
import { quoted } from "@/lib/errors/field-errors";
import { getRealm } from "@/lib/realms/catalog";

type Filter = Record<string, unknown> & { field?: unknown };
type RealmPart = { realm: string; fields?: string[]; filters: Filter[] };

/**
 * An Obelisk data range as the portal's request names it: a dataset is a realm of the tenant, its metrics
 * are the realm's fields (none: all of them). Several datasets make one export of several realms: each
 * takes the metrics and filters that name its own fields. The service checks that the realms and fields
 * exist and that the caller may export them.
 */
export function realmsOfDataRange(
  range: { datasets: readonly string[]; metrics?: readonly string[] | null },
  filters: Filter[],
): RealmPart | { realms: RealmPart[] } {
  const datasets = [...new Set(range.datasets)];
  const metrics = range.metrics?.length ? [...range.metrics] : undefined;
  if (datasets.length === 0) throw new AppError("invalid", 'Name the dataset to export in dataRange.datasets, e.g. "events".');
  if (datasets.length === 1) return { realm: datasets[0], ...(metrics ? { fields: metrics } : {}), filters };
  const has = (dataset: string, field: unknown) => getRealm(dataset)?.fields.some((f) => f.name === field) ?? false;
  const unplaced = [...(metrics ?? []), ...filters.map((f) => f.field)].filter((name) => !datasets.some((d) => has(d, name)));
  if (unplaced.length > 0) {
    throw new AppError(
      "invalid",
      `${unplaced
        .slice(0, 5)
        .map((n) => quoted(String(n)))
        .join(", ")} is a field of none of the datasets ${datasets.map((d) => quoted(d)).join(", ")}.`,
    );
  }
  return {
    realms: datasets.map((realm) => {
      const fields = metrics?.filter((m) => has(realm, m));
      return { realm, ...(fields?.length ? { fields } : {}), filters: filters.filter((f) => has(realm, f.field)) };
    }),
  };
}
