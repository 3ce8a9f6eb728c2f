import type { Db } from "@/db/client";
import { findTenantApps, findTenantProject, getTenantNames } from "@/db/queries/scope";
import type { UsageLimits } from "@/db/queries/settings";
import type { ExportScope } from "@/db/schema";
import { AppError } from "../errors/app-error";
import type { Access } from "../permissions/guard";
import { getRealm } from "../realms/catalog";
import { inclusiveDays, isRealDate, isValidTimezone, todayIn } from "./dates";
import type { ExportRequestInput } from "./input";

export interface ValidatedRequest {
  input: ExportRequestInput;
  fields: string[];
  scope: ExportScope;
  scopeLabel: string;
}

/**
 * Checks a parsed request against the catalog, the tenant's projects and apps, the user's realm rights
 * and the organization's date-range limit. Every refusal names the field it is about.
 */
export async function validateExportRequest(db: Db, access: Access, input: ExportRequestInput, limits: UsageLimits, now = new Date()): Promise<ValidatedRequest> {
  const errors: Record<string, string> = {};
  const realm = getRealm(input.realm);
  if (!realm) errors.realm = `Unknown realm "${input.realm}"`;
  else if (!access.realms.has(realm.id)) errors.realm = `Your role may not export the ${realm.label} realm`;

  const fields = input.fields ?? realm?.fields.map((f) => f.name) ?? [];
  if (realm) {
    const unknown = fields.filter((f) => !realm.fields.some((rf) => rf.name === f));
    if (unknown.length) errors.fields = `Unknown field${unknown.length > 1 ? "s" : ""} ${unknown.map((f) => `"${f}"`).join(", ")} in realm "${realm.id}"`;
    if (new Set(fields).size !== fields.length) errors.fields = "Each field can be chosen once";
    const badFilter = input.filters.find((f) => !realm.fields.some((rf) => rf.name === f.field));
    if (badFilter) errors.filters = `Cannot filter on unknown field "${badFilter.field}" in realm "${realm.id}"`;
  }

  if (!isValidTimezone(input.timezone)) errors.timezone = `Unknown timezone "${input.timezone}"`;
  const tz = errors.timezone ? "UTC" : input.timezone;
  const today = todayIn(tz, now);
  if (!isRealDate(input.from)) errors.from = `${input.from} is not a real date`;
  else if (input.from > today) errors.from = "The start date cannot be in the future";
  if (!isRealDate(input.to)) errors.to = `${input.to} is not a real date`;
  else if (input.to > today) errors.to = "The end date cannot be in the future";
  if (!errors.from && !errors.to) {
    if (input.to < input.from) errors.to = "The end date must be on or after the start date";
    else if (inclusiveDays(input.from, input.to) > limits.maxRangeDays)
      errors.to = `The date range can be at most ${limits.maxRangeDays} days; this one is ${inclusiveDays(input.from, input.to)}`;
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
      if (!access.organizationWide) errors.scope = "Exporting the entire organization needs an organization-level role";
      scope = { type: "organization" };
      scopeLabel = `Organization ${names.organization}`;
      break;
    case "project": {
      const project = await findTenantProject(db, { ...q, projectId: input.scope.projectId });
      if (!project) errors["scope.projectId"] = "That project is not in this tenant";
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
      if (found.length !== ids.length) errors["scope.appIds"] = "One or more apps are not in this tenant";
      else if (projectId && found.some((a) => a.projectId !== projectId)) errors["scope.appIds"] = "Every app must belong to the chosen project";
      else {
        scope = { type: "apps", appIds: ids, ...(projectId ? { projectId } : {}) };
        scopeLabel = `App${found.length > 1 ? "s" : ""} ${found.map((a) => a.name).sort().join(", ")}`;
      }
      break;
    }
  }

  if (Object.keys(errors).length) {
    const [first] = Object.entries(errors);
    throw new AppError("invalid", first ? `${first[0]}: ${first[1]}` : "The request is not valid", errors);
  }
  return { input, fields, scope, scopeLabel };
}
