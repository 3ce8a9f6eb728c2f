import { eq, inArray } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db/client";
import { scheduleDestinations, type ScheduleDestinationRow } from "@/db/schema";
import { env } from "../config/env";
import { AppError } from "../errors/app-error";
import { decryptCredentials, encryptCredentials } from "./crypto";
import type { DestinationS3 } from "./s3";

const HELP =
  'Send the destination as {"type": "s3", "bucket": "…", "region": "…", "accessKeyId": "…", "secretAccessKey": "…"} (prefix, endpoint and forcePathStyle are optional), or null to remove it.';
const needed = (what: string) =>
  z
    .string({ error: `The destination needs ${what}.` })
    .trim()
    .min(1, { error: `The destination needs ${what}.` });

const destinationSchema = z.strictObject(
  {
    type: z.literal("s3", { error: 'The destination\'s type must be "s3" (an S3-compatible bucket).' }),
    bucket: needed("a bucket name").regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, {
      error: "The bucket name must be 3 to 63 lowercase letters, digits, dots or hyphens, e.g. my-exports.",
    }),
    prefix: z
      .string({ error: 'The prefix must be text, e.g. "portal/".' })
      .regex(/^([\w.-]+\/)*$/, { error: 'The prefix must be folder names ending in a slash, e.g. "portal/daily/" (letters, digits, . _ -).' })
      .refine((p) => !p.split("/").some((s) => s === "." || s === ".."), { error: 'The prefix must not contain "." or ".." folders.' })
      .default(""),
    endpoint: z.url({ protocol: /^https?$/, error: "The endpoint must be an http(s) URL, e.g. https://s3.eu-central-1.amazonaws.com." }).optional(),
    region: needed("a region, e.g. us-east-1").default("us-east-1"),
    accessKeyId: needed("an access key id"),
    secretAccessKey: needed("a secret access key"),
    forcePathStyle: z.boolean({ error: "forcePathStyle must be true or false." }).optional(),
  },
  { error: HELP },
);

export type DestinationInput = z.infer<typeof destinationSchema>;

/** The body's destination: undefined when not sent, null to remove it; a refusal says what to change. */
export function parseDestination(raw: unknown): DestinationInput | null | undefined {
  if (raw === undefined || raw === null) return raw;
  const parsed = destinationSchema.safeParse(raw);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const message = issue?.code === "unrecognized_keys" ? `The destination takes no ${issue.keys.join(", ")}. ${HELP}` : (issue?.message ?? HELP);
  throw AppError.invalidField("destination", message.startsWith("Invalid") ? HELP : message);
}

export type SealedDestination = Omit<typeof scheduleDestinations.$inferInsert, "scheduleId">;

/** The destination ready to store, its credentials sealed with the key; refused in words when no key is set. */
export function sealDestination(input: DestinationInput, key: string | undefined): SealedDestination {
  return {
    type: input.type,
    bucket: input.bucket,
    prefix: input.prefix,
    endpoint: input.endpoint ?? null,
    region: input.region,
    // An endpoint of one's own (MinIO, s3rver, …) rarely resolves bucket host names, so it goes path-style unless told.
    forcePathStyle: input.forcePathStyle ?? !!input.endpoint,
    accessKeyHint: input.accessKeyId.slice(-4),
    credentials: encryptCredentials({ accessKeyId: input.accessKeyId, secretAccessKey: input.secretAccessKey }, key),
    updatedAt: new Date(),
  };
}

/** Stores (or replaces, or with null removes) a schedule's destination. */
export async function storeDestination(db: Db, scheduleId: string, sealed: SealedDestination | null): Promise<void> {
  if (sealed === null) {
    await db.delete(scheduleDestinations).where(eq(scheduleDestinations.scheduleId, scheduleId));
    return;
  }
  await db
    .insert(scheduleDestinations)
    .values({ scheduleId, ...sealed })
    .onConflictDoUpdate({ target: scheduleDestinations.scheduleId, set: sealed });
}

export async function saveDestination(db: Db, scheduleId: string, input: DestinationInput | null, key: string | undefined): Promise<void> {
  await storeDestination(db, scheduleId, input === null ? null : sealDestination(input, key));
}

/** The key of this process's configuration (DESTINATION_CREDENTIALS_KEY), or undefined when unset. */
export const destinationKey = () => env().DESTINATION_CREDENTIALS_KEY;

export async function getDestinationRow(db: Db, scheduleId: string): Promise<ScheduleDestinationRow | null> {
  const [row] = await db.select().from(scheduleDestinations).where(eq(scheduleDestinations.scheduleId, scheduleId));
  return row ?? null;
}

export async function destinationsOf(db: Db, scheduleIds: string[]): Promise<Map<string, ScheduleDestinationRow>> {
  if (scheduleIds.length === 0) return new Map();
  const rows = await db.select().from(scheduleDestinations).where(inArray(scheduleDestinations.scheduleId, scheduleIds));
  return new Map(rows.map((r) => [r.scheduleId, r]));
}

/** The destination as people and clients read it: never a credential, only the access key id's last 4 characters. */
export function destinationView(row: ScheduleDestinationRow | null) {
  if (!row) return null;
  return {
    type: row.type,
    bucket: row.bucket,
    prefix: row.prefix,
    endpoint: row.endpoint,
    region: row.region,
    forcePathStyle: row.forcePathStyle,
    accessKeyId: `…${row.accessKeyHint}`,
  };
}

export type DestinationView = ReturnType<typeof destinationView>;

/** The destination with its credentials opened, for the upload only (never returned from a step). */
export function openDestination(row: ScheduleDestinationRow, key: string | undefined): DestinationS3 {
  const creds = decryptCredentials(row.credentials, key);
  return { bucket: row.bucket, endpoint: row.endpoint ?? undefined, region: row.region, forcePathStyle: row.forcePathStyle, ...creds };
}
