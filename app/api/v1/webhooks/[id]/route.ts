import { withProblems } from "@/app/_lib/problem";
import { deleteWebhookEndpoint } from "@/lib/webhooks/endpoints";
import { requireApiActor } from "../../_lib/auth";
import { idOf, webhookDeps } from "../../_lib/webhooks";

export const dynamic = "force-dynamic";

/** DELETE /api/v1/webhooks/{id} — removes the endpoint and its delivery log. */
export async function DELETE(request: Request, { params }: { params: Promise<{ id: string }> }) {
  return withProblems(request, async () => {
    const actor = await requireApiActor(request);
    await deleteWebhookEndpoint(webhookDeps(), actor, await idOf(params, "id", "Webhook endpoint"));
    return new Response(null, { status: 204 });
  });
}
