import { withProblems } from "@/app/_lib/problem";
import { rotateWebhookSecret } from "@/lib/webhooks/endpoints";
import { requireApiActor } from "../../../_lib/auth";
import { idOf, NO_STORE, toEndpointJson, webhookDeps } from "../../../_lib/webhooks";

export const dynamic = "force-dynamic";

/** POST /api/v1/webhooks/{id}/rotate — a new secret, shown this once; the previous one signs beside it for 24 hours. */
export async function POST(request: Request, { params }: { params: Promise<{ id: string }> }) {
  return withProblems(request, async () => {
    const actor = await requireApiActor(request);
    const rotated = await rotateWebhookSecret(webhookDeps(), actor, await idOf(params, "id", "Webhook endpoint"));
    return Response.json({ ...toEndpointJson(rotated), secret: rotated.secret }, { headers: NO_STORE });
  });
}
