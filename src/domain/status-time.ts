/**
 * The time an agency's software gives a processing status (edXML Status/Timestamp): when the
 * status was decided. The node stamps its own time beside it and keeps the agency's as written, so
 * one far in the future would reach the sender as a decision not yet made. Pure: the node's time
 * is passed in. Checked where an agency hands a status in, never on statuses peers relay (the
 * node that took it in judged it by its own clock).
 */
import { CLOCK_SKEW_MS } from './envelope.js';

/**
 * How far ahead of this node's clock a status's time may be: as far as a document's createdAtMs
 * (envelope.ts), the same software's clock read the same way. Beyond the 60 s at which two nodes'
 * clocks are reported (link/clock-skew.ts), since a slightly fast agency clock does no harm.
 */
export const STATUS_TIME_AHEAD_LIMIT_MS = CLOCK_SKEW_MS;

/**
 * Why a status stamped `statusMs` (0: no time given) in `field` cannot be taken at `nowMs`, or
 * null when it can.
 */
export function statusTimeProblem(field: string, statusMs: number, nowMs: number): string | null {
  if (!statusMs || statusMs - nowMs <= STATUS_TIME_AHEAD_LIMIT_MS) return null;
  return (
    `${field} ${new Date(statusMs).toISOString()} is ${minutes(statusMs - nowMs)} ahead of this node's clock ` +
    `(${new Date(nowMs).toISOString()}; at most ${minutes(STATUS_TIME_AHEAD_LIMIT_MS)} ahead is accepted): ` +
    'give the time the status was decided, and set the clock of the agency\'s document software right (NTP); ' +
    'if this node\'s clock is the one behind, its operator must set it right'
  );
}

/** "310 s", "12 min", "3.5 hours", "12.0 days". */
function minutes(ms: number): string {
  if (ms < 600_000) return `${Math.ceil(ms / 1000)} s`;
  if (ms < 2 * 3_600_000) return `${Math.round(ms / 60_000)} min`;
  if (ms < 2 * 86_400_000) return `${(ms / 3_600_000).toFixed(1)} hours`;
  return `${(ms / 86_400_000).toFixed(1)} days`;
}
