/**
 * The timers a node starts once its peer port serves and its links are dialled: the revocation
 * list's staleness check (once now, then every minute), the health check every second, and, with a
 * parent, the subtree report to it every REPORT_EVERY_MS. None keeps the process alive.
 */
import type { LinkRegistry } from '../link/link-registry.js';
import { REPORT_EVERY_MS, type NetworkView } from './network-view.js';
import type { RevocationSpread } from './revocation-spread.js';

export interface UpkeepTimersOptions {
  spread: RevocationSpread;
  checkHealth: () => void;
  /** The parent's code, or null for the root. */
  parent: string | null;
  registry: LinkRegistry;
  view: NetworkView;
}

/** Starts them; returns their stop functions in the order they started. */
export function startUpkeepTimers(o: UpkeepTimersOptions): Array<() => void> {
  const stops: Array<() => void> = [];
  o.spread.checkStale();
  const staleTimer = setInterval(() => o.spread.checkStale(), 60_000);
  staleTimer.unref();
  stops.push(() => clearInterval(staleTimer));
  const healthTimer = setInterval(o.checkHealth, 1_000);
  healthTimer.unref();
  stops.push(() => clearInterval(healthTimer));
  const parentCode = o.parent;
  if (parentCode !== null) {
    const reportTimer = setInterval(() => o.registry.get(parentCode)?.session?.sendReport(o.view.subtreePb()), REPORT_EVERY_MS);
    reportTimer.unref();
    stops.push(() => clearInterval(reportTimer));
  }
  return stops;
}
