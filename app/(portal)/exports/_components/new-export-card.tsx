import { EXPORT_FORMATS, FORMAT_LABELS } from "@/lib/export-requests/input";
import { Skeleton } from "@/components/ui/misc";
import type { exportsFormData } from "../_lib/first-page";
import type { RealmOption, Workspace } from "../_lib/types";
import { NewExportForm } from "./new-export-form";

interface Props {
  workspace: Workspace;
  realms: RealmOption[];
  allowOrganization: boolean;
  /** The form's projects and limits, asked for once the page's access check passed; awaited here, inside a Suspense boundary. */
  data: ReturnType<typeof exportsFormData>;
}

/**
 * The New export form once its data is in. The page renders it inside a Suspense boundary, so the HTML of
 * the status table below is sent first and the form (the larger part to render) streams in right after.
 */
export async function NewExportFormLoader({ workspace, realms, allowOrganization, data }: Props) {
  const { projects, limits } = await data;
  return (
    <NewExportForm
      // A form per tenant: switching tenant starts a fresh draft, never one with the old tenant's project.
      key={`${workspace.organizationId}:${workspace.tenantId}`}
      workspace={workspace}
      realms={realms}
      projects={projects}
      formats={EXPORT_FORMATS.map((id) => ({ id, label: FORMAT_LABELS[id] }))}
      limits={{ maxRangeDays: limits.maxRangeDays, maxRowsPerExport: limits.maxRowsPerExport }}
      allowOrganization={allowOrganization}
    />
  );
}

/** Stands in for the form for the few milliseconds until it streams in. */
export function NewExportFormPlaceholder() {
  return (
    <div className="flex flex-col gap-3" aria-busy="true" aria-label="Loading the New export form" data-testid="new-export-loading">
      <Skeleton className="h-10 w-full" />
      <Skeleton className="h-24 w-full" />
    </div>
  );
}
