import "server-only";
import { Readable } from "node:stream";
import { getDb } from "@/db/client";
import { env } from "@/lib/config/env";
import { authorizeDownload, expiredMessage } from "@/lib/downloads/authorize";
import { LENGTH_HEADER } from "@/lib/downloads/length-header";
import { parseRange } from "@/lib/downloads/range";
import { auditDownload } from "@/lib/downloads/record";
import { AppError, isAppError } from "@/lib/errors/app-error";
import type { TokenRestriction } from "@/lib/permissions/guard";
import { contentDisposition } from "@/lib/exports";
import { hasNoNewRows } from "@/lib/export-checkpoints/window";
import { exportStorage } from "./export-deps";
import { problemResponse, wantsHtml } from "./problem";
import { fromHeaders } from "./request-context";

export interface DownloadOptions {
  /** An incremental export with no new rows answers 204 (the API) rather than an archive of empty files. */
  noNewRowsAs204?: boolean;
  /** The header that carries the export's checkpoint token; X-Export-Checkpoint unless a seed's route names its own. */
  checkpointHeader?: string;
}

/**
 * Serves an export's archive to a user whose identity is already established (session or API token).
 * Access is re-checked now; the file streams with Range support, or redirects to a short-lived presigned
 * URL where the storage has one. Expired exports answer 410, unfinished ones 409 and a file gone from storage
 * 410; people's browsers are sent to a page that explains instead.
 * With an API token, `restrict` narrows the check to the token's limits and the audit names the token.
 */
export async function respondWithDownload(
  request: Request,
  userId: string,
  exportId: string,
  restrict: TokenRestriction | null = null,
  opts: DownloadOptions = {},
): Promise<Response> {
  // A person's browser (signed in, no token) is shown a page that explains, which 404s an export they may
  // not see; scripts get problem JSON.
  const explain = (problem: unknown) =>
    wantsHtml(request) && !restrict ? Response.redirect(new URL(`/exports/${exportId}/unavailable`, request.url), 303) : problemResponse(problem);
  try {
    const decision = await authorizeDownload(getDb(), userId, exportId, new Date(), restrict);
    if (decision.kind === "expired") {
      return explain(new AppError("gone", expiredMessage(decision.row)));
    }
    if (decision.kind === "not-ready") {
      return explain(new AppError("conflict", `This export is ${decision.row.status}; there is no file to download.`));
    }
    const { row } = decision;
    const checkpoint: Record<string, string> = row.checkpointToken ? { [opts.checkpointHeader ?? "X-Export-Checkpoint"]: row.checkpointToken } : {};
    // Nothing new since the checkpoint: no content, and the (advanced) checkpoint to keep.
    if (opts.noNewRowsAs204 && hasNoNewRows(row)) return new Response(null, { status: 204, headers: { ...checkpoint, "Cache-Control": "no-store" } });
    const storage = exportStorage();
    const context = { ...fromHeaders(request.headers), tokenId: restrict?.tokenId ?? null };
    // Checked before presigning too: a URL to a missing object would only meet the bucket's bare 404.
    const stat = await storage.stat(row.storageKey);
    if (!stat) {
      return explain(
        new AppError("gone", "The file of this export is no longer available (it was removed from storage). Resubmit the request to export the data again."),
      );
    }
    const etag = `"${row.sha256}"`;
    const headers = {
      "Accept-Ranges": "bytes",
      ETag: etag,
      "Content-Type": "application/zip",
      "Content-Disposition": contentDisposition(row.fileName),
      "X-Checksum-SHA256": row.sha256,
      "Repr-Digest": `sha-256=:${Buffer.from(row.sha256, "hex").toString("base64")}:`,
      "Last-Modified": (row.completedAt ?? stat.modifiedAt).toUTCString(),
      "Cache-Control": "private, no-store",
      ...checkpoint,
    };
    // Next answers HEAD with this GET handler (dropping the body). A HEAD is a look, not a download: it is
    // not audited, opens no file and gets no presigned URL (that would be an unaudited download).
    const head = request.method === "HEAD";
    const presigned = head ? null : await storage.downloadUrl(row.storageKey, { expiresInSeconds: env().S3_PRESIGN_SECONDS, fileName: row.fileName });
    if (presigned) {
      await auditDownload(getDb(), { row, userId, context, bytesServed: row.sizeBytes, range: null });
      return new Response(null, { status: 302, headers: { Location: presigned, "Cache-Control": "no-store" } });
    }
    if (request.headers.get("if-none-match") === etag) return new Response(null, { status: 304, headers });
    const ifRange = request.headers.get("if-range");
    // A resume against a different file (If-Range no longer matching) gets the whole new file.
    const range = ifRange && ifRange !== etag ? ({ kind: "full" } as const) : parseRange(request.headers.get("range"), stat.sizeBytes);
    if (range.kind === "unsatisfiable") {
      return new Response(null, { status: 416, headers: { ...headers, "Content-Range": `bytes */${stat.sizeBytes}` } });
    }
    const part = range.kind === "partial" ? { start: range.start, end: range.end } : null;
    const length = part ? part.end - part.start + 1 : stat.sizeBytes;
    let body: ReadableStream | null = null;
    if (!head) {
      body = Readable.toWeb(await storage.get(row.storageKey, part ?? undefined)) as ReadableStream;
      await auditDownload(getDb(), { row, userId, context, bytesServed: length, range: part });
    }
    return new Response(body, {
      status: part ? 206 : 200,
      headers: {
        ...headers,
        "Content-Length": String(length),
        [LENGTH_HEADER]: String(length),
        ...(part ? { "Content-Range": `bytes ${part.start}-${part.end}/${stat.sizeBytes}` } : {}),
      },
    });
  } catch (error) {
    return isAppError(error) && error.code === "not_found" ? explain(error) : problemResponse(error);
  }
}
