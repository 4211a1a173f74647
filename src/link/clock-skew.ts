/**
 * Clock skew between two linked nodes, read from their Hellos (each carries its sender's clock).
 * Pure: a function of the times and the limit. A node whose clock is wrong expires documents early
 * (or keeps them too long), calls a current revocation list stale, and sees valid certificates as
 * expired or not yet valid, each time blaming something else; the Hello exchange is where the two
 * clocks meet, so that is where the difference is measured and named.
 *
 * The dialer knows when it wrote its Hello and when the answer came: the peer read its clock in
 * between, so the offset is known to within half that round trip. The acceptor sees one way only:
 * the dialer's Hello was written before it arrived, at most HELLO_ROUND_TRIP_MS before (the dialer
 * gives up on a link whose Hello is not answered within that), which is its uncertainty.
 */

/**
 * Clocks further apart than this are reported (log error, `status`, `check`). NTP keeps clocks
 * within milliseconds; a minute is far beyond any honest drift, yet well below what does harm
 * (documents created at most 5 minutes ahead are accepted; certificates are backdated 5 minutes).
 */
export const CLOCK_SKEW_LIMIT_MS = 60_000;

/** The longest a dialer waits for the answer to its Hello (link-dialer.ts). */
export const HELLO_ROUND_TRIP_MS = 10_000;

export interface ClockOffset {
  /** The peer's clock minus this node's: positive when the peer is ahead. */
  offsetMs: number;
  /** The true offset lies within offsetMs ± uncertaintyMs. */
  uncertaintyMs: number;
}

/**
 * The peer's offset from its clock reading `peerMs`, taken at some instant between `localBeforeMs`
 * and `localAfterMs` on this node's clock; null when the peer sent no time (an older node).
 */
export function clockOffset(peerMs: number, localBeforeMs: number, localAfterMs: number): ClockOffset | null {
  if (!peerMs) return null;
  const after = Math.max(localAfterMs, localBeforeMs);
  return { offsetMs: Math.round(peerMs - (localBeforeMs + after) / 2), uncertaintyMs: Math.round((after - localBeforeMs) / 2) };
}

/** The dialer's reading: its Hello written at `sentMs`, the peer's answer (stamped `peerMs`) read at `receivedMs`. */
export function dialerOffset(peerMs: number, sentMs: number, receivedMs: number): ClockOffset | null {
  return clockOffset(peerMs, sentMs, receivedMs);
}

/**
 * The acceptor's reading of a dialer's Hello stamped `peerMs` and read at `receivedMs`. Its best
 * estimate takes the Hello's transit as nil; the uncertainty covers the most it can have taken.
 */
export function acceptorOffset(peerMs: number, receivedMs: number): ClockOffset | null {
  if (!peerMs) return null;
  return { offsetMs: Math.round(peerMs - receivedMs), uncertaintyMs: HELLO_ROUND_TRIP_MS };
}

/** Whether the clocks differ by more than `limitMs` for certain (beyond the reading's uncertainty). */
export function isSkewed(o: ClockOffset, limitMs = CLOCK_SKEW_LIMIT_MS): boolean {
  return Math.abs(o.offsetMs) - o.uncertaintyMs > limitMs;
}

/** "35 ms", "95 s", "12 min", "5.5 hours", "30.0 days": a duration as an operator reads it. */
export function describeDuration(ms: number): string {
  const a = Math.abs(ms);
  if (a < 1_000) return `${Math.round(a)} ms`;
  if (a < 120_000) return `${Math.round(a / 1000)} s`;
  if (a < 2 * 3_600_000) return `${Math.round(a / 60_000)} min`;
  if (a < 2 * 86_400_000) return `${(a / 3_600_000).toFixed(1)} hours`;
  return `${(a / 86_400_000).toFixed(1)} days`;
}

/** "the clock of parent 000.00.00.H44 is 30.0 days ahead of this node's" */
export function offsetPhrase(peer: string, o: ClockOffset): string {
  return `the clock of ${peer} is ${describeDuration(o.offsetMs)} ${o.offsetMs > 0 ? 'ahead of' : 'behind'} this node's`;
}

/** What a skew does and what to do, for logs, `status` and `check`. */
export function skewProblem(peer: string, o: ClockOffset): string {
  return (
    `${offsetPhrase(peer, o)} (measured when the link came up, to within ${describeDuration(o.uncertaintyMs)}; more than ${describeDuration(CLOCK_SKEW_LIMIT_MS)} apart): ` +
    'one of the two clocks is wrong; find which (`date -u` on each machine) and set it right, with NTP kept running (`timedatectl`, chrony). ' +
    'Until then the node with the wrong clock expires documents early or late, and sees certificates and revocation lists as expired, stale or not yet valid'
  );
}
