import { z } from "zod";
import { MAX_MEMBER_LIST } from "@/lib/studies/members";
import { cohortCreateInput, cohortUpdateInput, deidentificationInput, studyCreateInput, studyUpdateInput } from "@/lib/studies/manage-input";

/* The study routes' wire shapes; /api/v1/openapi.json is generated from them too. */

const PAGE_SIZE = "The page size (limit) must be a whole number from 1 to 100.";
const paging = {
  cursor: z
    .string({ error: "The page cursor is not valid; start again from the first page." })
    .max(500, { error: "The page cursor is not valid; start again from the first page." })
    .optional()
    .describe("nextCursor of the previous page"),
  limit: z.coerce.number({ error: PAGE_SIZE }).int({ error: PAGE_SIZE }).min(1, { error: PAGE_SIZE }).max(100, { error: PAGE_SIZE }).default(25),
};

export const studyListQuery = z.object({
  organizationId: z
    .uuid({ error: "The organization id is not valid: use the id of one of your organizations, or leave organizationId out to use the tenant's." })
    .optional()
    .describe("Defaults to the organization of tenantId"),
  tenantId: z
    .uuid({
      error: (iss) =>
        iss.input === undefined ? "Name the tenant whose studies to list, e.g. ?tenantId=…" : "The tenant id is not valid: use the id of one of your tenants.",
    })
    .describe("The tenant whose studies to list"),
  ...paging,
});

export const participantListQuery = z.object({
  q: z.string().trim().max(100, { error: "Search for at most 100 characters of a participant id." }).optional().describe("Part of the participant id"),
  ...paging,
});

const STUDY_ID = "The study id must be the id of one of your studies.";
export const studyParams = z.object({ studyId: z.uuid({ error: STUDY_ID }) });
export const cohortParams = studyParams.extend({ cohortId: z.uuid({ error: "The cohort id must be the id of a cohort of the study." }) });
export const participantParams = studyParams.extend({ participantId: z.uuid({ error: "The participant id must be the id of a participant of the study." }) });

const iso = z.iso.datetime({ offset: true });

export const studySchema = z.object({
  id: z.uuid(),
  name: z.string(),
  description: z.string().nullable(),
  projectId: z.uuid().nullable(),
  projectName: z.string().nullable(),
  deidentified: z.boolean().describe("The study has a de-identification profile: its exports are always de-identified"),
  deidentification: z
    .object({ hashParticipantIds: z.boolean(), shiftDates: z.boolean(), dropFreeText: z.boolean() })
    .nullable()
    .describe("The study's de-identification profile: what its exports always do; null: identified unless asked for or the role forces it"),
  createdAt: iso,
});

export const studyListSchema = z.object({ items: z.array(studySchema), nextCursor: z.string().nullable() });

export const cohortSchema = z.object({
  id: z.uuid(),
  studyId: z.uuid(),
  name: z.string(),
  description: z.string().nullable(),
  members: z.number().int().describe("Current members"),
});

export const studyDetailSchema = studySchema.extend({ cohorts: z.array(cohortSchema) });

export const participantSchema = z.object({
  id: z.uuid().describe("The portal's id of the participant, for scope.participantId"),
  participantId: z.string().describe("The pseudonymous participant id, as the lab-results realm's participant_id"),
  deviceIds: z.array(z.string()).describe("Devices linked to the participant: the analytics events' device_id"),
});

export const participantListSchema = z.object({ items: z.array(participantSchema), nextCursor: z.string().nullable() });

/* Defining studies and cohorts (studies.manage): the bodies the write routes take. lib/studies parses them again. */

const TENANT_ID = 'Name the tenant of the new study, e.g. {"tenantId": "…", "name": "…"}.';
export const studyTenantBody = z.looseObject(
  {
    organizationId: z
      .uuid({ error: "The organization id is not valid: use the id of one of your organizations, or leave organizationId out to use the tenant's." })
      .optional(),
    tenantId: z.uuid({ error: (iss) => (iss.input === undefined ? TENANT_ID : "The tenant id is not valid: use the id of one of your tenants.") }),
  },
  { error: 'Send the study as a JSON object, e.g. {"tenantId": "…", "name": "Sleep and metabolism"}.' },
);

export const studyCreateBody = studyCreateInput.extend({
  tenantId: z.uuid().describe("The tenant the study belongs to"),
  organizationId: z.uuid().optional().describe("Defaults to the organization of tenantId"),
  projectId: studyCreateInput.shape.projectId.describe("One of the tenant's projects; null or left out: the whole tenant"),
});
export const studyUpdateBody = studyUpdateInput.describe("Only the fields sent change; deidentification: null removes the profile");
export const deidentificationBody = deidentificationInput;
export const cohortCreateBody = cohortCreateInput;
export const cohortUpdateBody = cohortUpdateInput;

export const cohortDeleteQuery = z.object({
  confirm: z
    .enum(["true", "false"], { error: "Send confirm=true to delete a cohort with members, or leave it out." })
    .optional()
    .describe("true deletes a cohort that still has members, with its member list"),
});

export const memberListBody = z.strictObject(
  {
    participantIds: z
      .array(z.string({ error: "Each participant id must be text." }).max(200, { error: "Each participant id has at most 200 characters." }), {
        error: 'Send the participant ids as a list, e.g. {"participantIds": ["P-00012", "P-00013"]}.',
      })
      .min(1, { error: "The list is empty. Send the cohort's participant ids." })
      .max(MAX_MEMBER_LIST * 2, { error: `A cohort takes at most ${MAX_MEMBER_LIST.toLocaleString("en-US")} participants.` })
      .describe("The cohort's members from now on, by participant id (lab results' participant_id)"),
    leaveOutUnknown: z
      .boolean({ error: "Say whether to leave out ids that are no participant of the study: true or false." })
      .default(false)
      .describe("false (the default): a list with ids that are no participant of the study is refused (422) and lists them; true: they are left out"),
  },
  { error: 'Send the member list as a JSON object, e.g. {"participantIds": ["P-00012"]}.' },
);

export const memberListResultSchema = z.object({
  added: z.number().int(),
  removed: z.number().int().describe("Members no longer listed; their history stays"),
  members: z.number().int().describe("Current members after the change"),
  leftOut: z.array(z.string()).describe("Ids that are no participant of the study, left out"),
});
