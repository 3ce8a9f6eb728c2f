"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { action } from "@/app/_lib/action";
import { AppError } from "@/lib/errors/app-error";
import { webhookDeps } from "@/lib/webhooks/deps";
import { createWebhookEndpoint, deleteWebhookEndpoint, enableWebhookEndpoint, redeliverWebhook, rotateWebhookSecret } from "@/lib/webhooks/endpoints";

/*
 * Admin → Webhooks. What the browser sends is untrusted: lib/webhooks parses the URL and events in its own
 * words and checks the user is an organization admin; ids that are not ids read as "not found".
 */
const PAGE = "/admin/webhooks";
const notFound = () => AppError.notFound("Webhook endpoint not found");
const endpointRef = z.object({ id: z.uuid() });

export const createWebhookAction = action({
  signIn: PAGE,
  input: (raw: { organizationId: string; url: unknown; events: unknown }) => raw,
  schema: z.object({ organizationId: z.uuid(), url: z.unknown(), events: z.unknown() }),
  unreadable: () => AppError.notFound("Organization not found"),
  run: async ({ actor, input }) => {
    const created = await createWebhookEndpoint(webhookDeps(), actor, input.organizationId, { url: input.url, events: input.events });
    revalidatePath(PAGE);
    return { id: created.id, url: created.url, secret: created.secret };
  },
});

export const rotateWebhookAction = action({
  signIn: PAGE,
  input: (raw: { id: string }) => raw,
  schema: endpointRef,
  unreadable: notFound,
  run: async ({ actor, input }) => {
    const rotated = await rotateWebhookSecret(webhookDeps(), actor, input.id);
    revalidatePath(PAGE);
    return { id: rotated.id, url: rotated.url, secret: rotated.secret };
  },
});

export const deleteWebhookAction = action({
  signIn: PAGE,
  input: (raw: { id: string }) => raw,
  schema: endpointRef,
  unreadable: notFound,
  run: async ({ actor, input }) => {
    await deleteWebhookEndpoint(webhookDeps(), actor, input.id);
    revalidatePath(PAGE);
    return null;
  },
});

export const enableWebhookAction = action({
  signIn: PAGE,
  input: (raw: { id: string }) => raw,
  schema: endpointRef,
  unreadable: notFound,
  run: async ({ actor, input }) => {
    await enableWebhookEndpoint(webhookDeps(), actor, input.id);
    revalidatePath(PAGE);
    return null;
  },
});

export const redeliverWebhookAction = action({
  signIn: PAGE,
  input: (raw: { id: string; deliveryId: string }) => raw,
  schema: z.object({ id: z.uuid(), deliveryId: z.uuid() }),
  unreadable: () => AppError.notFound("Delivery not found"),
  run: async ({ actor, input }) => {
    await redeliverWebhook(webhookDeps(), actor, input.id, input.deliveryId);
    revalidatePath(PAGE);
    return null;
  },
});
