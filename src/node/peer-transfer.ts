/**
 * A copy a peer hands over, and the checks it must pass before this node reads or holds anything for
 * it: the peer as its link knows it (its role, the senders it may hand over) and the copy itself
 * (its path, sender, status form, size and recipients). Pure: the relay runs them first in
 * receiveTransfer, links and services use the peer's context.
 */
import { isValidCode, isWithin, normalizeCode } from '../domain/agency-code.js';
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

/** How far a hop's time may lie from the document's creation and this node's clock (nodes' clocks differ). */
export const HOP_TIME_TOLERANCE_MS = 24 * 3_600_000;

/**
 * Refuses a path that cannot be the one the copy travelled: the path is not signed (each node adds
 * itself as it hands the copy on), so a relay could rewrite what came before it, and `trace` and
 * `inbox export` would show the forgery as fact. What can be checked is: the peer handing the copy
 * over is last (it is authenticated by its certificate) and each node is named once with a valid
 * code. Times are each node's own clock: one far off is a wrong clock far more often than a forgery,
 * and refusing the copy for it lost documents for good (and the reports about them, which carry the
 * same clock), so times are only looked at by hopTimeNote.
 */
export function checkHops(peer: PeerContext, t: IncomingTransfer): void {
  const m = t.message;
  const bad = (why: string): never => {
    throw new LienthongError('INVALID_DOCUMENT', `the path of ${m.kind} ${m.id} handed over by peer ${peer.code} ${why}: a node hands a copy on with the nodes it passed, itself last`);
  };
  if (t.trace.length === 0) bad('is empty');
  const last = t.trace[t.trace.length - 1]!.nodeCode;
  if (last !== peer.code) bad(`ends at ${last}, not at ${peer.code}`);
  const seen = new Set<string>();
  for (const [i, h] of t.trace.entries()) {
    if (!isValidCode(h.nodeCode) || normalizeCode(h.nodeCode) !== h.nodeCode) bad(`names "${h.nodeCode}" at hop ${i + 1}, which is not an agency code in its canonical form`);
    if (seen.has(h.nodeCode)) bad(`names ${h.nodeCode} twice`);
    seen.add(h.nodeCode);
  }
}

/**
 * Pure: what is odd about the times on a copy's path (a hop more than HOP_TIME_TOLERANCE_MS before
 * the message's creation or after this node's clock), in an operator's words, or null. The copy is
 * taken all the same: the times are shown as each node stamped them, and the node logs this.
 */
export function hopTimeNote(peer: PeerContext, t: IncomingTransfer, nowMs: number): string | null {
  const m = t.message;
  const odd = t.trace.find((h) => h.atMs < m.createdAtMs - HOP_TIME_TOLERANCE_MS || h.atMs > nowMs + HOP_TIME_TOLERANCE_MS);
  if (!odd) return null;
  return `the path of ${m.kind} ${m.id} from peer ${peer.code} has ${odd.nodeCode} at ${new Date(odd.atMs).toISOString()}, more than a day from the ${m.kind}'s creation (${new Date(m.createdAtMs).toISOString()}) or from this node's clock (${new Date(nowMs).toISOString()}): ` +
    `most likely the clock of ${odd.nodeCode} (or this node's) is wrong; the copy is taken and its path shown as stamped. Set the clocks right (NTP): compare with \`lienthong status\`'s clock warnings`;
}

/** Refuses, with a LienthongError, a copy that node `self` must not take from `peer`, whatever it holds already. */
export function checkTransfer(peer: PeerContext, t: IncomingTransfer, self: string, limits: TransferLimits): void {
  const m = t.message;
  checkPath(t.trace, self, limits.maxHops);
  checkHops(peer, t);
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
