import { withProblems } from "@/app/_lib/problem";
import { AppError } from "@/lib/errors/app-error";
import { createWebhookEndpoint, listWebhookEndpoints } from "@/lib/webhooks/endpoints";
import { requireApiActor } from "../_lib/auth";
import { parseOrThrow } from "../_lib/body";
import { webhookCreateBody, webhookListQuery } from "../_lib/webhook-schemas";
import { NO_STORE, toEndpointJson, webhookDeps } from "../_lib/webhooks";

export const dynamic = "force-dynamic";

/** GET /api/v1/webhooks?organizationId=… — the organization's webhook endpoints (never their secrets). */
export async function GET(request: Request) {
  return withProblems(request, async () => {
    const actor = await requireApiActor(request);
    const { organizationId } = parseOrThrow(webhookListQuery, Object.fromEntries(new URL(request.url).searchParams));
    const items = await listWebhookEndpoints(webhookDeps(), actor, organizationId);
    return Response.json({ items: items.map(toEndpointJson) }, { headers: NO_STORE });
  });
}

/** POST /api/v1/webhooks — registers an endpoint; 201 with its secret, shown this once. */
export async function POST(request: Request) {
  return withProblems(request, async () => {
    const actor = await requireApiActor(request);
    const raw: unknown = await request.json().catch(() => {
      throw new AppError("invalid", 'The body is not valid JSON. Send {"organizationId": "…", "url": "https://…", "events": ["export.completed"]}.');
    });
    const { organizationId } = parseOrThrow(webhookCreateBody.pick({ organizationId: true }), raw);
    const created = await createWebhookEndpoint(webhookDeps(), actor, organizationId, raw);
    return Response.json(
      { ...toEndpointJson(created), secret: created.secret },
      { status: 201, headers: { ...NO_STORE, Location: `/api/v1/webhooks/${created.id}` } },
    );
  });
}
