import { z } from "zod";
import {
  cohortCreateBody,
  cohortDeleteQuery,
  cohortUpdateBody,
  memberListBody,
  memberListResultSchema,
  studyCreateBody,
  studyUpdateBody,
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
 * The OpenAPI entries of the research-study routes. Reads need `studies.read`, writes `studies.manage`; a study, cohort or
 * participant the caller cannot read, or of another tenant or organization, is 404 like a made-up id.
 */

type Schema = (schema: z.ZodType, io: "input" | "output") => Record<string, unknown>;
type Parameters = (schema: z.ZodObject, where: "query" | "path") => unknown[];
type Json = (name: string, description: string) => unknown;
type Op = (summary: string, scope: string | null, extra: { parameters: unknown[]; requestBody?: unknown; responses: Record<string, unknown> }) => unknown;

export function studySchemas(jsonSchema: Schema) {
  return {
    StudyList: jsonSchema(studyListSchema, "output"),
    Study: jsonSchema(studyDetailSchema, "output"),
    Cohort: jsonSchema(cohortSchema, "output"),
    ParticipantList: jsonSchema(participantListSchema, "output"),
    Participant: jsonSchema(participantSchema, "output"),
    StudyCreate: jsonSchema(studyCreateBody, "input"),
    StudyUpdate: jsonSchema(studyUpdateBody, "input"),
    CohortCreate: jsonSchema(cohortCreateBody, "input"),
    CohortUpdate: jsonSchema(cohortUpdateBody, "input"),
    MemberList: jsonSchema(memberListBody, "input"),
    MemberListResult: jsonSchema(memberListResultSchema, "output"),
  };
}

export function studyPaths(parameters: Parameters, jsonBody: Json, operation: Op, invalid: unknown) {
  const read = "studies.read";
  const manage = "studies.manage";
  const bad = { "422": invalid };
  const body = (name: string) => ({ required: true, content: { "application/json": { schema: { $ref: `#/components/schemas/${name}` } } } });
  const refused = (what: string) => ({ "422": invalid, "409": { description: what } });
  return {
    "/api/v1/studies": {
      get: operation("One tenant's research studies by name, paged", read, {
        parameters: parameters(studyListQuery, "query"),
        responses: { "200": jsonBody("StudyList", "A page of studies"), ...bad },
      }),
      post: operation("A new study of the tenant, optionally of one of its projects", manage, {
        parameters: [],
        requestBody: body("StudyCreate"),
        responses: { "201": jsonBody("Study", "The study, with no cohorts yet"), ...refused("The tenant already has a study of that name") },
      }),
    },
    "/api/v1/studies/{studyId}": {
      get: operation("One study with its cohorts and their member counts", read, {
        parameters: parameters(studyParams, "path"),
        responses: { "200": jsonBody("Study", "The study"), ...bad },
      }),
      patch: operation("Rename a study, change its project or description, or set its de-identification profile (null: none)", manage, {
        parameters: parameters(studyParams, "path"),
        requestBody: body("StudyUpdate"),
        responses: { "200": jsonBody("Study", "The study as it is now"), ...refused("The tenant already has a study of that name") },
      }),
    },
    "/api/v1/studies/{studyId}/cohorts": {
      post: operation("A new, empty cohort of the study", manage, {
        parameters: parameters(studyParams, "path"),
        requestBody: body("CohortCreate"),
        responses: { "201": jsonBody("Cohort", "The cohort"), ...refused("The study already has a cohort of that name") },
      }),
    },
    "/api/v1/studies/{studyId}/cohorts/{cohortId}/members": {
      put: operation("Replace the cohort's member list by participant ids", manage, {
        parameters: parameters(cohortParams, "path"),
        requestBody: body("MemberList"),
        responses: {
          "200": jsonBody("MemberListResult", "Saved: those no longer listed are removed (their history stays), new ones added"),
          "422": { description: "Not valid, or ids that are no participant of the study (listed in the message) without leaveOutUnknown" },
        },
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
      patch: operation("Rename a cohort or change its description", manage, {
        parameters: parameters(cohortParams, "path"),
        requestBody: body("CohortUpdate"),
        responses: { "200": jsonBody("Cohort", "The cohort as it is now"), ...refused("The study already has a cohort of that name") },
      }),
      delete: operation("Delete a cohort; one with members only with confirm=true", manage, {
        parameters: [...parameters(cohortParams, "path"), ...parameters(cohortDeleteQuery, "query")],
        responses: {
          "204": { description: "Deleted, with its member list; exports already made keep the members they read" },
          ...refused("The cohort has members and confirm=true was not sent"),
        },
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
