import "server-only";
import { redirect } from "next/navigation";
import { requestedPath, urlWorkspace } from "@/app/_lib/session";
import { schedulesHref, type WorkspaceRef } from "@/lib/workspaces/url";

/** A schedule's page lives in its own workspace: reached without it (old links, webhooks) or in another, it moves there. */
export async function moveToSchedule(schedule: WorkspaceRef & { id: string }): Promise<void> {
  const inUrl = await urlWorkspace();
  if (inUrl?.organizationId !== schedule.organizationId || inUrl.tenantId !== schedule.tenantId) {
    const asked = new URL((await requestedPath()) ?? "/", "http://portal.invalid");
    redirect(`${schedulesHref(schedule, schedule.id)}${asked.search}`);
  }
}
