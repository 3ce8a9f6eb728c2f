import "server-only";
import { z } from "zod";
import { respondWithDownload } from "@/app/_lib/download-response";
import { problemResponse } from "@/app/_lib/problem";
import { AppError } from "@/lib/errors/app-error";
import { requireApiActor } from "./auth";

/**
 * An export's archive for an API caller (bearer token or session). Access is checked at download time;
 * a token outside its organization, tenant or read scope gets 404, like an id that does not exist.
 */
export async function apiDownload(request: Request, rawId: string): Promise<Response> {
  try {
    const actor = await requireApiActor(request);
    const id = z.uuid().safeParse(rawId);
    if (!id.success) throw AppError.notFound("Export not found");
    return await respondWithDownload(request, actor.userId, id.data, actor.restrict, { noNewRowsAs204: true });
  } catch (error) {
    return problemResponse(error, new URL(request.url).pathname);
  }
}
