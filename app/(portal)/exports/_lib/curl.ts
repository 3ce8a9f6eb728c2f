/** A curl command that creates the same export through the REST API, for "Copy API request". */
export function curlFor(request: unknown): string {
  // The JSON goes inside single quotes, where only a single quote itself needs escaping.
  const body = JSON.stringify(request).replace(/'/g, `'\\''`);
  return [
    `curl -X POST "$PORTAL_URL/api/v1/exports"`,
    `  -H "Authorization: Bearer $PORTAL_TOKEN"`,
    `  -H "Content-Type: application/json"`,
    `  -d '${body}'`,
  ].join(" \\\n");
}
