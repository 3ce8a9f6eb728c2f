import { z } from "zod";
import { auth } from "@/auth";
import { AppError } from "@/lib/errors/app-error";
import { apiDownload } from "../../../api/v1/_lib/download";
import { respondWithDownload } from "../../../_lib/download-response";
import { problemResponse, wantsHtml } from "../../../_lib/problem";

export const dynamic = "force-dynamic";

/** The one download URL of an export, used by the email link and the table's Download button. */
export async function GET(request: Request, { params }: { params: Promise<{ id: string }> }) {
  const url = new URL(request.url);
  // Scripts follow an export's downloadUrl with their API token; the token's limits apply as on /api/v1.
  if (request.headers.has("authorization")) return apiDownload(request, (await params).id);
  const userId = (await auth())?.user?.id;
  if (!userId) {
    // People sign in and land back here; API clients get a 401 they can act on.
    if (wantsHtml(request)) return Response.redirect(new URL(`/sign-in?callbackUrl=${encodeURIComponent(url.pathname)}`, url), 303);
    return problemResponse(new AppError("unauthenticated", "Sign in or send an API token to download exports."));
  }
  const id = z.uuid().safeParse((await params).id);
  if (!id.success) return problemResponse(AppError.notFound("Export not found"));
  return respondWithDownload(request, userId, id.data);
}
