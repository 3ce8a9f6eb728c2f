"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { action } from "@/app/_lib/action";
import type { Db } from "@/db/client";
import { AppError } from "@/lib/errors/app-error";
import type { Actor } from "@/lib/permissions/actor";
import { createCohort, createStudy, deleteCohort, updateCohort, updateStudy } from "@/lib/studies/manage";

/* An admin's study and cohort definitions from the study pages; lib/studies/manage parses the fields and guards. */

const tenantRef = z.object({ organizationId: z.uuid(), tenantId: z.uuid() });
const studyRef = tenantRef.extend({ studyId: z.uuid() });
const cohortRef = studyRef.extend({ cohortId: z.uuid() });

/**
 * One write on what `ref` names, with what the form sent (`second`): a reference that does not parse names
 * nothing, so it is refused as `missing` is, like another tenant's.
 */
function write<Ref extends z.ZodType, Second extends z.ZodType, R>(
  ref: Ref,
  second: Second,
  missing: string,
  run: (db: Db, actor: Actor, ref: z.infer<Ref>, second: z.infer<Second>) => Promise<R>,
) {
  return action({
    signIn: "/exports/studies",
    settled: () => revalidatePath("/exports/studies", "layout"),
    input: (r: unknown, value: unknown) => ({ ref: r, value }),
    // zod cannot name the object of two generic schemas; it is exactly this shape.
    schema: z.object({ ref, value: second }) as unknown as z.ZodType<{ ref: z.infer<Ref>; value: z.infer<Second> }>,
    unreadable: () => AppError.notFound(missing),
    run: ({ db, actor, input }) => run(db, actor, input.ref, input.value),
  });
}

export const createStudyAction = write(tenantRef, z.unknown(), "Tenant not found", createStudy);
export const updateStudyAction = write(studyRef, z.unknown(), "Study not found", updateStudy);
export const createCohortAction = write(studyRef, z.unknown(), "Study not found", createCohort);
export const updateCohortAction = write(cohortRef, z.unknown(), "Cohort not found", updateCohort);
export const deleteCohortAction = write(cohortRef, z.boolean(), "Cohort not found", deleteCohort);
