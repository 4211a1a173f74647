/** `--since` for audit export: an ISO 8601 time, or a duration back from now ("90m", "24h", "7d"). */
import { parseDuration } from '../domain/durations.js';
import { LienthongError } from '../domain/errors.js';

/** Milliseconds since the epoch from which entries are wanted. */
export function parseSince(text: string, nowMs: number): number {
  const t = text.trim();
  const back = parseDuration(t);
  if (back !== null) return nowMs - back;
  if (/^\d{4}-\d{2}-\d{2}/.test(t)) {
    const ms = Date.parse(t);
    if (Number.isFinite(ms)) return ms;
  }
  throw new LienthongError(
    'INVALID_ARGUMENT',
    `--since "${text}" is neither a time nor a duration: give an ISO time such as 2026-03-01T08:00:00+07:00 or 2026-03-01, or a duration back from now such as 90m, 24h, 7d`,
  );
}
