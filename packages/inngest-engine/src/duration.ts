const UNIT_MS: Record<string, number> = {
  ns: 1e-6,
  us: 1e-3,
  µs: 1e-3,
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 604_800_000,
};

/** Parses an Inngest time string ("1s", "2h45m", "1.5d", "1w") into milliseconds; null when it is not one. */
export function parseTimeString(input: string): number | null {
  const text = input.trim();
  if (!text) return null;
  const pattern = /(\d+(?:\.\d+)?)(ns|us|µs|ms|s|m|h|d|w)/y;
  let total = 0;
  let index = 0;
  while (index < text.length) {
    pattern.lastIndex = index;
    const match = pattern.exec(text);
    if (!match) return null;
    total += Number(match[1]) * UNIT_MS[match[2]];
    index = pattern.lastIndex;
  }
  return total;
}

/** A sleep or timeout target: a time string relative to `fromMs`, or an absolute ISO 8601 date. */
export function resolveTime(input: string, fromMs: number): number | null {
  const relative = parseTimeString(input);
  if (relative !== null) return fromMs + relative;
  if (!/^\d{4}-\d{2}-\d{2}/.test(input)) return null;
  const absolute = Date.parse(input);
  return Number.isFinite(absolute) ? absolute : null;
}
