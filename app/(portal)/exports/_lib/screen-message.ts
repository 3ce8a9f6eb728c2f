/** The form's labels for the request's field keys, as far as a refusal may start with one. */
const LABELS: Record<string, string> = {
  tenantId: "Tenant",
  scope: "Scope",
  "scope.type": "Scope",
  "scope.projectId": "Project",
  "scope.appIds": "Apps",
  realm: "Realm",
  fields: "Fields",
  filters: "Filters",
  from: "Start date",
  to: "End date",
  timezone: "Timezone",
  format: "Format",
  options: "CSV options",
  parts: "Parts",
  "parts.maxRows": "Rows per part",
  "parts.maxMegabytes": "Megabytes per part",
};

const FIELD_PATH = /^([A-Za-z]+(?:(?:\.[A-Za-z]+)|(?:\[\d+\]))*)\s*:\s*/;

/**
 * A refusal as the screen shows it: never with an internal field path in front ("scope.projectId: That
 * project…"). A known key becomes the form's label; any other path-like prefix is dropped. The server
 * already words its refusals this way; this keeps a slip (a new refusal, a proxy's text) off the screen.
 */
export function forScreen(message: string): string {
  const m = FIELD_PATH.exec(message);
  if (!m) return message;
  const key = (m[1] ?? "").replace(/\[\d+\]/g, "");
  // A plain word followed by a colon is ordinary prose ("Note: …") unless it names a field.
  if (!key.includes(".") && !m[1]?.includes("[") && !(key in LABELS)) return message;
  const rest = message.slice(m[0].length);
  const label = LABELS[key];
  return label ? `${label}: ${rest}` : rest.charAt(0).toUpperCase() + rest.slice(1);
}
