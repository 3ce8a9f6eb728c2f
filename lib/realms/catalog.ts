/**
 * The realm catalog: the datasets people can export, and the only source of identifiers
 * (table and column names) for SQL built from user input.
 */
export type FieldType = "text" | "integer" | "bigint" | "double" | "timestamp" | "json" | "uuid";

export interface RealmField {
  /** Column name in the warehouse table and field name in exports. */
  name: string;
  type: FieldType;
  description: string;
}

export interface Realm {
  id: RealmId;
  label: string;
  description: string;
  /** Schema-qualified table, e.g. warehouse.jobs. */
  schema: "warehouse";
  table: string;
  /** The column the date range applies to. */
  timeColumn: string;
  fields: readonly RealmField[];
  /**
   * How a study participant's rows are found: by the participant id itself, or by the devices linked to
   * the participant. Realms without it hold no participant data and refuse study scopes.
   */
  participant?: { column: string; by: "participant" | "device" };
  /** Free-text fields, dropped from de-identified exports. */
  freeText?: readonly string[];
}

export const REALM_IDS = ["jobs", "events", "lab-results"] as const;
export type RealmId = (typeof REALM_IDS)[number];

const scopeFields: RealmField[] = [
  { name: "project_id", type: "uuid", description: "Project the record belongs to" },
  { name: "app_id", type: "uuid", description: "App the record belongs to" },
];

export const REALMS: Record<RealmId, Realm> = {
  jobs: {
    id: "jobs",
    label: "Compute jobs",
    description: "Batch jobs run on the compute clusters: who ran what, where, for how long and how it ended.",
    schema: "warehouse",
    table: "jobs",
    timeColumn: "submitted_at",
    fields: [
      { name: "id", type: "bigint", description: "Warehouse record id" },
      { name: "job_id", type: "text", description: "Scheduler job id" },
      { name: "user_name", type: "text", description: "Account that submitted the job" },
      { name: "job_name", type: "text", description: "Name given to the job at submission" },
      { name: "queue", type: "text", description: "Queue (partition) the job ran in" },
      { name: "submitted_at", type: "timestamp", description: "When the job was submitted" },
      { name: "started_at", type: "timestamp", description: "When the job started running (empty if it never started)" },
      { name: "ended_at", type: "timestamp", description: "When the job ended (empty if it never started)" },
      { name: "nodes", type: "integer", description: "Nodes allocated" },
      { name: "cores", type: "integer", description: "Cores allocated" },
      { name: "cpu_hours", type: "double", description: "Core-hours consumed" },
      { name: "memory_gb", type: "double", description: "Peak memory in GiB" },
      { name: "exit_state", type: "text", description: "Final state: completed, failed, cancelled, timeout or node_fail" },
      { name: "exit_code", type: "integer", description: "Process exit code (empty when not reported)" },
      ...scopeFields,
    ],
  },
  events: {
    id: "events",
    label: "Analytics events",
    description: "Events sent by devices and apps: sessions, screens, clicks and custom events with their properties.",
    schema: "warehouse",
    table: "events",
    timeColumn: "event_time",
    participant: { column: "device_id", by: "device" },
    freeText: ["properties"],
    fields: [
      { name: "id", type: "bigint", description: "Warehouse record id" },
      { name: "event_time", type: "timestamp", description: "When the event happened on the device" },
      { name: "event_type", type: "text", description: "Event name, e.g. session_start or purchase" },
      { name: "device_id", type: "text", description: "Device that sent the event" },
      { name: "session_id", type: "text", description: "Session the event belongs to" },
      { name: "platform", type: "text", description: "Device platform: ios, android, web or kiosk" },
      { name: "country", type: "text", description: "ISO country code (empty when unknown)" },
      { name: "properties", type: "json", description: "Event properties as sent, a JSON object" },
      ...scopeFields,
    ],
  },
  "lab-results": {
    id: "lab-results",
    label: "Lab results",
    description: "Laboratory measurements per participant: assay, analyte, value with unit and reference range.",
    schema: "warehouse",
    table: "lab_results",
    timeColumn: "collected_at",
    participant: { column: "participant_id", by: "participant" },
    freeText: ["comment"],
    fields: [
      { name: "id", type: "bigint", description: "Warehouse record id" },
      { name: "participant_id", type: "text", description: "Pseudonymous participant id" },
      { name: "assay", type: "text", description: "Assay or panel name" },
      { name: "analyte", type: "text", description: "What was measured" },
      { name: "value", type: "double", description: "Measured value (empty when not reportable)" },
      { name: "unit", type: "text", description: "Unit of the value" },
      { name: "reference_low", type: "double", description: "Lower bound of the reference range" },
      { name: "reference_high", type: "double", description: "Upper bound of the reference range" },
      { name: "flag", type: "text", description: "L, H or N against the reference range (empty when unknown)" },
      { name: "collected_at", type: "timestamp", description: "When the sample was collected" },
      { name: "reported_at", type: "timestamp", description: "When the result was reported" },
      { name: "comment", type: "text", description: "Free-text lab comment" },
      ...scopeFields,
    ],
  },
};

export function isRealmId(value: string): value is RealmId {
  return (REALM_IDS as readonly string[]).includes(value);
}

export function getRealm(id: string): Realm | undefined {
  return isRealmId(id) ? REALMS[id] : undefined;
}

export function listRealms(): Realm[] {
  return REALM_IDS.map((id) => REALMS[id]);
}
