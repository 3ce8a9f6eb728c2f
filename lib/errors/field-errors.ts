import type { z } from "zod";
import { AppError } from "./app-error";

/**
 * zod issues as field errors a person can read. Schemas word their own messages; zod's built-in texts
 * ("Invalid input: expected string, received undefined") are written for developers, so whatever a schema
 * leaves unworded gets a sentence built from the field's label instead. Keys are request field names, the
 * path up to its first list index ("scope.appIds", "filters"); messages never show a path.
 */
export interface FieldWords {
  /** The label a form shows for each field key, e.g. { from: "Start date" }. */
  labels?: Record<string, string>;
  /** Words that place a message about one item of a list, e.g. "Filter 2 (nodes)"; undefined for none. */
  item?(path: readonly PropertyKey[], raw: unknown): string | undefined;
}

/** Stands for the field's label in fallback messages; filled in once the issue's full path is known. */
const LABEL = "{label}";

const KINDS: Record<string, string> = {
  string: "text",
  number: "a number",
  int: "a whole number",
  boolean: "true or false",
  array: "a list",
  object: "an object",
  date: "a date",
};

const count = (n: unknown) => (typeof n === "number" || typeof n === "bigint" ? Number(n).toLocaleString("en-US") : String(n));

/** A value of the caller's, shown safely: short, one line, no control characters. */
export function quoted(value: unknown): string {
  const text = typeof value === "string" ? value : String(value);

  const clean = text.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, "?");
  return `"${clean.length > 40 ? `${clean.slice(0, 40)}…` : clean}"`;
}

/** The per-parse fallback: zod consults it only for issues whose schema gave no message of its own. */
export const fallbackMessage: z.core.$ZodErrorMap = (iss) => {
  switch (iss.code) {
    case "invalid_type":
      if (iss.input === undefined) return `${LABEL} is missing.`;
      return `${LABEL} must be ${KINDS[iss.expected] ?? "a different kind of value"}.`;
    case "too_big": {
      const unit = iss.origin === "string" ? " characters" : iss.origin === "array" || iss.origin === "set" ? " items" : "";
      return `${LABEL} can be at most ${count(iss.maximum)}${unit}.`;
    }
    case "too_small": {
      const unit = iss.origin === "string" ? " characters" : iss.origin === "array" || iss.origin === "set" ? " items" : "";
      return `${LABEL} must be at least ${count(iss.minimum)}${unit}.`;
    }
    case "invalid_value":
      return `${LABEL} must be one of ${iss.values.map((v) => quoted(v)).join(", ")}.`;
    case "unrecognized_keys":
      return `${LABEL} has ${iss.keys.length === 1 ? "a field" : "fields"} the portal does not know: ${iss.keys
        .slice(0, 5)
        .map((k) => quoted(k))
        .join(", ")}. Remove ${iss.keys.length === 1 ? "it" : "them"} or check the spelling.`;
    case "invalid_format":
      return `${LABEL} is not written in a form the portal can read.`;
    default:
      return `${LABEL} is not valid.`;
  }
};

/** The request field an issue is about: its path up to the first list index. */
export function fieldKey(path: readonly PropertyKey[]): string {
  const end = path.findIndex((p) => typeof p === "number");
  return (end === -1 ? path : path.slice(0, end)).map(String).join(".") || "request";
}

function labelFor(path: readonly PropertyKey[], labels: Record<string, string>, whole: string): string {
  const named = path.filter((p) => typeof p !== "number").map(String);
  for (let n = named.length; n > 0; n--) {
    const label = labels[named.slice(0, n).join(".")];
    if (label) return label;
  }
  return named.length ? `The field ${quoted(named.join("."))}` : whole;
}

const lowerFirst = (s: string) => (/^[A-Z][a-z]/.test(s) ? s[0]?.toLowerCase() + s.slice(1) : s);
const upperFirst = (s: string) => (s ? (s[0]?.toUpperCase() ?? "") + s.slice(1) : s);

/** One message per request field (the first issue about it), worded for a person. */
export function fieldErrorsOf(error: z.ZodError, raw: unknown, words: FieldWords = {}): Record<string, string> {
  const out: Record<string, string> = {};
  for (const issue of error.issues) {
    const key = fieldKey(issue.path);
    if (out[key]) continue;
    const indexAt = issue.path.findIndex((p) => typeof p === "number");
    const item = indexAt === -1 ? undefined : words.item?.(issue.path, raw);
    // Inside a list item the label is the item's ("Filter 2 (nodes): the value is missing").
    const labels = words.labels ?? {};
    const label = item
      ? labelFor(issue.path.slice(indexAt + 1), itemLabels(labels, key), labels[`${key}[]`] ?? "This item")
      : labelFor(issue.path, labels, "The request");
    const text = issue.message.replaceAll(LABEL, item ? lowerFirst(label) : label);
    out[key] = item ? `${item}: ${lowerFirst(text)}` : upperFirst(text);
  }
  return out;
}

/** The labels of one list's items, without the list's name: { "filters.value": "The value" } → { value: "The value" }. */
function itemLabels(labels: Record<string, string>, list: string): Record<string, string> {
  return Object.fromEntries(
    Object.entries(labels)
      .filter(([k]) => k.startsWith(`${list}.`))
      .map(([k, v]) => [k.slice(list.length + 1), v]),
  );
}

/** The one-line summary of refused fields (problem `detail`, toast text): the first message, which names its field. */
export function detailOf(fieldErrors: Record<string, string>): string {
  const messages = Object.values(fieldErrors);
  const [first] = messages;
  if (!first) return "The request is not valid.";
  return messages.length > 1 ? `${first} (${messages.length - 1} more ${messages.length === 2 ? "field needs" : "fields need"} a change.)` : first;
}

/** Parses with a zod schema; a refusal is an AppError "invalid" whose messages are written for people. */
export function parseForPeople<T extends z.ZodType>(schema: T, raw: unknown, words: FieldWords = {}): z.infer<T> {
  const parsed = schema.safeParse(raw, { error: fallbackMessage });
  if (parsed.success) return parsed.data;
  const fieldErrors = fieldErrorsOf(parsed.error, raw, words);
  throw new AppError("invalid", detailOf(fieldErrors), fieldErrors);
}
