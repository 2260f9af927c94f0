// Background information t per point, ACVAE's conditional input: the time one-hot
// (day-of-week 7 ; hour-of-day 24 ; minute-of-hour 60 = 91 dims) and real-valued flags.
// Reference: METHODS.md section 1.1 (seed [003] §II-C, §IV-A).

export const TIME_DIMS = 7 + 24 + 60;

/** Background width T for a kind and a number of flag features. */
export function backgroundWidth(kind: 'none' | 'time', flags: number): number {
  return (kind === 'time' ? TIME_DIMS : 0) + flags;
}

/**
 * Writes the background of one point into out[offset..offset+T). Time is epoch ms shifted by the
 * UTC offset; a missing time leaves the one-hot at zero. Flags are copied as real values.
 */
export function writeBackground(out: Float32Array, offset: number, kind: 'none' | 'time', time: number | undefined, utcOffsetMinutes: number, flags: readonly number[]): void {
  let at = offset;
  if (kind === 'time') {
    for (let k = 0; k < TIME_DIMS; k++) out[at + k] = 0;
    if (time !== undefined && Number.isFinite(time)) {
      const d = new Date(time + utcOffsetMinutes * 60_000);
      out[at + d.getUTCDay()] = 1;
      out[at + 7 + d.getUTCHours()] = 1;
      out[at + 31 + d.getUTCMinutes()] = 1;
    }
    at += TIME_DIMS;
  }
  for (const f of flags) out[at++] = Number.isFinite(f) ? f : 0;
}
