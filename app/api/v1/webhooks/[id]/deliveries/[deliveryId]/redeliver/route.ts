import { withProblems } from "@/app/_lib/problem";
import { redeliverWebhook } from "@/lib/webhooks/endpoints";
import { requireApiActor } from "../../../../../_lib/auth";
import { idOf, NO_STORE, toDeliveryJson, webhookDeps } from "../../../../../_lib/webhooks";

export const dynamic = "force-dynamic";

/** POST /api/v1/webhooks/{id}/deliveries/{deliveryId}/redeliver — sends the message again (same webhook-id); 202. */
export async function POST(request: Request, { params }: { params: Promise<{ id: string; deliveryId: string }> }) {
  return withProblems(request, async () => {
    const actor = await requireApiActor(request);
    const endpointId = await idOf(params, "id", "Webhook endpoint");
    const delivery = await redeliverWebhook(webhookDeps(), actor, endpointId, await idOf(params, "deliveryId", "Delivery"));
    return Response.json(toDeliveryJson(delivery), { status: 202, headers: NO_STORE });
  });
}
