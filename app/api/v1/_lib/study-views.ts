import "server-only";
import type { z } from "zod";
import type { cohortSchema, participantSchema, studySchema } from "./study-schemas";

type StudyRow = {
  id: string;
  name: string;
  description: string | null;
  projectId: string | null;
  projectName: string | null;
  deidentification: { hashParticipantIds: boolean; shiftDates: boolean; dropFreeText: boolean } | null;
  createdAt: Date;
};

export const studyView = (s: StudyRow): z.infer<typeof studySchema> => ({
  id: s.id,
  name: s.name,
  description: s.description,
  projectId: s.projectId,
  projectName: s.projectName,
  deidentified: s.deidentification !== null,
  deidentification: s.deidentification,
  createdAt: s.createdAt.toISOString(),
});

export const cohortView = (studyId: string, c: { id: string; name: string; description: string | null; members?: number }): z.infer<typeof cohortSchema> => ({
  id: c.id,
  studyId,
  name: c.name,
  description: c.description,
  members: Number(c.members ?? 0),
});

export const participantView = (p: { id: string; code: string; deviceIds: string[] }): z.infer<typeof participantSchema> => ({
  id: p.id,
  participantId: p.code,
  deviceIds: p.deviceIds,
});
