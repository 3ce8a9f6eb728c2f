"use client";

import * as Dialog from "@radix-ui/react-dialog";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { NewExportForm } from "../../_components/new-export-form";
import type { Workspace } from "../../_lib/types";
import type { DeidentifyChoice, LockedScope, StudyExportSetup } from "../_lib/types";

interface Props {
  workspace: Workspace;
  setup: StudyExportSetup;
  locked: LockedScope;
  /** The button's accessible name, e.g. "Export cohort Baseline". */
  label: string;
  deidentify: DeidentifyChoice;
}

/**
 * A cohort's or participant's Export action: the same New export form, in a dialog, with the scope locked
 * to it and every realm with participant data it may export in one archive.
 */
export function StudyExportDialog({ workspace, setup, locked, label, deidentify }: Props) {
  const [open, setOpen] = useState(false);
  const [first, ...more] = setup.realms;
  const draft = {
    lockedScope: { ...locked.scope, deidentified: deidentify.locked },
    realm: first?.id ?? "",
    fields: first?.fields.map((f) => f.name) ?? [],
    moreRealms: more.map((r) => ({ realm: r.id, fields: r.fields.map((f) => f.name) })),
    from: setup.from,
    to: setup.to,
  };
  return (
    <Dialog.Root open={open} onOpenChange={setOpen}>
      <Dialog.Trigger asChild>
        <Button type="button" variant="outline" size="sm" aria-label={label}>
          Export
        </Button>
      </Dialog.Trigger>
      <Dialog.Portal>
        <Dialog.Overlay className="fixed inset-0 z-40 bg-slate-900/40" />
        <Dialog.Content
          aria-labelledby="new-export-heading"
          className="fixed inset-2 z-40 mx-auto flex max-w-5xl flex-col gap-3 overflow-y-auto rounded-lg border border-slate-200 bg-white p-4 shadow-lg sm:inset-8"
        >
          <div className="flex items-start justify-between gap-3">
            <div>
              <Dialog.Title id="new-export-heading" className="text-base font-semibold text-slate-900">
                Export data
              </Dialog.Title>
              <Dialog.Description className="text-xs text-slate-600">
                {setup.identified
                  ? "Large exports run in the background. We email you when the archive is ready to download."
                  : "Your role exports study data de-identified: pseudonymous ids, shifted dates, no free text. We email you when the archive is ready."}
              </Dialog.Description>
            </div>
            <Dialog.Close asChild>
              <Button type="button" variant="ghost" size="sm">
                Close
              </Button>
            </Dialog.Close>
          </div>
          <NewExportForm
            workspace={workspace}
            realms={setup.realms}
            projects={[]}
            formats={setup.formats}
            limits={setup.limits}
            allowOrganization={false}
            preset={{ draft, scopeLabel: locked.label, deidentify, onQueued: () => setOpen(false) }}
          />
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}
