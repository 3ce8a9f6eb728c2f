import Link from "next/link";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { exportHref } from "@/lib/workspaces/url";
import type { ExportView } from "../../_lib/types";
import { timeIn } from "../_lib/facts";

/** Which arrivals the export covers, and the checkpoint it hands on; nothing for exports planned before checkpoints. */
export function CheckpointCard({ e, place }: { e: ExportView; place: { organizationId: string; tenantId: string } }) {
  const { sinceExportId, upTo } = e.checkpointRange;
  if (!upTo && !sinceExportId) return null;
  const until = upTo ? timeIn(upTo, e.timezone) : "when it is planned";
  return (
    <Card>
      <CardHeader>
        <CardTitle>Checkpoint</CardTitle>
      </CardHeader>
      <CardContent className="flex flex-col gap-1 text-sm" data-testid="export-checkpoint">
        <p>
          {sinceExportId ? (
            <>
              Rows that arrived after{" "}
              <Link className="text-indigo-700 underline" href={exportHref(place, sinceExportId)}>
                the export it continues
              </Link>
              , up to {until}.
            </>
          ) : (
            <>Every row that had arrived by {until}: a full export, which later ones can continue.</>
          )}
          {e.noNewRows ? " No new rows had arrived." : ""}
        </p>
        {e.checkpoint ? (
          <p>
            Checkpoint for the next export: <code className="break-all">{e.checkpoint}</code>
          </p>
        ) : (
          <p>The checkpoint is handed out once the export is done.</p>
        )}
      </CardContent>
    </Card>
  );
}
