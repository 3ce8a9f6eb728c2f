"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { Button } from "@/components/ui/button";
import { FormField, describedBy } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import type { DestinationView } from "@/lib/destinations/destination";
import { saveDestinationAction } from "../actions";
import { formText } from "@/lib/utils";

const FIELDS = [
  { name: "bucket", label: "Bucket", hint: "e.g. team-exports" },
  { name: "prefix", label: "Prefix (optional)", hint: "Folders ending in a slash, e.g. portal/daily/" },
  { name: "endpoint", label: "Endpoint (optional)", hint: "An S3-compatible server's URL; leave empty for AWS" },
  { name: "region", label: "Region", hint: "e.g. eu-central-1" },
  { name: "accessKeyId", label: "Access key id", hint: null },
  { name: "secretAccessKey", label: "Secret access key", hint: "Stored encrypted and never shown again" },
] as const;

/**
 * The schedule's bucket: each finished run is copied there. The credentials are asked for on every save (they
 * are never sent back to the browser); the access key id shows its last 4 characters only.
 */
export function DestinationForm({ id, current }: { id: string; current: DestinationView }) {
  const router = useRouter();
  const [pending, start] = useTransition();
  const [error, setError] = useState<{ message: string; fields: Record<string, string> } | null>(null);

  const submit = (form: HTMLFormElement) => {
    const data = new FormData(form);
    const text = (name: string) => formText(data, name).trim();
    const destination = {
      type: "s3",
      bucket: text("bucket"),
      prefix: text("prefix"),
      ...(text("endpoint") ? { endpoint: text("endpoint") } : {}),
      region: text("region") || "us-east-1",
      accessKeyId: text("accessKeyId"),
      secretAccessKey: text("secretAccessKey"),
      forcePathStyle: data.get("forcePathStyle") === "on",
    };
    start(async () => {
      const result = await saveDestinationAction(id, destination);
      setError(result.ok ? null : { message: result.message, fields: result.fieldErrors });
      // Saved credentials leave the page: they are asked for again on the next change.
      if (result.ok)
        for (const name of ["accessKeyId", "secretAccessKey"]) {
          const input = form.elements.namedItem(name);
          if (input instanceof HTMLInputElement) input.value = "";
        }
      router.refresh();
    });
  };
  const remove = () =>
    start(async () => {
      const result = await saveDestinationAction(id, null);
      setError(result.ok ? null : { message: result.message, fields: result.fieldErrors });
      router.refresh();
    });

  return (
    <form
      className="flex flex-col gap-3"
      aria-label="Bucket destination"
      onSubmit={(e) => {
        e.preventDefault();
        submit(e.currentTarget);
      }}
    >
      <div className="grid gap-3 sm:grid-cols-2">
        {FIELDS.map((f) => {
          const fieldId = `destination-${f.name}`;
          const defaults: Record<string, string> = {
            bucket: current?.bucket ?? "",
            prefix: current?.prefix ?? "",
            endpoint: current?.endpoint ?? "",
            region: current?.region ?? "us-east-1",
          };
          const hint = f.name === "accessKeyId" && current ? `Now ${current.accessKeyId}; enter it again to save a change` : f.hint;
          return (
            <FormField key={f.name} id={fieldId} label={f.label} hint={hint ?? undefined}>
              <Input
                id={fieldId}
                name={f.name}
                type={f.name === "secretAccessKey" ? "password" : "text"}
                autoComplete="off"
                defaultValue={defaults[f.name] ?? ""}
                {...describedBy(fieldId, undefined, !!hint)}
              />
            </FormField>
          );
        })}
      </div>
      <label className="flex items-center gap-2 text-sm">
        <input type="checkbox" name="forcePathStyle" defaultChecked={current?.forcePathStyle ?? false} /> Path-style URLs (MinIO and most self-hosted servers)
      </label>
      {error ? (
        <p role="alert" className="text-sm text-red-700">
          {error.message}
        </p>
      ) : null}
      <div className="flex gap-2">
        <Button type="submit" size="sm" disabled={pending}>
          {current ? "Save destination" : "Add destination"}
        </Button>
        {current ? (
          <Button type="button" size="sm" variant="outline" disabled={pending} onClick={remove}>
            Remove destination
          </Button>
        ) : null}
      </div>
    </form>
  );
}
