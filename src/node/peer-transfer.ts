/**
 * A copy a peer hands over, and the checks it must pass before this node reads or holds anything for
 * it: the peer as its link knows it (its role, the senders it may hand over) and the copy itself
 * (its path, sender, status form, size and recipients). Pure: the relay runs them first in
 * receiveTransfer, links and services use the peer's context.
 */
import { isWithin } from '../domain/agency-code.js';
import { checkPath, documentBytes } from '../domain/envelope.js';
import { LienthongError } from '../domain/errors.js';
import { statusInconsistency } from '../domain/status-message.js';
import type { Hop, LinkRole, Message } from '../domain/types.js';

export interface PeerContext {
  code: string;
  role: LinkRole;
  /** Senders this peer may hand over (child: its subtrees; lateral: allowSenders). Empty for a parent. */
  allowedSenders: string[];
}

/** Whether `peer` may hand over what `sender` sent: anything from a parent, else its subtrees (a child) or allowSenders (a lateral). */
export function mayHandOver(peer: PeerContext, sender: string): boolean {
  return peer.role === 'parent' || peer.allowedSenders.some((s) => isWithin(sender, s));
}

export interface IncomingTransfer {
  message: Message;
  recipients: string[];
  trace: Hop[];
  /** The copy's expiry: later than the message's own when an operator requeued it upstream. */
  expiresAtMs?: number;
}

/** What node `self` takes from a peer: the size of a document with its files, the length of a path. */
export interface TransferLimits {
  maxDocumentBytes: number;
  maxHops: number;
}

/** Refuses, with a LienthongError, a copy that node `self` must not take from `peer`, whatever it holds already. */
export function checkTransfer(peer: PeerContext, t: IncomingTransfer, self: string, limits: TransferLimits): void {
  const m = t.message;
  checkPath(t.trace, self, limits.maxHops);
  if (!mayHandOver(peer, m.from)) {
    throw new LienthongError(
      'SENDER_NOT_ALLOWED',
      `peer ${peer.code} (${peer.role}) may not hand over messages from ${m.from}: allowed senders are ${peer.allowedSenders.join(', ') || 'none'}`,
    );
  }
  const inconsistent = statusInconsistency(m);
  if (inconsistent) throw new LienthongError('INVALID_DOCUMENT', `status ${m.id} from peer ${peer.code}: ${inconsistent}`);
  // limits.maxBodyBytes is the edge's (buildDocument): a copy a peer hands over is in memory here
  // already, and refusing it for good would send a non-delivery report for a document taken
  // under another node's limit, or before the limit existed, maybe delivered already.
  const bytes = documentBytes(m.body.length, m.attachments);
  if (bytes > limits.maxDocumentBytes) {
    throw new LienthongError('DOCUMENT_TOO_LARGE', `message ${m.id} is ${bytes} bytes with its attachments, node ${self} accepts at most ${limits.maxDocumentBytes}`);
  }
  if (t.recipients.length === 0 || t.recipients.some((r) => !m.to.includes(r))) {
    throw new LienthongError('INVALID_DOCUMENT', `message ${m.id}: transfer recipients are not a subset of its recipients`);
  }
}
