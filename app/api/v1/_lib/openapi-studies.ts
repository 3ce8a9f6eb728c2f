import { z } from "zod";
import {
  cohortParams,
  cohortSchema,
  participantListQuery,
  participantListSchema,
  participantParams,
  participantSchema,
  studyDetailSchema,
  studyListQuery,
  studyListSchema,
  studyParams,
} from "./study-schemas";

/*
 * The OpenAPI entries of the research-study routes. Every one needs `studies.read`; a study, cohort or
 * participant the caller cannot read, or of another tenant or organization, is 404 like a made-up id.
 */

type Schema = (schema: z.ZodType, io: "input" | "output") => Record<string, unknown>;
type Parameters = (schema: z.ZodObject, where: "query" | "path") => unknown[];
type Json = (name: string, description: string) => unknown;
type Op = (summary: string, scope: string | null, extra: { parameters: unknown[]; responses: Record<string, unknown> }) => unknown;

export function studySchemas(jsonSchema: Schema) {
  return {
    StudyList: jsonSchema(studyListSchema, "output"),
    Study: jsonSchema(studyDetailSchema, "output"),
    Cohort: jsonSchema(cohortSchema, "output"),
    ParticipantList: jsonSchema(participantListSchema, "output"),
    Participant: jsonSchema(participantSchema, "output"),
  };
}

export function studyPaths(parameters: Parameters, jsonBody: Json, operation: Op, invalid: unknown) {
  const read = "studies.read";
  const bad = { "422": invalid };
  return {
    "/api/v1/studies": {
      get: operation("One tenant's research studies by name, paged", read, {
        parameters: parameters(studyListQuery, "query"),
        responses: { "200": jsonBody("StudyList", "A page of studies"), ...bad },
      }),
    },
    "/api/v1/studies/{studyId}": {
      get: operation("One study with its cohorts and their member counts", read, {
        parameters: parameters(studyParams, "path"),
        responses: { "200": jsonBody("Study", "The study"), ...bad },
      }),
    },
    "/api/v1/studies/{studyId}/participants": {
      get: operation("A study's participants by participant id, paged, optionally searched", read, {
        parameters: [...parameters(studyParams, "path"), ...parameters(participantListQuery, "query")],
        responses: { "200": jsonBody("ParticipantList", "A page of participants"), ...bad },
      }),
    },
    "/api/v1/studies/{studyId}/participants/{participantId}": {
      get: operation("One participant with its devices", read, {
        parameters: parameters(participantParams, "path"),
        responses: { "200": jsonBody("Participant", "The participant"), ...bad },
      }),
    },
    "/api/v1/studies/{studyId}/cohorts/{cohortId}": {
      get: operation("One cohort of a study", read, {
        parameters: parameters(cohortParams, "path"),
        responses: { "200": jsonBody("Cohort", "The cohort"), ...bad },
      }),
    },
    "/api/v1/studies/{studyId}/cohorts/{cohortId}/participants": {
      get: operation("A cohort's current members by participant id, paged, optionally searched", read, {
        parameters: [...parameters(cohortParams, "path"), ...parameters(participantListQuery, "query")],
        responses: { "200": jsonBody("ParticipantList", "A page of the cohort's members"), ...bad },
      }),
    },
  };
}
