import { z } from "zod";
import { quoted, type FieldWords } from "../errors/field-errors";

/* What an admin sends to define a study or a cohort: the pages' forms and the API's bodies alike. */

const name = (what: "study" | "cohort") =>
  z
    .string({ error: `Give the ${what} a name.` })
    .trim()
    .min(1, { error: `Give the ${what} a name.` })
    .max(120, { error: `A ${what} name has at most 120 characters.` });

// An empty description is no description.
const description = z
  .string({ error: "Write the description as text." })
  .trim()
  .max(2000, { error: "A description has at most 2,000 characters." })
  .nullable()
  .transform((d) => (d ? d : null));

const projectId = z.uuid({ error: "The project must be one of the tenant's projects; leave it out for the whole tenant." }).nullable();

const flag = (what: string) => z.boolean({ error: `Say whether to ${what}: true or false.` });

/** A study's de-identification profile; null: exports are identified unless asked for, or the role forces it. */
export const deidentificationInput = z
  .strictObject(
    {
      hashParticipantIds: flag("replace participant and device ids by a keyed hash"),
      shiftDates: flag("shift each participant's dates"),
      dropFreeText: flag("drop free-text fields"),
    },
    { error: 'Send the de-identification profile as {"hashParticipantIds": …, "shiftDates": …, "dropFreeText": …}, or null for none.' },
  )
  // A profile that does nothing would still force "de-identified" on every export: that is no profile.
  .refine((p) => p.hashParticipantIds || p.shiftDates || p.dropFreeText, {
    error: "Choose at least one thing to de-identify, or send null for identified exports.",
  })
  .nullable();

const unknownKeys = (what: string) => (iss: { code: string; keys?: string[] }) =>
  iss.code === "unrecognized_keys"
    ? `${what} has a field the portal does not know: ${(iss.keys ?? [])
        .slice(0, 5)
        .map((k) => quoted(k))
        .join(", ")}. Remove it or check the spelling.`
    : `Send the ${what.slice(4)} as a JSON object, e.g. {"name": "…"}.`;

export const studyCreateInput = z.strictObject(
  { name: name("study"), projectId: projectId.optional().default(null), description: description.optional().default(null) },
  { error: unknownKeys("The study") },
);

export const studyUpdateInput = z
  .strictObject(
    {
      name: name("study").optional(),
      projectId: projectId.optional(),
      description: description.optional(),
      deidentification: deidentificationInput.optional(),
    },
    { error: unknownKeys("The study") },
  )
  .refine((u) => Object.keys(u).length > 0, { error: "Send what to change: name, description, projectId or deidentification." });

export const cohortCreateInput = z.strictObject(
  { name: name("cohort"), description: description.optional().default(null) },
  { error: unknownKeys("The cohort") },
);

export const cohortUpdateInput = z
  .strictObject({ name: name("cohort").optional(), description: description.optional() }, { error: unknownKeys("The cohort") })
  .refine((u) => Object.keys(u).length > 0, { error: "Send what to change: name or description." });

export const MANAGE_WORDS: FieldWords = {
  labels: {
    name: "The name",
    description: "The description",
    projectId: "The project",
    deidentification: "The de-identification profile",
    "deidentification.hashParticipantIds": "Hashing participant ids",
    "deidentification.shiftDates": "Shifting dates",
    "deidentification.dropFreeText": "Dropping free text",
  },
};

export type StudyCreate = z.infer<typeof studyCreateInput>;
export type StudyUpdate = z.infer<typeof studyUpdateInput>;
