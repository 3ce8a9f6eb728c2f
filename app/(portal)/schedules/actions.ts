"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { action } from "@/app/_lib/action";
import { exportDeps } from "@/app/_lib/export-deps";
import { tellSchedulePaused } from "@/lib/schedules/paused";
import { AppError } from "@/lib/errors/app-error";
import { cadenceInWords } from "@/lib/schedules/cadence";
import { createSchedule, pauseSchedule, resumeSchedule, updateVisibleSchedule } from "@/lib/schedules/service";

/* The Schedules page's mutations; the service parses and checks everything the browser sends. */

export const createScheduleAction = action({
  signIn: "/schedules",
  input: (organizationId: unknown, body: unknown) => ({ organizationId, body }),
  schema: z.object({ organizationId: z.uuid(), body: z.unknown() }),
  unreadable: () => AppError.notFound("Organization not found"),
  run: async ({ actor, input }) => {
    const row = await createSchedule(exportDeps(), actor, input.organizationId, input.body);
    return { id: row.id, name: row.name, cadenceInWords: cadenceInWords(row.cadence, row.timezone) };
  },
  settled: () => revalidatePath("/schedules"),
});

const idInput = {
  signIn: "/schedules",
  input: (id: unknown) => ({ id }),
  schema: z.object({ id: z.uuid() }),
  unreadable: () => AppError.notFound("Schedule not found"),
};

export const pauseScheduleAction = action({
  ...idInput,
  run: async ({ actor, input }) => (await pauseSchedule({ ...exportDeps(), tell: tellSchedulePaused }, actor, input)).state,
  settled: () => revalidatePath("/schedules"),
});

export const resumeScheduleAction = action({
  ...idInput,
  run: async ({ actor, input }) => (await resumeSchedule(exportDeps(), actor, input)).state,
  settled: () => revalidatePath("/schedules"),
});

/** Sets (an object) or removes (null) the schedule's bucket destination; the service checks and seals it. */
export const saveDestinationAction = action({
  signIn: "/schedules",
  input: (id: unknown, destination: unknown) => ({ id, destination }),
  schema: z.object({ id: z.uuid(), destination: z.unknown() }),
  unreadable: () => AppError.notFound("Schedule not found"),
  run: async ({ actor, input }) => {
    await updateVisibleSchedule(exportDeps(), actor, { id: input.id }, { destination: input.destination ?? null });
    return { saved: input.destination !== null };
  },
  settled: () => revalidatePath("/schedules"),
});
