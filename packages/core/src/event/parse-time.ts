// ISO-8601 timestamps with an explicit zone, parsed to epoch milliseconds.
// Reference: ISO 8601 / RFC 3339. A zone is required: local-time strings are ambiguous.

const ISO_WITH_ZONE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:?\d{2})$/i;

/** Epoch ms of an ISO-8601 timestamp with a zone, or NaN when it is not one. */
export function parseIsoTime(value: string): number {
  if (!ISO_WITH_ZONE.test(value)) return Number.NaN;
  return Date.parse(value);
}

/** Hour of the week, 0 = Monday 00:00-01:00 ... 167 = Sunday 23:00, in the given UTC offset. */
export function hourOfWeek(epochMs: number, utcOffsetMinutes = 0): number {
  const hours = Math.floor((epochMs + utcOffsetMinutes * 60_000) / 3_600_000);
  // 1970-01-01 was a Thursday: Monday-based day index 3.
  return (((hours + 72) % 168) + 168) % 168;
}
