import type { Metadata } from "next";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { Alert } from "@/components/ui/misc";
import { ORGANIZATION_ADMIN_ONLY } from "@/lib/admin/access";
import { webhookDeps } from "@/lib/webhooks/deps";
import { listWebhookDeliveries, listWebhookEndpoints } from "@/lib/webhooks/endpoints";
import { adminContext, guardedRead } from "../_lib/context";
import { EndpointCard } from "./_components/endpoint-card";
import { RegisterWebhookForm } from "./_components/register-webhook-form";
import type { EndpointItem } from "./_lib/types";

export const metadata: Metadata = { title: "Webhooks" };

/** How many deliveries of each endpoint the page shows; the API lists more. */
const LOG_LENGTH = 10;

export default async function WebhooksPage() {
  const ctx = await adminContext();
  if (ctx.kind !== "ok") return null;
  if (!ctx.organizationWide) return <Alert tone="info">{ORGANIZATION_ADMIN_ONLY}</Alert>;
  const deps = webhookDeps();
  const result = await guardedRead(async () => {
    const endpoints = await listWebhookEndpoints(deps, ctx.actor, ctx.place.organizationId);
    return Promise.all(
      endpoints.map(async (e): Promise<EndpointItem> => ({
        id: e.id,
        url: e.url,
        events: e.events,
        disabled: e.disabledAt !== null,
        disabledReason: e.disabledReason,
        createdAt: e.createdAt.toISOString(),
        deliveries: (await listWebhookDeliveries(deps, ctx.actor, e.id)).slice(0, LOG_LENGTH).map((d) => ({
          id: d.id,
          event: d.event,
          status: d.status,
          createdAt: d.createdAt.toISOString(),
          attempts: d.attempts,
        })),
      })),
    );
  });
  if (!result.ok) return <Alert tone="info">{result.message}</Alert>;

  return (
    <div className="flex flex-col gap-4">
      <Card aria-labelledby="register-webhook-heading" className="max-w-2xl">
        <CardHeader>
          <CardTitle id="register-webhook-heading">Register an endpoint</CardTitle>
          <p className="text-xs text-slate-600">
            The portal posts a signed JSON message (Standard Webhooks) to this URL when an event happens in {ctx.organizationName}, retrying for about a day
            when it fails.
          </p>
        </CardHeader>
        <CardContent>
          <RegisterWebhookForm organizationId={ctx.place.organizationId} />
        </CardContent>
      </Card>
      <Card aria-labelledby="endpoints-heading">
        <CardHeader>
          <CardTitle id="endpoints-heading">Endpoints</CardTitle>
        </CardHeader>
        <CardContent>
          {result.data.length === 0 ? (
            <p className="text-sm text-slate-600">No endpoints yet.</p>
          ) : (
            <ul className="flex flex-col gap-4" aria-label="Webhook endpoints">
              {result.data.map((e) => (
                <EndpointCard key={e.id} endpoint={e} />
              ))}
            </ul>
          )}
        </CardContent>
      </Card>
    </div>
  );
}
