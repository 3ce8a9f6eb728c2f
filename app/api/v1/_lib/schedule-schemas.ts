import { z } from "zod";

export const scheduleListQuery = z.object({
  organizationId: z.uuid({ error: "The organization id is not valid: use the id of one of your organizations." }).optional(),
  tenantId: z.uuid({ error: "The tenant id is not valid: use the id of one of your tenants." }).optional(),
});

export const scheduleIdParam = z.object({ id: z.uuid({ error: "The schedule id must be the id of one of your schedules." }) });
