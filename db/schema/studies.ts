import { index, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { organizations, projects, tenants } from "./tenancy";

const ts = (name: string) => timestamp(name, { withTimezone: true });

/**
 * How a study's exports are de-identified. Null columns on a study mean identified exports; the per-study
 * secret keys the participant hash, so the same participant reads alike in every export of one study and
 * differently in another study.
 */
export interface DeidentificationSettings {
  hashParticipantIds: boolean;
  shiftDates: boolean;
  dropFreeText: boolean;
}

/**
 * One participant as a study export reads them, fixed when the export is requested: the lab-results
 * participant id and the event devices. De-identified exports also fix the pseudonyms and the date shift.
 */
export interface StudyScopeMember {
  participantId: string;
  deviceIds: string[];
  pseudonym?: string;
  devicePseudonyms?: string[];
  shiftDays?: number;
}

/** Study scopes as an export stores them: the ids the client sent, and the members resolved from them. */
export type StudyScope =
  | { type: "cohort"; studyId: string; cohortId: string; members: StudyScopeMember[]; deidentified?: DeidentificationSettings }
  | { type: "participant"; studyId: string; participantId: string; members: StudyScopeMember[]; deidentified?: DeidentificationSettings };

/** A research study of one tenant, optionally of one of its projects. */
export const studies = pgTable(
  "studies",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    organizationId: uuid("organization_id")
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    tenantId: uuid("tenant_id")
      .notNull()
      .references(() => tenants.id, { onDelete: "cascade" }),
    projectId: uuid("project_id").references(() => projects.id, { onDelete: "set null" }),
    name: text("name").notNull(),
    description: text("description"),
    deidentification: jsonb("deidentification").$type<DeidentificationSettings>(),
    /** Keys the participant hash of de-identified exports; never shown or exported. */
    secret: text("secret").notNull(),
    createdAt: ts("created_at").defaultNow().notNull(),
  },
  (t) => [uniqueIndex("studies_tenant_name_idx").on(t.tenantId, t.name), index("studies_org_idx").on(t.organizationId)],
);

export const cohorts = pgTable(
  "cohorts",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    studyId: uuid("study_id")
      .notNull()
      .references(() => studies.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    description: text("description"),
    createdAt: ts("created_at").defaultNow().notNull(),
  },
  (t) => [uniqueIndex("cohorts_study_name_idx").on(t.studyId, t.name)],
);

/** A participant of a study, known by the pseudonymous id the lab-results realm carries (participant_id). */
export const participants = pgTable(
  "participants",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    studyId: uuid("study_id")
      .notNull()
      .references(() => studies.id, { onDelete: "cascade" }),
    code: text("code").notNull(),
    createdAt: ts("created_at").defaultNow().notNull(),
  },
  (t) => [uniqueIndex("participants_study_code_idx").on(t.studyId, t.code)],
);

/** The devices (events' device_id) a participant carries, so that events can be scoped to a participant. */
export const participantDevices = pgTable(
  "participant_devices",
  {
    participantId: uuid("participant_id")
      .notNull()
      .references(() => participants.id, { onDelete: "cascade" }),
    deviceId: text("device_id").notNull(),
    linkedAt: ts("linked_at").defaultNow().notNull(),
  },
  (t) => [uniqueIndex("participant_devices_pk_idx").on(t.participantId, t.deviceId)],
);

/**
 * Membership of a participant in a cohort over time: removedAt null while a member. A participant who
 * leaves and comes back gets a new row, so the history stays.
 */
export const cohortMembers = pgTable(
  "cohort_members",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    cohortId: uuid("cohort_id")
      .notNull()
      .references(() => cohorts.id, { onDelete: "cascade" }),
    participantId: uuid("participant_id")
      .notNull()
      .references(() => participants.id, { onDelete: "cascade" }),
    addedAt: ts("added_at").defaultNow().notNull(),
    removedAt: ts("removed_at"),
  },
  (t) => [index("cohort_members_cohort_idx").on(t.cohortId, t.removedAt), index("cohort_members_participant_idx").on(t.participantId)],
);
