import { withProblems } from "@/app/_lib/problem";
import { listRealms } from "@/lib/realms/catalog";
import { requireApiActor } from "../_lib/auth";

export const dynamic = "force-dynamic";

/**
 * GET /api/v1/realms — the catalog: every realm with its fields, types and descriptions. Which realms a
 * caller may export depends on their role; POST /api/v1/exports says so per request.
 */
export async function GET(request: Request) {
  return withProblems(request, async () => {
    await requireApiActor(request);
    const realms = listRealms().map((r) => ({
      id: r.id,
      label: r.label,
      description: r.description,
      timeField: r.timeColumn,
      fields: r.fields.map((f) => ({ name: f.name, type: f.type, description: f.description })),
    }));
    return Response.json({ realms }, { headers: { "Cache-Control": "private, max-age=300" } });
  });
}
