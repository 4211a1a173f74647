/**
 * One entry of the audit log and its hash. Pure: no I/O, no clock.
 *
 * Glossary:
 * - audit entry: one event that committed at this node (a document or status accepted, created,
 *   forwarded, delivered, acknowledged, refused, expired, failed...), numbered by `seq` from 1
 *   without gaps.
 * - chain: every entry carries the hash of the one before it (`prevHash`; the first carries
 *   GENESIS_HASH) and its own `hash` = SHA-256 over its canonical encoding, which includes
 *   `prevHash`. Changing, removing or moving one entry breaks the chain at that entry.
 * - checkpoint: the (seq, hash) of the newest entry at some time, signed with the node's key, so
 *   the end of the chain cannot be cut off or the chain rewritten without the key.
 *
 * Canonical encoding (version 1): the UTF-8 bytes of the JSON array
 *   ["lienthong.audit.v1", seq, atMs, event, messageId, kind, sender, [recipients...], peer, code,
 *    reason, ref, prevHash]
 * written without spaces. For an array of strings and safe integers this is exactly RFC 8785 (JSON
 * Canonicalization Scheme), so other software can recompute a hash with any JCS library.
 */
import { createHash } from 'node:crypto';
import { isTransientCode } from '../domain/errors.js';

export const AUDIT_FORMAT = 'lienthong.audit.v1';

/** prevHash of entry 1. */
export const GENESIS_HASH = '0'.repeat(64);

export const AUDIT_EVENTS = [
  /** A document or status taken in from an agency (peer = the agency) or a peer node (peer = its code). */
  'accepted',
  /** A status generated at this node: non-delivery report, 01 on acknowledgement, an agency's status update. */
  'created',
  /** The next hop (peer) acknowledged the copy for these recipients: it holds it durably now. */
  'forwarded',
  /** Put in the inbox of attached agencies (recipients). */
  'delivered',
  /** The agency (peer) confirmed it has stored the message. */
  'acknowledged',
  /** Recipients no route covers here (code, reason); a non-delivery report goes back. */
  'undeliverable',
  /** A transfer or a send refused at this node's edge (peer = who tried, code, reason). Nothing was stored. */
  'refused',
  /** The copy for these recipients was not delivered to the next hop before its expiry. */
  'expired',
  /** The copy for these recipients failed permanently (the next hop refused it, or it was corrupt). */
  'failed',
  /** The operator deleted the copy for these recipients from the outbox. */
  'removed',
  /** The operator put a failed or expired copy back in the queue. */
  'requeued',
  /**
   * At its start the node found entries after its newest checkpoint that it would have signed while
   * it ran (their checkpoints most likely deleted: `missingCheckpoint`, 'kept-writing'). Written
   * before it signs again, so its next checkpoint never vouches for them in silence: `audit verify`
   * reports every such entry (code AUDIT_UNSIGNED, ref the entries' range "N-M", reason the detail).
   */
  'unsigned-found',
  /**
   * At its start the node found that the store lost entries it had committed and signed: its log
   * ends before, or differs at, the newest checkpoint recorded outside the database
   * (`audit-head.json`, see `lostEntries`). Written before it signs again, so `audit verify` reports
   * the loss from then on (code AUDIT_LOST, ref "FROM-TO:HASH" with the lost checkpoint's hash,
   * reason the detail).
   */
  'entries-lost',
] as const;

export type AuditEvent = (typeof AUDIT_EVENTS)[number];

/** What a verb records; the log numbers, dates and chains it. */
export interface AuditRecord {
  event: AuditEvent;
  messageId: string;
  /** 'document' | 'status', or '' when unknown (a refused transfer that could not be decoded). */
  kind: string;
  sender: string;
  recipients: string[];
  /** The peer node or agency at the other end of the event, '' when none. */
  peer: string;
  /** Error code for refusals and failures; status code (01–16, NON_DELIVERY) for statuses. */
  code: string;
  reason: string;
  /** For statuses: the message they are about. */
  ref: string;
}

export interface AuditEntry extends AuditRecord {
  seq: number;
  atMs: number;
  prevHash: string;
  hash: string;
}

/**
 * Refusals the log records: permanent ones (the document is refused for good). A transient refusal
 * (STORE_FULL, SHUTTING_DOWN, PEER_BUSY...) is retried by the sender and its acceptance recorded
 * then; recording each retry would fill a full store with its own refusals.
 */
export function isAuditedRefusal(code: string): boolean {
  return !isTransientCode(code);
}

/** Longest text kept in a field: hostile input must not grow the log without bound. */
export const FIELD_LIMITS = { id: 200, code: 100, reason: 1000, recipients: 1000 } as const;

const LONE_SURROGATE = /\p{Surrogate}/u;

function fits(text: string, max: number): boolean {
  return text.length <= max && !LONE_SURROGATE.test(text);
}

/**
 * Cut to `max` UTF-16 units, and lone surrogates (hostile input, or a cut pair) replaced by U+FFFD:
 * the database stores UTF-8, so what is hashed must read back identical.
 */
function clip(text: string, max: number): string {
  const cut = text.length <= max ? text : `${text.slice(0, max - 1)}…`;
  return LONE_SURROGATE.test(cut) ? Buffer.from(cut, 'utf8').toString('utf8') : cut;
}

/** Bounds every field (ids, codes, reason, recipient count) before an entry is hashed and stored. */
export function boundRecord(r: AuditRecord): AuditRecord {
  const recipients =
    r.recipients.length <= FIELD_LIMITS.recipients ? r.recipients : r.recipients.slice(0, FIELD_LIMITS.recipients);
  if (recipients.every((x) => fits(x, FIELD_LIMITS.id)) && fits(r.messageId, FIELD_LIMITS.id) && fits(r.kind, FIELD_LIMITS.code) &&
    fits(r.sender, FIELD_LIMITS.id) && fits(r.peer, FIELD_LIMITS.id) && fits(r.code, FIELD_LIMITS.code) &&
    fits(r.reason, FIELD_LIMITS.reason) && fits(r.ref, FIELD_LIMITS.id) && recipients === r.recipients) {
    return r;
  }
  return {
    event: r.event,
    messageId: clip(r.messageId, FIELD_LIMITS.id),
    kind: clip(r.kind, FIELD_LIMITS.code),
    sender: clip(r.sender, FIELD_LIMITS.id),
    recipients: recipients.map((x) => clip(x, FIELD_LIMITS.id)),
    peer: clip(r.peer, FIELD_LIMITS.id),
    code: clip(r.code, FIELD_LIMITS.code),
    reason: clip(r.reason, FIELD_LIMITS.reason),
    ref: clip(r.ref, FIELD_LIMITS.id),
  };
}

/** The canonical encoding of an entry without its own hash (see the file comment). */
export function canonicalEntry(e: Omit<AuditEntry, 'hash'>): string {
  return JSON.stringify([
    AUDIT_FORMAT,
    e.seq,
    e.atMs,
    e.event,
    e.messageId,
    e.kind,
    e.sender,
    e.recipients,
    e.peer,
    e.code,
    e.reason,
    e.ref,
    e.prevHash,
  ]);
}

export function entryHash(e: Omit<AuditEntry, 'hash'>): string {
  return createHash('sha256').update(canonicalEntry(e)).digest('hex');
}

/**
 * The next entry of a chain whose newest entry is `head` (null: an empty log). On every commit's
 * path: one object literal, no spreads (V8 builds spread objects several times slower).
 */
export function chainEntry(head: { seq: number; hash: string } | null, atMs: number, record: AuditRecord): AuditEntry {
  const r = boundRecord(record);
  const e: AuditEntry = {
    seq: (head?.seq ?? 0) + 1, atMs, event: r.event, messageId: r.messageId, kind: r.kind, sender: r.sender,
    recipients: r.recipients, peer: r.peer, code: r.code, reason: r.reason, ref: r.ref,
    prevHash: head?.hash ?? GENESIS_HASH, hash: '',
  };
  e.hash = entryHash(e);
  return e;
}
