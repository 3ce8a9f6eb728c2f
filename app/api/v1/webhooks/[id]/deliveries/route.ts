import { withProblems } from "@/app/_lib/problem";
import { listWebhookDeliveries } from "@/lib/webhooks/endpoints";
import { requireApiActor } from "../../../_lib/auth";
import { idOf, NO_STORE, toDeliveryJson, webhookDeps } from "../../../_lib/webhooks";

export const dynamic = "force-dynamic";

/** GET /api/v1/webhooks/{id}/deliveries — the endpoint's latest 50 deliveries, newest first, with every attempt. */
export async function GET(request: Request, { params }: { params: Promise<{ id: string }> }) {
  return withProblems(request, async () => {
    const actor = await requireApiActor(request);
    const items = await listWebhookDeliveries(webhookDeps(), actor, await idOf(params, "id", "Webhook endpoint"));
    return Response.json({ items: items.map(toDeliveryJson) }, { headers: NO_STORE });
  });
}
