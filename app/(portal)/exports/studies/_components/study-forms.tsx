"use client";

import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { FormField, describedBy } from "@/components/ui/form-field";
import { Input, NativeSelect } from "@/components/ui/input";
import { Alert } from "@/components/ui/misc";
import type { ActionResult } from "@/lib/errors/action-result";
import { studyHref } from "../_lib/hrefs";
import { createCohortAction, createStudyAction, updateStudyAction } from "../manage-actions";

/* The admin's forms on the study pages (studies.manage): a new study, a study's settings, a new cohort. */

type TenantRef = { organizationId: string; tenantId: string };
type Project = { id: string; name: string };
export type Profile = { hashParticipantIds: boolean; shiftDates: boolean; dropFreeText: boolean };

/** Sends one action and keeps its refusal (message and field errors) for the form to show. */
function useSubmit<T>() {
  const [busy, setBusy] = useState(false);
  const [refusal, setRefusal] = useState<{ message: string; fields: Record<string, string> } | null>(null);
  const submit = async (send: () => Promise<ActionResult<T>>, done: (data: T) => void) => {
    setBusy(true);
    setRefusal(null);
    const result = await send();
    setBusy(false);
    if (!result.ok) return setRefusal({ message: result.message, fields: result.fieldErrors });
    done(result.data);
  };
  return { busy, refusal, submit, error: (field: string) => refusal?.fields[field] };
}

function ProjectSelect({
  id,
  projects,
  value,
  onChange,
  error,
}: {
  id: string;
  projects: Project[];
  value: string;
  onChange: (v: string) => void;
  error?: string;
}) {
  return (
    <FormField id={id} label="Project" error={error}>
      <NativeSelect id={id} value={value} onChange={(e) => onChange(e.target.value)} {...describedBy(id, error)}>
        <option value="">None: the whole tenant</option>
        {projects.map((p) => (
          <option key={p.id} value={p.id}>
            {p.name}
          </option>
        ))}
      </NativeSelect>
    </FormField>
  );
}

interface StudyFieldValues {
  name: string;
  projectId: string;
  description: string;
}

/** A study's name, optional project and description, as both study forms ask for them. */
function StudyFields({
  idPrefix,
  fields,
  onChange,
  projects,
  error,
}: {
  idPrefix: string;
  fields: StudyFieldValues;
  onChange: (next: StudyFieldValues) => void;
  projects: Project[];
  error: (field: string) => string | undefined;
}) {
  const set = (patch: Partial<StudyFieldValues>) => onChange({ ...fields, ...patch });
  const id = (f: string) => `${idPrefix}-${f}`;
  return (
    <>
      <FormField id={id("name")} label="Study name" error={error("name")}>
        <Input
          id={id("name")}
          value={fields.name}
          onChange={(e) => set({ name: e.target.value })}
          maxLength={120}
          {...describedBy(id("name"), error("name"))}
        />
      </FormField>
      <ProjectSelect id={id("project")} projects={projects} value={fields.projectId} onChange={(projectId) => set({ projectId })} error={error("projectId")} />
      <FormField id={id("description")} label="Description (optional)" error={error("description")}>
        <Input id={id("description")} value={fields.description} onChange={(e) => set({ description: e.target.value })} maxLength={2000} />
      </FormField>
    </>
  );
}

/** "New study" on the Studies list: name, optional project and description; opens the new study's page. */
export function NewStudyForm({ tenant, projects }: { tenant: TenantRef; projects: Project[] }) {
  const router = useRouter();
  const [fields, setFields] = useState<StudyFieldValues>({ name: "", projectId: "", description: "" });
  const { busy, refusal, submit, error } = useSubmit<{ id: string }>();
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    void submit(
      () => createStudyAction(tenant, { ...fields, projectId: fields.projectId || null }),
      ({ id }) => {
        toast.success("Study created", { description: fields.name.trim() });
        router.push(studyHref(tenant, id));
      },
    );
  };
  return (
    <form onSubmit={onSubmit} aria-labelledby="new-study-heading" className="flex flex-col gap-3" noValidate>
      <h2 id="new-study-heading" className="text-sm font-semibold">
        New study
      </h2>
      {refusal ? <Alert tone="error">{refusal.message}</Alert> : null}
      <StudyFields idPrefix="new-study" fields={fields} onChange={setFields} projects={projects} error={error} />
      <Button type="submit" className="self-start" disabled={busy}>
        {busy ? "Creating…" : "Create study"}
      </Button>
    </form>
  );
}

const PROFILE_WORDS: { key: keyof Profile; label: string }[] = [
  { key: "hashParticipantIds", label: "Replace participant and device ids by a pseudonym (the same in every export of this study)" },
  { key: "shiftDates", label: "Move each participant's dates by their own number of days (up to 364, earlier or later)" },
  { key: "dropFreeText", label: "Leave out free text (lab comments, event properties)" },
];

/** A study's name, project, description and de-identification profile, for admins on the study's page. */
export function StudySettingsForm({
  studyRef,
  study,
  projects,
}: {
  studyRef: TenantRef & { studyId: string };
  study: { name: string; description: string | null; projectId: string | null; deidentification: Profile | null };
  projects: Project[];
}) {
  const router = useRouter();
  const [fields, setFields] = useState<StudyFieldValues>({ name: study.name, projectId: study.projectId ?? "", description: study.description ?? "" });
  const none: Profile = { hashParticipantIds: false, shiftDates: false, dropFreeText: false };
  const [profile, setProfile] = useState<Profile>(study.deidentification ?? none);
  const { busy, refusal, submit, error } = useSubmit<{ changed: string[] }>();
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    const any = profile.hashParticipantIds || profile.shiftDates || profile.dropFreeText;
    void submit(
      () => updateStudyAction(studyRef, { ...fields, projectId: fields.projectId || null, deidentification: any ? profile : null }),
      ({ changed }) => {
        toast.success(changed.length ? "Study saved" : "Nothing to save", { description: changed.length ? undefined : "The study already reads so." });
        router.refresh();
      },
    );
  };
  return (
    <form onSubmit={onSubmit} aria-labelledby="study-settings-heading" className="flex flex-col gap-3" noValidate>
      <h2 id="study-settings-heading" className="text-sm font-semibold">
        Study settings
      </h2>
      {refusal ? <Alert tone="error">{refusal.message}</Alert> : null}
      <StudyFields idPrefix="study-settings" fields={fields} onChange={setFields} projects={projects} error={error} />
      <fieldset className="flex flex-col gap-1.5" aria-describedby="deidentification-hint">
        <legend className="text-sm font-medium text-slate-800">De-identification of every export of this study</legend>
        <p id="deidentification-hint" className="text-xs text-slate-600">
          Tick none for identified exports (anyone may still ask for de-identified data; roles without identified access always get it).
        </p>
        {PROFILE_WORDS.map((w) => (
          <label key={w.key} className="flex items-start gap-2 text-sm">
            <input type="checkbox" className="mt-0.5" checked={profile[w.key]} onChange={(e) => setProfile((p) => ({ ...p, [w.key]: e.target.checked }))} />
            {w.label}
          </label>
        ))}
      </fieldset>
      <Button type="submit" className="self-start" disabled={busy}>
        {busy ? "Saving…" : "Save study"}
      </Button>
    </form>
  );
}

/** "New cohort" on a study's page: an empty cohort, whose members are then pasted on its own page. */
export function NewCohortForm({ studyRef }: { studyRef: TenantRef & { studyId: string } }) {
  const router = useRouter();
  const [name, setName] = useState("");
  const { busy, refusal, submit, error } = useSubmit<{ id: string }>();
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    void submit(
      () => createCohortAction(studyRef, { name }),
      () => {
        toast.success("Cohort added", { description: name.trim() });
        setName("");
        router.refresh();
      },
    );
  };
  return (
    <form onSubmit={onSubmit} aria-labelledby="new-cohort-heading" className="flex flex-col gap-2" noValidate>
      <h2 id="new-cohort-heading" className="text-sm font-semibold">
        New cohort
      </h2>
      {refusal ? <Alert tone="error">{refusal.message}</Alert> : null}
      <div className="flex flex-wrap items-end gap-2">
        <FormField id="cohort-name" label="Cohort name" error={error("name")}>
          <Input id="cohort-name" value={name} onChange={(e) => setName(e.target.value)} maxLength={120} {...describedBy("cohort-name", error("name"))} />
        </FormField>
        <Button type="submit" disabled={busy}>
          {busy ? "Adding…" : "Add cohort"}
        </Button>
      </div>
    </form>
  );
}
