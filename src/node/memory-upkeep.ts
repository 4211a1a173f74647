/**
 * The node's memory upkeep: the idle collection (idle-compaction.ts), with the buffer pools and the
 * store's page cache it lets go first, and the young-generation collection (young-collection.ts).
 */
import type { Logger } from 'pino';
import { dropSpareChunkFrames } from '../link/chunk-frame.js';
import { dropSpareRings } from '../store/files/direct-ring.js';
import type { Store } from '../store/store.js';
import { IDLE_CHECK_MS, startIdleCompaction } from './idle-compaction.js';
import { mallocTrimUnavailable } from './malloc-trim.js';
import { startYoungCollection } from './young-collection.js';

/** Starts both; returns their stop functions in the order they started. */
export function startMemoryUpkeep(store: Store, log: Logger): Array<() => void> {
  const idleLog = log.child({ component: 'memory' });
  let trimTold = false;
  const onIdleCollect = (ms: number): void => {
    idleLog.debug({ ms: Math.round(ms) }, 'idle: heap collected');
    const why = mallocTrimUnavailable();
    if (why && !trimTold) {
      trimTold = true;
      idleLog.info({ reason: why }, 'idle: the C heap\'s free pages cannot be given back here (no glibc malloc_trim); the node works the same and keeps them');
    }
  };
  return [startIdleCompaction(onIdleCollect, IDLE_CHECK_MS, [dropSpareRings, dropSpareChunkFrames, () => store.releaseCache()]), startYoungCollection()];
}
