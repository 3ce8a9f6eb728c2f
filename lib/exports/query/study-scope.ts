import type { StudyScopeMember } from "../../../db/schema/studies";
import type { Realm, RealmField } from "../../realms/catalog";
import type { ExportScope } from "../types";
import { quoteIdent, SqlText } from "./sql-text";

type StudyScope = Extract<ExportScope, { type: "cohort" | "participant" }>;

export const isStudyScope = (scope: ExportScope): scope is StudyScope => scope.type === "cohort" || scope.type === "participant";

/** The values a realm's participant column takes for these members: their participant ids, or their devices. */
function keysOf(realm: Realm, members: StudyScopeMember[]): { key: string; pseudonym: string | null; shiftDays: number }[] {
  const link = realm.participant;
  if (!link) throw new Error(`The ${realm.label} realm holds no participant data`);
  return members.flatMap((m) =>
    link.by === "participant"
      ? [{ key: m.participantId, pseudonym: m.pseudonym ?? null, shiftDays: m.shiftDays ?? 0 }]
      : m.deviceIds.map((d, i) => ({ key: d, pseudonym: m.devicePseudonyms?.[i] ?? null, shiftDays: m.shiftDays ?? 0 })),
  );
}

/** " AND participant_id IN (…)": the rows of exactly the scope's members (none when it has none). */
export function studyMembersWhere(realm: Realm, scope: StudyScope): SqlText {
  const keys = keysOf(realm, scope.members);
  const sql = new SqlText();
  if (keys.length === 0) return sql.add(" AND false");
  sql.add(` AND ${quoteIdent(realm.participant?.column ?? "")} IN (`);
  keys.forEach((k, i) => sql.add(i ? ", " : "").param(k.key, "text"));
  return sql.add(")");
}

const NULL_OF: Record<RealmField["type"], string> = {
  text: "NULL::text",
  json: "NULL::jsonb",
  uuid: "NULL::uuid",
  integer: "NULL::integer",
  bigint: "NULL::bigint",
  double: "NULL::double precision",
  timestamp: "NULL::timestamptz",
};

/**
 * FROM for a de-identified study export: the realm's rows of the scope's members, joined to each member's
 * pseudonym and date shift, with the participant column hashed, every timestamp shifted and free text
 * dropped as the scope's settings say. The outer WHERE (tenant, dates, filters, the checkpoint's arrival
 * marker) reads the de-identified columns, so date ranges and partition slices apply to the shifted dates,
 * consistently.
 */
export function deidentifiedFrom(realm: Realm, scope: StudyScope, samplePercent?: number): SqlText | null {
  const settings = scope.deidentified;
  const link = realm.participant;
  if (!settings || !link) return null;
  const r = (name: string) => `r.${quoteIdent(name)}`;
  const columns = realm.fields.map((f) => {
    let expr = r(f.name);
    if (f.name === link.column && settings.hashParticipantIds) expr = "m.pseudonym";
    else if (f.type === "timestamp" && settings.shiftDates) expr = `${r(f.name)} + make_interval(days => m.shift_days)`;
    else if (settings.dropFreeText && realm.freeText?.includes(f.name)) expr = NULL_OF[f.type];
    return `${expr} AS ${quoteIdent(f.name)}`;
  });
  const sql = new SqlText().add(` FROM (SELECT ${[...columns, r("organization_id"), r("tenant_id"), r("ingest_xid")].join(", ")}`);
  sql.add(` FROM ${quoteIdent(realm.schema)}.${quoteIdent(realm.table)} AS r `);
  if (samplePercent !== undefined) sql.add("TABLESAMPLE SYSTEM (").param(samplePercent, "double precision").add(") REPEATABLE (0) ");
  sql.add("JOIN (VALUES ");
  const keys = keysOf(realm, scope.members);
  // No members: one row that matches nothing, since VALUES cannot be empty.
  if (keys.length === 0) sql.add("(NULL::text, NULL::text, 0::integer)");
  keys.forEach((k, i) =>
    sql
      .add(i ? ", (" : "(")
      .param(k.key, "text")
      .add(", ")
      .param(k.pseudonym ?? k.key, "text")
      .add(", ")
      .param(k.shiftDays, "integer")
      .add(")"),
  );
  sql.add(`) AS m(key, pseudonym, shift_days) ON ${r(link.column)} = m.key) AS ${quoteIdent(realm.table)} `);
  return sql;
}
