import fs from "node:fs";
import type { Readable } from "node:stream";
import type { S3Client } from "@aws-sdk/client-s3";
import { checkKey, type ExportStorage } from "./types";

export interface S3StorageOptions {
  bucket: string;
  endpoint?: string;
  region: string;
  accessKeyId?: string;
  secretAccessKey?: string;
  forcePathStyle?: boolean;
}

/** RFC 6266 attachment header with an ASCII fallback and the exact UTF-8 name. */
export function contentDisposition(fileName: string): string {
  const ascii = fileName.replace(/[^\x20-\x7e]|["\\]/g, "_");
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}

/** Archives in an S3-compatible bucket: multipart uploads, ranged reads, presigned downloads. */
export function createS3Storage(opts: S3StorageOptions): ExportStorage {
  // The AWS SDK is loaded on first use rather than with this module: a process on local storage (the default)
  // never needs it, and it costs each worker several MB.
  const sdk = () => import("@aws-sdk/client-s3");
  let clientPromise: Promise<S3Client> | undefined;
  const client = () =>
    (clientPromise ??= sdk().then(
      ({ S3Client }) =>
        new S3Client({
          region: opts.region,
          endpoint: opts.endpoint,
          forcePathStyle: opts.forcePathStyle,
          credentials: opts.accessKeyId && opts.secretAccessKey ? { accessKeyId: opts.accessKeyId, secretAccessKey: opts.secretAccessKey } : undefined,
        }),
    ));
  const Bucket = opts.bucket;
  const notFound = (err: unknown) => {
    const e = err as { name?: string; $metadata?: { httpStatusCode?: number } };
    return e.name === "NotFound" || e.name === "NoSuchKey" || e.$metadata?.httpStatusCode === 404;
  };

  return {
    async put(key, source, putOpts) {
      checkKey(key);
      const Body = typeof source === "string" ? fs.createReadStream(source) : source;
      // An S3 object becomes visible only when the upload completes, so readers never see a partial archive.
      const [{ Upload }, { HeadObjectCommand }] = await Promise.all([import("@aws-sdk/lib-storage"), sdk()]);
      const upload = new Upload({
        client: await client(),
        params: { Bucket, Key: checkKey(key), Body, ContentType: putOpts?.contentType ?? "application/zip" },
        partSize: 16 * 1024 * 1024,
        queueSize: 2,
      });
      await upload.done();
      const head = await (await client()).send(new HeadObjectCommand({ Bucket, Key: key }));
      return { sizeBytes: head.ContentLength ?? 0 };
    },
    async get(key, range) {
      const { GetObjectCommand } = await sdk();
      const res = await (
        await client()
      ).send(new GetObjectCommand({ Bucket, Key: checkKey(key), Range: range ? `bytes=${range.start}-${range.end}` : undefined }));
      return res.Body as Readable;
    },
    async stat(key) {
      const { HeadObjectCommand } = await sdk();
      try {
        const head = await (await client()).send(new HeadObjectCommand({ Bucket, Key: checkKey(key) }));
        return { sizeBytes: head.ContentLength ?? 0, modifiedAt: head.LastModified ?? new Date(0) };
      } catch (err) {
        if (notFound(err)) return null;
        throw err;
      }
    },
    async delete(key) {
      const { DeleteObjectCommand } = await sdk();
      try {
        await (await client()).send(new DeleteObjectCommand({ Bucket, Key: checkKey(key) }));
      } catch (err) {
        if (!notFound(err)) throw err;
      }
    },
    async downloadUrl(key, urlOpts) {
      const [{ GetObjectCommand }, { getSignedUrl }] = await Promise.all([sdk(), import("@aws-sdk/s3-request-presigner")]);
      const command = new GetObjectCommand({ Bucket, Key: checkKey(key), ResponseContentDisposition: contentDisposition(urlOpts.fileName) });
      return getSignedUrl(await client(), command, { expiresIn: urlOpts.expiresInSeconds });
    },
  };
}
