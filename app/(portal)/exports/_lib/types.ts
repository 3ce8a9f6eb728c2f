import type { ExportView } from "@/lib/export-requests/view";
import type { ExportFormat } from "@/lib/export-requests/input";
import type { FieldType } from "@/lib/realms/catalog";

export type { ExportView, ExportFormat };

/** Plain data the server component hands to the tab's client components. */
export interface Workspace {
  organizationId: string;
  tenantId: string;
  organizationName: string;
  tenantName: string;
}

export interface RealmOption {
  id: string;
  label: string;
  description: string;
  fields: { name: string; type: FieldType; description: string }[];
}

export interface ProjectOption {
  id: string;
  name: string;
  apps: { id: string; name: string }[];
}

export interface FormatOption {
  id: ExportFormat;
  label: string;
}

export interface FormLimits {
  /** Null: no longest range, so From and To may both be left empty. */
  maxRangeDays: number | null;
  maxRowsPerExport: number;
}

export interface ExportPage {
  items: ExportView[];
  nextCursor: string | null;
}

export interface Estimate {
  rows: number;
  exact: boolean;
  maxRowsPerExport: number;
  overLimit: boolean;
  /** The newest done export of the request's stream, which "Only rows new since …" continues; null when there is none. */
  checkpoint?: { exportId: string; name: string | null; completedAt: string | null } | null;
}

export interface Preview {
  fields: string[];
  rows: unknown[][];
  /** Each realm's sample, in the request's order. */
  realms: { realm: string; fields: string[]; rows: unknown[][] }[];
}
