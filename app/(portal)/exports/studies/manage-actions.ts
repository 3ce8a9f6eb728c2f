"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { action } from "@/app/_lib/action";
import { AppError } from "@/lib/errors/app-error";
import { createCohort, createStudy, deleteCohort, updateCohort, updateStudy } from "@/lib/studies/manage";

/* An admin's study and cohort definitions from the study pages; lib/studies/manage parses the fields and guards. */

const tenantRef = z.object({ organizationId: z.uuid(), tenantId: z.uuid() });
const studyRef = tenantRef.extend({ studyId: z.uuid() });
const cohortRef = studyRef.extend({ cohortId: z.uuid() });
const refresh = () => revalidatePath("/exports/studies", "layout");
const base = { signIn: "/exports/studies", settled: refresh };

export const createStudyAction = action({
  ...base,
  input: (ref: unknown, fields: unknown) => ({ ref, fields }),
  schema: z.object({ ref: tenantRef, fields: z.unknown() }),
  unreadable: () => AppError.notFound("Tenant not found"),
  run: ({ db, actor, input }) => createStudy(db, actor, input.ref, input.fields),
});

export const updateStudyAction = action({
  ...base,
  input: (ref: unknown, fields: unknown) => ({ ref, fields }),
  schema: z.object({ ref: studyRef, fields: z.unknown() }),
  unreadable: () => AppError.notFound("Study not found"),
  run: ({ db, actor, input }) => updateStudy(db, actor, input.ref, input.fields),
});

export const createCohortAction = action({
  ...base,
  input: (ref: unknown, fields: unknown) => ({ ref, fields }),
  schema: z.object({ ref: studyRef, fields: z.unknown() }),
  unreadable: () => AppError.notFound("Study not found"),
  run: ({ db, actor, input }) => createCohort(db, actor, input.ref, input.fields),
});

export const updateCohortAction = action({
  ...base,
  input: (ref: unknown, fields: unknown) => ({ ref, fields }),
  schema: z.object({ ref: cohortRef, fields: z.unknown() }),
  unreadable: () => AppError.notFound("Cohort not found"),
  run: ({ db, actor, input }) => updateCohort(db, actor, input.ref, input.fields),
});

export const deleteCohortAction = action({
  ...base,
  input: (ref: unknown, confirm: unknown) => ({ ref, confirm }),
  schema: z.object({ ref: cohortRef, confirm: z.boolean() }),
  unreadable: () => AppError.notFound("Cohort not found"),
  run: ({ db, actor, input }) => deleteCohort(db, actor, input.ref, input.confirm),
});
