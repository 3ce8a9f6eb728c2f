import { Readable } from "node:stream";
import { z } from "zod";
import { auth } from "@/auth";
import { getDb } from "@/db/client";
import { AppError } from "@/lib/errors/app-error";
import { authorizeDownload } from "@/lib/downloads/authorize";
import { parseRange } from "@/lib/downloads/range";
import { auditDownload } from "@/lib/downloads/record";
import { exportStorage } from "../../../_lib/export-deps";
import { problemResponse, wantsHtml } from "../../../_lib/problem";
import { fromHeaders } from "../../../_lib/request-context";

export const dynamic = "force-dynamic";

const PRESIGN_SECONDS = () => Number(process.env.S3_PRESIGN_SECONDS || 300);

function contentDisposition(fileName: string): string {
  const ascii = fileName.replace(/[^\x20-\x7e]/g, "_").replace(/["\\]/g, "_");
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}

/**
 * The one download URL for an export (the email link and the table's button). Access is re-checked on
 * every request; the file streams with Range support, or redirects to a short-lived presigned URL on S3.
 */
export async function GET(request: Request, { params }: { params: Promise<{ id: string }> }) {
  const url = new URL(request.url);
  const session = await auth();
  const userId = session?.user?.id;
  if (!userId) {
    if (wantsHtml(request)) return Response.redirect(new URL(`/sign-in?callbackUrl=${encodeURIComponent(url.pathname)}`, url), 303);
    return problemResponse(new AppError("unauthenticated", "Sign in or send an API token to download exports."));
  }
  const id = z.uuid().safeParse((await params).id);
  if (!id.success) return problemResponse(AppError.notFound("Export not found"));
  try {
    const decision = await authorizeDownload(getDb(), userId, id.data);
    if (decision.kind === "expired") {
      if (wantsHtml(request)) return Response.redirect(new URL(`/exports/${id.data}/expired`, url), 303);
      const when = decision.row.expiresAt?.toISOString() ?? "earlier";
      return problemResponse(new AppError("gone", `This export expired on ${when} and its file was deleted. Resubmit the request to export the data again.`));
    }
    if (decision.kind === "not-ready") {
      return problemResponse(new AppError("conflict", `This export is ${decision.row.status}; there is no file to download.`));
    }
    const { row } = decision;
    const storage = exportStorage();
    const presigned = await storage.downloadUrl(row.storageKey, { expiresInSeconds: PRESIGN_SECONDS(), fileName: row.fileName });
    if (presigned) {
      await auditDownload(getDb(), { row, userId, context: fromHeaders(request.headers), bytesServed: row.sizeBytes, range: null });
      return new Response(null, { status: 302, headers: { Location: presigned, "Cache-Control": "no-store" } });
    }
    const stat = await storage.stat(row.storageKey);
    if (!stat) {
      return problemResponse(new AppError("gone", "The file of this export is no longer available (it was removed from storage). Resubmit the request to export the data again."));
    }
    const etag = `"${row.sha256}"`;
    const ifRange = request.headers.get("if-range");
    const range = ifRange && ifRange !== etag ? ({ kind: "full" } as const) : parseRange(request.headers.get("range"), stat.sizeBytes);
    const common = {
      "Accept-Ranges": "bytes",
      ETag: etag,
      "Content-Type": "application/zip",
      "Content-Disposition": contentDisposition(row.fileName),
      "X-Checksum-SHA256": row.sha256,
      "Repr-Digest": `sha-256=:${Buffer.from(row.sha256, "hex").toString("base64")}:`,
      "Last-Modified": (row.completedAt ?? stat.modifiedAt).toUTCString(),
      "Cache-Control": "private, no-store",
    };
    if (range.kind === "unsatisfiable") {
      return new Response(null, { status: 416, headers: { ...common, "Content-Range": `bytes */${stat.sizeBytes}` } });
    }
    if (request.headers.get("if-none-match") === etag) return new Response(null, { status: 304, headers: common });
    const part = range.kind === "partial" ? { start: range.start, end: range.end } : null;
    const length = part ? part.end - part.start + 1 : stat.sizeBytes;
    const body = await storage.get(row.storageKey, part ?? undefined);
    await auditDownload(getDb(), { row, userId, context: fromHeaders(request.headers), bytesServed: length, range: part });
    return new Response(Readable.toWeb(body) as ReadableStream, {
      status: part ? 206 : 200,
      headers: { ...common, "Content-Length": String(length), ...(part ? { "Content-Range": `bytes ${part.start}-${part.end}/${stat.sizeBytes}` } : {}) },
    });
  } catch (error) {
    return problemResponse(error);
  }
}
