import { AppError } from "../errors/app-error";
import type { Sql } from "@/db/client";
import { estimateRows } from "../exports";
import { realmRequestsOf, type CheckedRequest } from "./request";

/** A request's row estimate: the sum over its realms, each estimated as the engine would run it. */
export async function estimateRealms(
  warehouse: Sql,
  request: CheckedRequest,
  estimate: typeof estimateRows = estimateRows,
): Promise<{ rows: number; exact: boolean; byRealm: { realm: string; rows: number }[] }> {
  const each = await Promise.all(realmRequestsOf(request).map(async (r) => ({ realm: r.realm, ...(await estimate(warehouse, r)) })));
  return {
    rows: each.reduce((n, e) => n + e.rows, 0),
    exact: each.every((e) => e.exact),
    byRealm: each.map(({ realm, rows }) => ({ realm, rows })),
  };
}

/** An engine refusal about one of several realms, filed under "realms" and naming the realm it is about. */
export function realmRefusal(refusal: AppError, realmLabel: string): AppError {
  const message = `${realmLabel}, ${refusal.message[0]?.toLowerCase()}${refusal.message.slice(1)}`;
  return new AppError("invalid", message, { realms: message }, { cause: refusal });
}
