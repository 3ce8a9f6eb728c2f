import type { S3Client } from "@aws-sdk/client-s3";
import type { Readable } from "node:stream";

/** An opened destination: only ever in memory, inside one step. */
export interface DestinationS3 {
  bucket: string;
  endpoint?: string;
  region: string;
  forcePathStyle: boolean;
  accessKeyId: string;
  secretAccessKey: string;
}

/** Part size of the archive's upload: each part is a few seconds' work, far below a step's limits. */
export const PART_SIZE = 8 * 1024 * 1024;

// The AWS SDK is loaded by the first delivery to a bucket: most workers never make one, and it weighs several MB.
const clientModule = () => import("@aws-sdk/client-s3");

async function clientOf(d: DestinationS3): Promise<S3Client> {
  const { S3Client } = await clientModule();
  return new S3Client({
    region: d.region,
    endpoint: d.endpoint,
    forcePathStyle: d.forcePathStyle,
    credentials: { accessKeyId: d.accessKeyId, secretAccessKey: d.secretAccessKey },
    // The step is retried as a whole by the engine; the SDK's own retries would only stretch one attempt.
    maxAttempts: 2,
  });
}

/** Streams the archive up in parts (an object appears only once its upload completes). */
export async function uploadStream(d: DestinationS3, key: string, body: Readable, contentType: string): Promise<void> {
  const [client, { Upload }] = await Promise.all([clientOf(d), import("@aws-sdk/lib-storage")]);
  try {
    await new Upload({ client, params: { Bucket: d.bucket, Key: key, Body: body, ContentType: contentType }, partSize: PART_SIZE, queueSize: 2 }).done();
  } finally {
    client.destroy();
  }
}

export async function putJson(d: DestinationS3, key: string, value: unknown): Promise<void> {
  const [client, { PutObjectCommand }] = await Promise.all([clientOf(d), clientModule()]);
  try {
    await client.send(new PutObjectCommand({ Bucket: d.bucket, Key: key, Body: JSON.stringify(value, null, 2), ContentType: "application/json" }));
  } finally {
    client.destroy();
  }
}

/** An error's message with the credentials cut out, so it can be stored, logged and thrown to the engine. */
export function scrubbed(error: unknown, d: Pick<DestinationS3, "accessKeyId" | "secretAccessKey">): string {
  const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return message.split(d.secretAccessKey).join("[secret]").split(d.accessKeyId).join("[access key]").slice(0, 500);
}
