import type { TestOrg } from "./factories";

/** A schedule request as POST /api/v1/schedules takes it: daily fixed windows of the org's first tenant's jobs. */
export const scheduleBody = (org: TestOrg, name: string, change: Record<string, unknown> = {}) => ({
  name,
  cadence: { every: "day", at: "00:30" },
  timezone: "Europe/Amsterdam",
  mode: "fixed_window",
  tenantId: org.tenantIds[0],
  scope: { type: "tenant" },
  realm: "jobs",
  fields: ["job_id", "submitted_at"],
  format: "csv",
  ...change,
});
