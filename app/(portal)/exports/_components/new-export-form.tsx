"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useEffect, useMemo, useRef, useState, type FormEvent } from "react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { Alert } from "@/components/ui/misc";
import { createExportAction } from "../actions";
import { RepeatExport } from "./repeat-export";
import { exportHref } from "@/lib/workspaces/url";
import { showCreatedExport } from "../_lib/cache";
import { focusExportRow } from "../_lib/focus-export";
import { forScreen } from "../_lib/screen-message";
import { addDays, emptyDraft, today, toRequest, validateDraft, type Draft } from "../_lib/draft";
import type { FormatOption, FormLimits, ProjectOption, RealmOption, Workspace } from "../_lib/types";
import { estimateOptions } from "../_lib/queries";
import { useDebounced } from "../_lib/use-debounced";
import { DateFields } from "./date-fields";
import { EmptyRequestConfirm } from "./empty-request-confirm";
import { EstimateLine } from "./estimate-line";
import { FilterFields } from "./filter-fields";
import { FormatFields } from "./format-fields";
import { NameField } from "./name-field";
import { PartsFields } from "./parts-fields";
import { RealmFields } from "./realm-fields";
import { SampleRows } from "./sample-rows";
import { ScopeFields } from "./scope-fields";
import { LockedScopeChip } from "../studies/_components/locked-scope-chip";
import { DeidentifySwitch } from "../studies/_components/deidentify-switch";
import type { DeidentifyChoice } from "../studies/_lib/types";

interface Props {
  workspace: Workspace;
  realms: RealmOption[];
  projects: ProjectOption[];
  formats: FormatOption[];
  limits: FormLimits;
  allowOrganization: boolean;
  /** A study's Export action: the draft to start from (its locked scope, realms and dates) and the scope's chip. */
  preset?: { draft: Partial<Draft>; scopeLabel: string; onQueued?: () => void; deidentify?: DeidentifyChoice };
}

/** Error keys each form control owns, so changing a control clears the server's complaint about it. */
const OWNED_ERRORS: Partial<Record<keyof Draft, string[]>> = {
  scopeType: ["scope", "scope.projectId", "scope.appIds"],
  projectId: ["scope.projectId", "scope.appIds"],
  appIds: ["scope.appIds"],
  realm: ["realm", "fields", "realms", "filters"],
  fields: ["fields"],
  filters: ["filters", "realms"],
  moreRealms: ["realms"],
  from: ["from", "to"],
  to: ["to"],
  timezone: ["timezone", "from", "to"],
  format: ["format", "parts"],
  partsBy: ["parts", "parts.maxRows", "parts.maxMegabytes"],
  partsSize: ["parts", "parts.maxRows", "parts.maxMegabytes"],
  name: ["name"],
  lockedScope: ["scope.deidentified"],
};
const FORM_KEYS = new Set([
  "scope",
  "scope.projectId",
  "scope.appIds",
  "realm",
  "fields",
  "filters",
  "realms",
  "from",
  "to",
  "timezone",
  "format",
  "rows",
  "parts",
  "parts.maxRows",
  "parts.maxMegabytes",
  "name",
]);
const FIELD_IDS: Record<string, string> = {
  scope: "export-scope",
  "scope.projectId": "export-project",
  "scope.appIds": "export-scope",
  realm: "export-realm",
  fields: "export-realm",
  realms: "export-realm",
  filters: "export-filters",
  from: "export-from",
  to: "export-to",
  timezone: "export-timezone",
  format: "export-format",
  parts: "export-parts",
  "parts.maxRows": "export-parts-size",
  "parts.maxMegabytes": "export-parts-size",
  name: "export-name",
};

export function NewExportForm({ workspace, realms, projects, formats, limits, allowOrganization, preset }: Props) {
  const queryClient = useQueryClient();
  const router = useRouter();
  const [draft, setDraft] = useState<Draft>(() => ({ ...emptyDraft("UTC"), ...preset?.draft }));
  const [attempted, setAttempted] = useState(false);
  const [serverErrors, setServerErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const formRef = useRef<HTMLFormElement>(null);

  // The browser's timezone and "the last 30 days" are only known in the browser, after hydration.
  useEffect(() => {
    const timezone = Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC";
    const end = today(timezone);
    // eslint-disable-next-line react-hooks/set-state-in-effect -- these values exist only in the browser, after hydration
    setDraft((d) => ({ ...d, timezone, to: d.to || end, from: d.from || addDays(end, -Math.min(30, limits.maxRangeDays ?? 30) + 1) }));
  }, [limits.maxRangeDays]);

  const update = (patch: Partial<Draft>) => {
    setDraft((d) => ({ ...d, ...patch }));
    const cleared = Object.keys(patch).flatMap((k) => OWNED_ERRORS[k as keyof Draft] ?? []);
    setServerErrors((errors) => Object.fromEntries(Object.entries(errors).filter(([k]) => k !== "rows" && !cleared.includes(k))));
    setFormError(null);
  };

  const clientErrors = useMemo(() => validateDraft(draft, limits), [draft, limits]);
  // Before the first submit, only complain about values that are there and wrong, not about empty ones.
  const visibleClientErrors = attempted ? clientErrors : pick(clientErrors, [draft.from && "from", draft.to && "to", draft.realm && "fields"]);
  const errors = { ...visibleClientErrors, ...serverErrors };

  // Rows do not depend on the format, so the estimate and the sample are keyed on the data alone.
  const dataValid = !["realm", "fields", "realms", "from", "to", "scope.projectId", "scope.appIds"].some((k) => clientErrors[k]);
  const dataJson = dataValid
    ? JSON.stringify(toRequest({ ...draft, format: "csv", csvBom: false, formulaGuard: true, partsBy: "", name: "" }, workspace.tenantId))
    : null;
  const settledJson = useDebounced(dataJson, 400);
  const realm = realms.find((r) => r.id === draft.realm);
  const [confirmEmpty, setConfirmEmpty] = useState(false);

  const create = useMutation({
    mutationFn: (request: ReturnType<typeof toRequest>) => createExportAction(workspace.organizationId, request),
    onSuccess: (result) => {
      if (!result.ok) {
        setServerErrors(Object.fromEntries(Object.entries(result.fieldErrors).map(([k, v]) => [k, forScreen(v)])));
        const unplaced = Object.keys(result.fieldErrors).filter((k) => !FORM_KEYS.has(k));
        const message = forScreen(result.message);
        setFormError(Object.keys(result.fieldErrors).length === 0 || unplaced.length ? message : null);
        toast.error("The export was not queued", { description: message });
        focusFirstError(formRef.current, result.fieldErrors);
        return;
      }
      // "View" opens the export's page; meanwhile its row is scrolled to and focused.
      const view = { label: "View", onClick: () => router.push(exportHref(workspace, result.data.id)) };
      if (result.data.reused) {
        toast.info("This export is already queued", {
          description: `Your identical request is ${result.data.status === "running" ? "running" : "waiting its turn"}, so no second export was made. We'll email you when it's ready.`,
          action: view,
        });
      } else {
        toast.success("Export queued", {
          description: `${result.data.realmLabel} · ${result.data.scopeLabel}. We'll email you when it's ready.`,
          action: view,
        });
      }
      setAttempted(false);
      preset?.onQueued?.();
      void showCreatedExport(queryClient, workspace, result.data).then(() => focusExportRow(result.data.id));
    },
    onError: () => toast.error("The export was not queued", { description: "The portal could not be reached. Check your connection and try again." }),
  });

  /**
   * Rows the request as it stands would export: the estimate line's cache entry when it is current, else
   * asked now (typing may be ahead of the debounced estimate); null when it cannot be known.
   */
  const currentEstimate = async (): Promise<number | null> => {
    if (dataJson === null) return null;
    try {
      return (await queryClient.fetchQuery(estimateOptions(workspace, dataJson))).rows;
    } catch {
      return null;
    }
  };

  const onSubmit = async (e: FormEvent) => {
    e.preventDefault();
    setAttempted(true);
    setServerErrors({});
    setFormError(null);
    if (Object.keys(clientErrors).length) {
      focusFirstError(formRef.current, clientErrors);
      return;
    }
    // A warning, not a block: an empty export is allowed (a check that nothing happened, say), but rarely meant.
    if ((await currentEstimate()) === 0) {
      setConfirmEmpty(true);
      return;
    }
    create.mutate(toRequest(draft, workspace.tenantId));
  };

  return (
    <form ref={formRef} onSubmit={(e) => void onSubmit(e)} noValidate aria-labelledby="new-export-heading" className="flex flex-col gap-4">
      {formError ? <Alert tone="error">{formError}</Alert> : null}
      {/* Two columns from lg up: what and whose data on the left, when and how on the right. */}
      <div className="grid grid-cols-1 gap-x-8 gap-y-4 lg:grid-cols-2">
        <div className="flex min-w-0 flex-col gap-4">
          {preset ? (
            <>
              <LockedScopeChip label={preset.scopeLabel} error={errors.scope ?? errors["scope.deidentified"]} />
              {preset.deidentify && draft.lockedScope ? (
                <DeidentifySwitch choice={preset.deidentify} scope={draft.lockedScope} onChange={(lockedScope) => update({ lockedScope })} />
              ) : null}
            </>
          ) : (
            <ScopeFields
              draft={draft}
              update={update}
              projects={projects}
              tenantName={workspace.tenantName}
              organizationName={workspace.organizationName}
              allowOrganization={allowOrganization}
              errors={errors}
            />
          )}
          <RealmFields draft={draft} update={update} realms={realms} errors={errors} />
          <FilterFields
            realm={realm}
            filters={draft.filters}
            onChange={(filters) => update({ filters })}
            error={errors.filters}
            named={draft.moreRealms.length > 0}
          />
          <NameField draft={draft} update={update} realmLabel={realm?.label} error={errors.name} />
        </div>
        <div className="flex min-w-0 flex-col gap-4">
          <DateFields draft={draft} update={update} maxRangeDays={limits.maxRangeDays} errors={errors} />
          <SampleRows workspace={workspace} requestJson={settledJson} />
          <FormatFields draft={draft} update={update} formats={formats} errors={errors} />
          <PartsFields draft={draft} update={update} errors={errors} />
        </div>
      </div>
      {/* Sticky, so the estimate and the submit button stay in reach however long the form gets. */}
      <div
        className="sticky bottom-0 z-10 -mx-4 flex flex-col gap-2 border-t border-slate-200 bg-white/95 px-4 py-3 backdrop-blur"
        data-testid="export-submit-bar"
      >
        <EstimateLine workspace={workspace} requestJson={settledJson} draft={draft} realm={realm} rowsError={serverErrors.rows} update={update} />
        <Button type="submit" className="self-stretch sm:self-end" disabled={create.isPending} aria-disabled={create.isPending}>
          {create.isPending ? "Requesting…" : "Request export"}
        </Button>
        <RepeatExport workspace={workspace} draft={draft} realmLabel={realm?.label} />
      </div>
      <EmptyRequestConfirm
        open={confirmEmpty}
        onOpenChange={setConfirmEmpty}
        onConfirm={() => {
          setConfirmEmpty(false);
          create.mutate(toRequest(draft, workspace.tenantId));
        }}
      />
    </form>
  );
}

function pick(errors: Record<string, string>, keys: (string | false)[]): Record<string, string> {
  return Object.fromEntries(Object.entries(errors).filter(([k]) => keys.includes(k)));
}

function focusFirstError(form: HTMLFormElement | null, errors: Record<string, string>) {
  const id = Object.keys(FIELD_IDS).find((k) => errors[k]);
  if (id && form) form.querySelector<HTMLElement>(`#${FIELD_IDS[id]}`)?.focus();
}
