/**
 * The Hello each side of a link sends first (link.proto), and what a node makes of the peer's
 * clock in it: recorded for `status`, `check` and the metrics, and logged as an error when the two
 * clocks are further apart than CLOCK_SKEW_LIMIT_MS (clock-skew.ts).
 */
import type { Logger } from 'pino';
import type { Hello } from '../gen/lienthong/v1/Hello.js';
import { isSkewed, offsetPhrase, skewProblem, type ClockOffset } from './clock-skew.js';
import type { LinkRegistry } from './link-registry.js';

/** This node's Hello: its code, version and window, that it reads TransferBatch frames, and its clock now. */
export function ownHello(o: { self: string; version: string; window: number; nowMs: number }): Hello {
  return { nodeCode: o.self, softwareVersion: o.version, window: o.window, transferBatches: true, sentAtMs: o.nowMs };
}

/**
 * Records the peer's clock offset (null: its Hello carried no time) and says so when it is skewed,
 * or no longer is. `who` names the peer with its role ("parent 000.00.00.H44").
 */
export function notePeerClock(o: { registry: LinkRegistry; peer: string; who: string; offset: ClockOffset | null; nowMs: number; log: Logger }): void {
  if (!o.offset) {
    o.log.debug('the peer\'s Hello carries no clock (an older version): clock skew is not measured on this link');
    return;
  }
  const before = o.registry.clockRead(o.peer, { ...o.offset, atMs: o.nowMs });
  const fields = { clockOffsetSeconds: o.offset.offsetMs / 1000, uncertaintySeconds: o.offset.uncertaintyMs / 1000 };
  if (isSkewed(o.offset)) o.log.error(fields, skewProblem(o.who, o.offset));
  else if (before && isSkewed(before)) o.log.info(fields, `clocks agree again: ${offsetPhrase(o.who, o.offset)}`);
}
