/** Durations as operators write them: "500ms", "30s", "10m", "12h", "7d" (a number and a unit). Pure. */
const UNITS_MS: Record<string, number> = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** Milliseconds, or null when `text` is not such a duration. */
export function parseDuration(text: string): number | null {
  const m = /^(\d+(?:\.\d+)?)\s*(ms|s|m|h|d)$/.exec(text.trim());
  return m ? Math.round(Number(m[1]) * UNITS_MS[m[2]!]!) : null;
}

/** `ms` as operators write it, in the largest unit that divides it: "7d", "36h", "90m", "45s", "250ms". Pure. */
export function formatDuration(ms: number): string {
  for (const unit of ['d', 'h', 'm', 's'] as const) {
    const n = UNITS_MS[unit]!;
    if (ms % n === 0) return ms === 0 ? '0s' : `${ms / n}${unit}`;
  }
  return `${ms}ms`;
}
