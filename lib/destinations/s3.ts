import { PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { Upload } from "@aws-sdk/lib-storage";
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

function clientOf(d: DestinationS3): S3Client {
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
  const client = clientOf(d);
  try {
    await new Upload({ client, params: { Bucket: d.bucket, Key: key, Body: body, ContentType: contentType }, partSize: PART_SIZE, queueSize: 2 }).done();
  } finally {
    client.destroy();
  }
}

export async function putJson(d: DestinationS3, key: string, value: unknown): Promise<void> {
  const client = clientOf(d);
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
