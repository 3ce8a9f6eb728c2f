/** Human-readable sizes and dates for emails and the UI (no server imports: the browser uses it too). */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const units = ["KB", "MB", "GB", "TB"];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value.toFixed(value < 10 ? 1 : 0)} ${units[unit]}`;
}

/** "1 December 2026, 12:00 UTC" in the given timezone; with `seconds`, "12:00:05". */
export function formatDateTimeIn(date: Date, timezone: string, { seconds = false } = {}): string {
  return new Intl.DateTimeFormat("en-GB", {
    timeZone: timezone,
    day: "numeric",
    month: "long",
    year: "numeric",
    hour: "2-digit",
    minute: "2-digit",
    ...(seconds ? { second: "2-digit" as const } : {}),
    timeZoneName: "short",
  }).format(date);
}
