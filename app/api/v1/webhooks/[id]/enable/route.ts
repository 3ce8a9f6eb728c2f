import { withProblems } from "@/app/_lib/problem";
import { enableWebhookEndpoint } from "@/lib/webhooks/endpoints";
import { requireApiActor } from "../../../_lib/auth";
import { idOf, NO_STORE, toEndpointJson, webhookDeps } from "../../../_lib/webhooks";

export const dynamic = "force-dynamic";

/** POST /api/v1/webhooks/{id}/enable — takes a disabled endpoint back into use. */
export async function POST(request: Request, { params }: { params: Promise<{ id: string }> }) {
  return withProblems(request, async () => {
    const actor = await requireApiActor(request);
    const row = await enableWebhookEndpoint(webhookDeps(), actor, await idOf(params, "id", "Webhook endpoint"));
    return Response.json(toEndpointJson(row), { headers: NO_STORE });
  });
}
