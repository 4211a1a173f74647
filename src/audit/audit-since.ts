/**
 * `--since` for audit export: an ISO 8601 time, or a duration back from now ("90m", "24h", "7d").
 * A date or a time without an offset is Vietnam's (UTC+07:00, the network's one time zone), not
 * UTC and not the machine's: "2026-11-22" is midnight in Hà Nội.
 */
import { parseDuration } from '../domain/durations.js';
import { LienthongError } from '../domain/errors.js';

/** Milliseconds since the epoch from which entries are wanted. */
export function parseSince(text: string, nowMs: number): number {
  const t = text.trim();
  const back = parseDuration(t);
  if (back !== null) return nowMs - back;
  const ymd = /^(\d{4})-(\d{2})-(\d{2})/.exec(t);
  // A date that exists (Date.parse takes 2026-02-30 as 2 March).
  if (ymd && new Date(Date.UTC(+ymd[1]!, +ymd[2]! - 1, +ymd[3]!)).getUTCDate() === +ymd[3]! && +ymd[2]! >= 1 && +ymd[2]! <= 12) {
    const withOffset = /(Z|[+-]\d{2}:?\d{2})$/i.test(t.slice(10));
    const ms = Date.parse(withOffset ? t : `${t.length === 10 ? `${t}T00:00:00` : t}+07:00`);
    if (Number.isFinite(ms)) return ms;
  }
  throw new LienthongError(
    'INVALID_ARGUMENT',
    `--since "${text}" is neither a time nor a duration: give an ISO time such as 2026-03-01T08:00:00+07:00 or 2026-03-01 (Vietnam time without an offset), or a duration back from now such as 90m, 24h, 7d`,
  );
}
