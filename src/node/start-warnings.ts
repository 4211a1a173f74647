/**
 * The warnings a node logs at start about what its configuration no longer reaches: agencies and
 * children outside its subtree, outbox entries for next hops that are no configured peer, and unacknowledged inbox
 * items of agencies no longer attached (stranded-work.ts words them).
 */
import type { Logger } from 'pino';
import type { Store } from '../store/store.js';
import type { LoadedConfig } from './config-load.js';
import { agenciesOutsideSubtree, childrenOutsideSubtree, configuredPeers } from './config-routes.js';
import { strandedInbox, strandedInboxProblem, strandedOutbox, strandedOutboxProblem } from './stranded-work.js';

export function warnOfUnreachedWork(config: LoadedConfig, store: Store, log: Logger): void {
  for (const line of agenciesOutsideSubtree(config)) log.warn({ code: 'AGENCY_OUTSIDE_SUBTREE' }, line);
  for (const line of childrenOutsideSubtree(config)) log.warn({ code: 'CHILD_OUTSIDE_SUBTREE' }, line);
  // Work left by an earlier configuration: nothing would say so until the documents expire.
  for (const s of strandedOutbox(store.outboxDepths(), configuredPeers(config))) {
    log.warn({ code: 'OUTBOX_FOR_UNCONFIGURED_PEER', nextHop: s.nextHop, entries: s.entries }, strandedOutboxProblem(s));
  }
  for (const b of strandedInbox(store.unacknowledgedByAgency(), new Set(config.agencies))) {
    log.warn({ code: 'INBOX_OF_DETACHED_AGENCY', agency: b.agency, items: b.items }, strandedInboxProblem(b));
  }
}
