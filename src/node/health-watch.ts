/**
 * The node's readiness as its health service reports it: recomputed from whether the node has
 * started, is draining and can write its store, and each change logged once it has started (with
 * the reason when new documents are refused).
 */
import type { Logger } from 'pino';
import type { Store } from '../store/store.js';
import type { NodeHealth } from './health.js';

/** The check to run every second and whenever draining changes. */
export function healthChecker(health: NodeHealth, store: Store, log: Logger, state: () => { started: boolean; draining: boolean }): () => void {
  let healthLogged = false;
  return () => {
    const { started, draining } = state();
    const before = health.status;
    const now2 = health.update({ started, draining, storeWritable: store.canAccept() });
    if (started && (now2 !== before || !healthLogged)) {
      healthLogged = true;
      const why = store.writeFault() ?? store.fullReason();
      if (now2 === 'SERVING' || why === null) log.info({ health: now2 }, 'health changed');
      else log.warn({ health: now2, reason: why }, 'health changed: new documents are refused');
    }
  };
}
