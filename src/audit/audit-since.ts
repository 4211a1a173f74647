/** `--since` for audit export: an ISO 8601 time, or a duration back from now ("90m", "24h", "7d"). */
import { LienthongError } from '../domain/errors.js';

const UNITS_MS: Record<string, number> = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** Milliseconds since the epoch from which entries are wanted. */
export function parseSince(text: string, nowMs: number): number {
  const t = text.trim();
  const d = /^(\d+(?:\.\d+)?)\s*(ms|s|m|h|d)$/.exec(t);
  if (d) return nowMs - Math.round(Number(d[1]) * UNITS_MS[d[2]!]!);
  if (/^\d{4}-\d{2}-\d{2}/.test(t)) {
    const ms = Date.parse(t);
    if (Number.isFinite(ms)) return ms;
  }
  throw new LienthongError(
    'INVALID_ARGUMENT',
    `--since "${text}" is neither a time nor a duration: give an ISO time such as 2026-03-01T08:00:00+07:00 or 2026-03-01, or a duration back from now such as 90m, 24h, 7d`,
  );
}
