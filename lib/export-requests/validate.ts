import type { Db } from "@/db/client";
import { findTenantApps } from "@/db/queries/apps";
import type { UsageLimits } from "@/db/queries/organization-settings";
import { findTenantProject } from "@/db/queries/projects";
import { getTenantNames } from "@/db/queries/tenants";
import type { ExportRealmRequest, ExportScope } from "@/db/schema";
import { AppError } from "../errors/app-error";
import { detailOf, quoted } from "../errors/field-errors";
import { checkRealms } from "./validate-realms";
import { resolveStudyScope } from "../studies/resolve-scope";
import { YEARS } from "../exports/query/validate";
import type { Access } from "../permissions/guard";
import { isRealDate, isValidTimezone, rangeRefusal, todayIn } from "./dates";
import type { ExportRequestInput } from "./input";
import { normalParts, XLSX_PARTS_REFUSAL } from "./parts";
import { isPostgresTimezone } from "./timezones";

export interface ValidatedRequest {
  input: ExportRequestInput;
  /** The first realm's fields, resolved (all of the realm's when none were chosen). */
  fields: string[];
  /** Every realm, in order, with its fields resolved. */
  realms: ExportRealmRequest[];
  scope: ExportScope;
  scopeLabel: string;
}

/**
 * Checks a parsed request against the catalog, the tenant's projects and apps, the user's realm rights
 * and the organization's date-range limit. Every refusal names the field it is about.
 */
export async function validateExportRequest(
  db: Db,
  access: Access,
  input: ExportRequestInput,
  limits: UsageLimits,
  now = new Date(),
): Promise<ValidatedRequest> {
  const checked = checkRealms(access, input);
  const errors: Record<string, string> = { ...checked.errors };

  const zoneKnown = isValidTimezone(input.timezone) && (await isPostgresTimezone(db, input.timezone));
  if (!zoneKnown) errors.timezone = `${quoted(input.timezone)} is not a timezone the portal knows; choose one such as Europe/Amsterdam.`;
  const tz = zoneKnown ? input.timezone : "UTC";
  const today = todayIn(tz, now);
  const dateError = (value: string, which: "start" | "end") => {
    if (!isRealDate(value)) return `The ${which} date ${value} is not a day on the calendar; choose a real one.`;
    if (Number(value.slice(0, 4)) < YEARS.min) return `Choose ${which === "start" ? "a start" : "an end"} date from ${YEARS.min} on.`;
    if (value > today) return `The ${which} date cannot be in the future.`;
    return null;
  };
  const fromError = input.from == null ? null : dateError(input.from, "start");
  const toError = input.to == null ? null : dateError(input.to, "end");
  if (fromError) errors.from = fromError;
  if (toError) errors.to = toError;
  if (!fromError && !toError) {
    const rangeError = rangeRefusal(input.from ?? null, input.to ?? null, today, limits.maxRangeDays);
    if (rangeError) errors[rangeError.field] = rangeError.message;
  }

  const names = await getTenantNames(db, { organizationId: access.organizationId, tenantId: input.tenantId });
  if (!names) throw AppError.notFound("Tenant not found");
  const q = { organizationId: access.organizationId, tenantId: input.tenantId };
  let scope: ExportScope = { type: "tenant" };
  let scopeLabel = `Tenant ${names.tenant}`;
  switch (input.scope.type) {
    case "tenant":
      break;
    case "organization":
      if (!access.organizationWide)
        errors.scope = "Exporting the entire organization needs an organization-level role. Choose the tenant, a project or apps instead.";
      scope = { type: "organization" };
      scopeLabel = `Organization ${names.organization}`;
      break;
    case "project": {
      const project = await findTenantProject(db, { ...q, projectId: input.scope.projectId });
      if (!project) errors["scope.projectId"] = "That project is not in this tenant. Choose a project from the list.";
      else {
        scope = { type: "project", projectId: project.id };
        scopeLabel = `Project ${project.name}`;
      }
      break;
    }
    case "apps": {
      const ids = [...new Set(input.scope.appIds)];
      const found = await findTenantApps(db, { ...q, appIds: ids });
      const projectId = input.scope.projectId;
      if (found.length !== ids.length) errors["scope.appIds"] = "One or more apps are not in this tenant. Choose apps from the list.";
      else if (projectId && found.some((a) => a.projectId !== projectId))
        errors["scope.appIds"] = "Every app must belong to the chosen project. Choose apps of that project, or no project.";
      else {
        scope = { type: "apps", appIds: ids, ...(projectId ? { projectId } : {}) };
        scopeLabel = `App${found.length > 1 ? "s" : ""} ${found
          .map((a) => a.name)
          .sort()
          .join(", ")}`;
      }
      break;
    }
    case "cohort":
    case "participant": {
      const study = await resolveStudyScope(
        db,
        access,
        q,
        input.scope,
        checked.realms.map((r) => r.realm),
      );
      for (const [key, message] of Object.entries(study.errors)) errors[key] ??= message;
      ({ scope, scopeLabel } = study);
      break;
    }
  }

  if (input.format === "xlsx" && normalParts(input.parts)) errors.parts = XLSX_PARTS_REFUSAL;

  if (Object.keys(errors).length) throw new AppError("invalid", detailOf(errors), errors);
  return { input, fields: checked.realms[0]?.fields ?? [], realms: checked.realms, scope, scopeLabel };
}
