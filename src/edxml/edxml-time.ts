/**
 * Dates and timestamps as edXML writes them. Dates are read as `yyyy/MM/dd`, `yyyy-MM-dd` or
 * (seen in vendor code) `dd/MM/yyyy`, also with a time or a zone after them, and kept as
 * `YYYY-MM-DD`; they are written `yyyy/MM/dd`.
 * A timestamp without an offset is Vietnam local time (UTC+7, no daylight saving). Pure.
 */

/** Vietnam's offset from UTC, in milliseconds. */
export const VIETNAM_OFFSET_MS = 7 * 3600_000;

const YMD = /^(\d{4})[/-](\d{1,2})[/-](\d{1,2})$/;
const DMY = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/;
const TIMESTAMP = new RegExp(
  [
    '^(?:(\\d{4})[/-](\\d{1,2})[/-](\\d{1,2})|(\\d{1,2})/(\\d{1,2})/(\\d{4}))', // y/M/d (groups 1-3) or d/M/y (4-6)
    '(?:[T ](\\d{1,2}):(\\d{2})(?::(\\d{2})(?:[.,](\\d{1,9}))?)?)?', // time (7-10)
    '\\s*(Z|[+-]\\d{2}(?::?\\d{2})?)?$', // offset (11)
  ].join(''),
  'i',
);

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}

/**
 * Years 1000–9998 only: Date.UTC reads years 0–99 as 1900–1999 (a typo such as 0025 would become
 * 1925 in silence), and a time late in 9999 UTC is already year 10000 in Vietnam, which no
 * four-digit timestamp can write back.
 */
function isRealDate(y: number, m: number, d: number): boolean {
  if (y < 1000 || y > 9998) return false;
  if (m < 1 || m > 12 || d < 1) return false;
  return d <= new Date(Date.UTC(y, m, 0)).getUTCDate();
}

/**
 * `YYYY-MM-DD`, or null when `text` is not a date in one of the accepted forms. A date written with
 * a time of day (a DateTime serialised whole: `2025-06-30T00:00:00+07:00`, `2025/06/30 00:00:00`)
 * is the day it falls on in Vietnam; a date with only a zone (`2025-06-30+07:00`, how JAXB writes
 * an xs:date) is the day written.
 */
export function parseEdxmlDate(text: string): string | null {
  const ymd = YMD.exec(text);
  const dmy = ymd ? null : DMY.exec(text);
  let parts: (string | undefined)[];
  if (ymd) parts = [ymd[1], ymd[2], ymd[3]];
  else if (dmy) parts = [dmy[3], dmy[2], dmy[1]];
  else {
    const t = TIMESTAMP.exec(text);
    const ms = parseEdxmlTimestamp(text);
    if (!t || ms === null) return null;
    if (t[7] !== undefined) return vietnamDate(ms);
    parts = t[1] ? [t[1], t[2], t[3]] : [t[6], t[5], t[4]];
  }
  const [year, month, day] = parts.map(Number) as [number, number, number];
  if (!isRealDate(year, month, day)) return null;
  return `${pad(year, 4)}-${pad(month)}-${pad(day)}`;
}

/** `YYYY-MM-DD` → `yyyy/MM/dd`; '' stays ''. */
export function formatEdxmlDate(date: string): string {
  return date.replaceAll('-', '/');
}

/** Today's date in Vietnam as `YYYY-MM-DD`. */
export function vietnamDate(nowMs: number): string {
  return new Date(nowMs + VIETNAM_OFFSET_MS).toISOString().slice(0, 10);
}

/** Milliseconds since the epoch, or null when `text` is not a timestamp. */
export function parseEdxmlTimestamp(text: string): number | null {
  const t = TIMESTAMP.exec(text);
  if (!t) return null;
  const year = Number(t[1] ?? t[6]);
  const month = Number(t[2] ?? t[5]);
  const day = Number(t[3] ?? t[4]);
  if (!isRealDate(year, month, day)) return null;
  const hour = Number(t[7] ?? 0);
  const minute = Number(t[8] ?? 0);
  const second = Number(t[9] ?? 0);
  if (hour > 23 || minute > 59 || second > 59) return null;
  const ms = t[10] ? Math.floor(Number(`0.${t[10]}`) * 1000) : 0;
  let offsetMs = VIETNAM_OFFSET_MS;
  const zone = t[11];
  if (zone && zone.toUpperCase() === 'Z') offsetMs = 0;
  else if (zone) {
    const digits = zone.slice(1).replace(':', '');
    const oh = Number(digits.slice(0, 2));
    const om = Number(digits.slice(2) || '0');
    if (oh > 14 || om > 59) return null;
    offsetMs = (zone[0] === '-' ? -1 : 1) * (oh * 3600_000 + om * 60_000);
  }
  const local = Date.UTC(year, month - 1, day, hour, minute, second, ms);
  return local - offsetMs;
}

/** ISO 8601 in Vietnam time with milliseconds, e.g. `2025-07-01T08:30:00.000+07:00`. */
export function formatEdxmlTimestamp(ms: number): string {
  return `${new Date(ms + VIETNAM_OFFSET_MS).toISOString().slice(0, 23)}+07:00`;
}
