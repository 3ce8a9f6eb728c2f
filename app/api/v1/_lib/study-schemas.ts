import { z } from "zod";

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
