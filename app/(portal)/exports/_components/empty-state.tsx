import { FileArchive } from "lucide-react";

/** What an export is and where to start, for a tenant without any yet. */
export function EmptyState({ canCreate, onlyMine, filtered = false }: { canCreate: boolean; onlyMine: boolean; filtered?: boolean }) {
  if (filtered) {
    return (
      <div className="flex flex-col items-center gap-2 px-6 py-8 text-center" data-testid="exports-empty">
        <p className="font-medium text-slate-900">No exports match these filters.</p>
        <p className="text-sm text-slate-600">Change the status, realm, requester or search, or clear the filters.</p>
      </div>
    );
  }
  return (
    <div className="flex flex-col items-center gap-2 px-6 py-12 text-center" data-testid="exports-empty">
      <FileArchive aria-hidden className="size-10 text-slate-400" />
      <p className="font-medium text-slate-900">{onlyMine ? "You have not requested any exports in this tenant." : "No exports in this tenant yet."}</p>
      <p className="max-w-md text-sm text-slate-600">
        An export is a downloadable archive of raw records from the data warehouse: one realm, in a scope and date range you choose. Large exports run in the
        background; you get an email when the archive is ready, and it stays downloadable here until it expires.
      </p>
      {canCreate ? (
        <a href="#new-export-heading" className="text-sm font-medium text-indigo-700 underline-offset-4 hover:underline">
          Request your first export with the New export form
        </a>
      ) : null}
    </div>
  );
}
