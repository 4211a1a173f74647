/**
 * Every refusal of a document at this node's edges, from a peer or an agency, goes through here
 * once: logged with the peer and the reason, counted (the store's `refused` total that `status`
 * shows, and lienthong_documents_refused_total{peer, edge, reason}), and written to the audit log (permanent ones; a transient refusal is retried and its
 * acceptance recorded then). A file a peer offers ahead of its document and this node refuses
 * (STORE_FULL on a full disk, most often) holds that document back just the same: it is counted
 * here too, by peer and reason (the link logs it).
 *
 * A permanent refusal gets a warn line each. A transient one (STORE_FULL, SHUTTING_DOWN, PEER_BUSY...)
 * comes back with every retry of every peer for as long as its cause lasts: one warn line per peer
 * and code at most every REFUSED_LOG_EVERY_MS, saying how many were held back since (at debug).
 */
import type { Logger } from 'pino';
import { isTransientCode } from '../domain/errors.js';
import { LogThrottle } from '../domain/log-throttle.js';
import type { Clock } from '../domain/types.js';
import type { Store } from '../store/store.js';

/** How often a transient refusal of one peer with one code is logged at most. */
export const REFUSED_LOG_EVERY_MS = 60_000;

/** Where a refusal happened: a peer node's link, the agency API, or the operator's admin socket. */
export type RefusalEdge = 'link' | 'agency' | 'operator';

export interface Refusal {
  /** Who tried: a peer node's code, an agency's code, or the operator. */
  peer: string;
  /** Tells a node and an agency that share a code apart (a node's own agency often has the node's code). */
  edge: RefusalEdge;
  /** As claimed by the refused input ('' when it could not be read). */
  messageId: string;
  sender: string;
  /** 'document' or 'status' and the copy's recipients, when the refused input could be read as such (a peer's transfer). */
  kind?: string;
  recipients?: string[];
  code: string;
  reason: string;
}

export interface RefusalSink {
  refused(r: Refusal): void;
  /** A peer's attachment file refused with `code`: counted only (logged where it was refused; never audited). */
  fileRefused(peer: string, code: string): void;
}

export class Refusals implements RefusalSink {
  private readonly transientLines: LogThrottle;

  constructor(
    private readonly store: Pick<Store, 'count' | 'recordRefusal'>,
    private readonly count: (peer: string, edge: RefusalEdge, code: string) => void,
    private readonly log: Logger,
    private readonly now: Clock,
  ) {
    this.transientLines = new LogThrottle(REFUSED_LOG_EVERY_MS, now);
  }

  refused(r: Refusal): void {
    this.store.count('refused', 1);
    this.count(r.peer, r.edge, r.code);
    const fields = { peer: r.peer, edge: r.edge, messageId: r.messageId || undefined, sender: r.sender || undefined, code: r.code, reason: r.reason };
    if (!isTransientCode(r.code)) this.log.warn(fields, 'document refused');
    else {
      const line = this.transientLines.take(`${r.peer} ${r.code}`);
      if (line) this.log.warn({ ...fields, heldBack: line.suppressed }, 'document refused');
      else this.log.debug(fields, 'document refused');
    }
    this.store.recordRefusal({ ...r, nowMs: this.now() });
  }

  fileRefused(peer: string, code: string): void {
    this.count(peer, 'link', code);
    try {
      this.store.count('refused', 1);
    } catch {
      // The store closed under a link still answering offers (shutting down): the metric has it.
    }
  }
}
