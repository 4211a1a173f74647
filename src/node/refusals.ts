/**
 * Every refusal of a document at this node's edges, from a peer or an agency, goes through here
 * once: logged with the peer and the reason, counted (the store's `refused` total that `status`
 * shows, and lienthong_documents_refused_total{peer, reason}), and written to the audit log (permanent ones; a transient refusal is retried and its
 * acceptance recorded then). A file a peer offers ahead of its document and this node refuses
 * (STORE_FULL on a full disk, most often) holds that document back just the same: it is counted
 * here too, by peer and reason (the link logs it).
 */
import type { Logger } from 'pino';
import type { Clock } from '../domain/types.js';
import type { Store } from '../store/store.js';

export interface Refusal {
  /** Who tried: a peer node's code, an agency's code, or the operator. */
  peer: string;
  /** As claimed by the refused input ('' when it could not be read). */
  messageId: string;
  sender: string;
  code: string;
  reason: string;
}

export interface RefusalSink {
  refused(r: Refusal): void;
  /** A peer's attachment file refused with `code`: counted only (logged where it was refused; never audited). */
  fileRefused(peer: string, code: string): void;
}

export class Refusals implements RefusalSink {
  constructor(
    private readonly store: Store,
    private readonly count: (peer: string, code: string) => void,
    private readonly log: Logger,
    private readonly now: Clock,
  ) {}

  refused(r: Refusal): void {
    this.store.count('refused', 1);
    this.count(r.peer, r.code);
    this.log.warn({ peer: r.peer, messageId: r.messageId || undefined, sender: r.sender || undefined, code: r.code, reason: r.reason }, 'document refused');
    this.store.recordRefusal({ ...r, nowMs: this.now() });
  }

  fileRefused(peer: string, code: string): void {
    this.count(peer, code);
    try {
      this.store.count('refused', 1);
    } catch {
      // The store closed under a link still answering offers (shutting down): the metric has it.
    }
  }
}
