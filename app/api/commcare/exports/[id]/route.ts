import { z } from "zod";
import { exportDeps } from "@/app/_lib/export-deps";
import { respondWithDownload } from "@/app/_lib/download-response";
import { withProblems } from "@/app/_lib/problem";
import { findVisibleExport, getExportById } from "@/db/queries/exports";
import { appUrl } from "@/lib/config/env";
import { commCareRequestOf, parseCommCareQuery } from "@/lib/export-checkpoints/commcare";
import { AppError } from "@/lib/errors/app-error";
import { createExport } from "@/lib/export-requests/service";
import { requireApiActor } from "../../../v1/_lib/auth";

export const dynamic = "force-dynamic";

/** How long the request waits for a small export to finish: well under a proxy's usual 60 s. */
const WAIT_MS = 25_000;
/** Past this many estimated rows the export is not waited for: the answer is its status address at once. */
const SMALL_ROWS = 200_000;

/**
 * HTTP Basic with an API token as the password (`curl -u :$TOKEN`, the user name is ignored) is read as the
 * token itself; a Bearer token or the session work as everywhere else.
 */
function withBasicAsBearer(request: Request): Request {
  const basic = /^Basic\s+(\S+)\s*$/i.exec(request.headers.get("authorization") ?? "")?.[1];
  if (!basic) return request;
  const decoded = Buffer.from(basic, "base64").toString("utf8");
  const password = decoded.slice(decoded.indexOf(":") + 1);
  const headers = new Headers(request.headers);
  headers.set("authorization", `Bearer ${password}`);
  return new Request(request.url, { method: request.method, headers });
}

/**
 * GET /api/commcare/exports/{id}?previous_export=…&format=… — CommCare HQ's export download (seed 003): a
 * new export of the named export's stream, only the rows since previous_export when given. A small one is
 * answered in this request, the archive with X-CommCareHQ-Export-Token (the next previous_export); with
 * nothing new, 302 to the Exports page; a large or slow one, 303 to its status, GET /api/v1/exports/{id}.
 */
export async function GET(request: Request, { params }: { params: Promise<{ id: string }> }) {
  return withProblems(request, async () => {
    const authed = withBasicAsBearer(request);
    const actor = await requireApiActor(authed);
    const id = z.uuid().safeParse((await params).id);
    if (!id.success) throw AppError.notFound("Export not found");
    const query = parseCommCareQuery(new URL(request.url).searchParams);
    const deps = exportDeps();
    const template = await findVisibleExport(deps.db, { userId: actor.userId, id: id.data, within: actor.restrict });
    if (!template) throw AppError.notFound("Export not found");
    const created = await createExport(deps, actor, template.organizationId, commCareRequestOf(template, query));
    const status = `/api/v1/exports/${created.id}`;
    const later = () => new Response(null, { status: 303, headers: { Location: status, "Retry-After": "10", "Cache-Control": "no-store" } });
    if ((created.rowsEstimate ?? 0) > SMALL_ROWS) return later();
    const deadline = Date.now() + WAIT_MS;
    let row = await getExportById(deps.db, created.id);
    while (row && (row.status === "pending" || row.status === "running") && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 250));
      row = await getExportById(deps.db, created.id);
    }
    if (!row) throw AppError.notFound("Export not found");
    if (row.status === "pending" || row.status === "running") return later();
    if (row.status === "done" && row.rowCount === 0) {
      return new Response(null, { status: 302, headers: { Location: `${appUrl()}/exports`, "Cache-Control": "no-store" } });
    }
    if (row.status !== "done") throw new AppError("conflict", `The export ${row.status}${row.error ? `: ${row.error}` : "."} Try again.`);
    return respondWithDownload(authed, actor.userId, row.id, actor.restrict, { checkpointHeader: "X-CommCareHQ-Export-Token" });
  });
}
