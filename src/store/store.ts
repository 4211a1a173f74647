/**
 * The node's durable store, behind domain verbs. No database handle or transaction leaks out.
 *
 * Every write verb returns a promise that resolves only after the write is durably committed
 * (SQLite WAL with synchronous=FULL: it survives a power cut). Writes issued in the same event-loop
 * turn share one commit (group commit), so concurrent documents cost one fsync together.
 * Read verbs are synchronous snapshots.
 */
import type { AuditCheckpoint } from '../audit/audit-checkpoint.js';
import type { MissingCheckpoint, UnsignedEntries } from '../audit/audit-checkpoint-policy.js';
import type { LostEntries } from '../audit/audit-head-loss.js';
import type {
  AgencyCode,
  Hop,
  InboxItem,
  Message,
  OutboxEntry,
  OutboxState,
  RecipientState,
  RouteDecision,
  StatusReport,
  Transfer,
} from '../domain/types.js';

/** What a reroute did: entries changed, recipients moved (to another next hop or an inbox here), those delivered here, and those no route covers now. */
export interface RerouteResult {
  entries: number;
  moved: number;
  delivered: AgencyCode[];
  unroutable: { id: number; recipient: AgencyCode; reason: string }[];
}

/** One message to take in, with the routing decision for each of the recipients it came with. */
export interface AcceptItem {
  message: Message;
  /** The path so far, this node's own hop last. */
  trace: Hop[];
  /** Peer code, agency code or "local" (generated here). */
  receivedFrom: string;
  /** One decision per recipient carried by this copy. */
  routes: RouteDecision[];
  nowMs: number;
  /**
   * When this copy's outbox entries expire, if later than the message's own expiry (an operator
   * requeued the copy upstream). The message itself, which its sender signed, is never changed.
   */
  expiresAtMs?: number;
  /**
   * Next hops whose link takes this copy as soon as it commits: its entries for them are created
   * in flight (leased, one attempt) and returned in `leased`, so no separate lease reads them back.
   */
  sendNow?: ReadonlySet<string>;
}

export interface AcceptResult {
  messageId: string;
  /** True when every recipient of this copy was already known: nothing new was stored. */
  duplicate: boolean;
  /** Recipients first seen in this call (the only ones routed). */
  newRecipients: AgencyCode[];
  /** The decisions that took effect (for newRecipients only). */
  applied: RouteDecision[];
  /** Entries created in flight for the item's `sendNow` hops, with what to send. */
  leased: Transfer[];
}

/**
 * Builds the follow-up messages (non-delivery reports) for entries that expire or fail.
 * Called inside the store's write, so it must be pure and fast.
 */
export type FollowUp = (entry: OutboxEntry, envelope: Message) => AcceptItem[];

export interface OutboxQuery {
  nextHop?: string;
  state?: OutboxState;
  limit?: number;
}

export interface OutboxDepth {
  nextHop: string;
  queued: number;
  inflight: number;
  held: number;
  failed: number;
  expired: number;
  /** createdAtMs of the oldest queued/inflight/held entry, or 0. */
  oldestMs: number;
}

/** An agency's unacknowledged inbox items. */
export interface AgencyBacklog {
  agency: AgencyCode;
  items: number;
  /** deliveredAtMs of the oldest. */
  oldestMs: number;
}

export interface StoredMessage {
  message: Message;
  trace: Hop[];
  receivedFrom: string;
  acceptedAtMs: number;
}

export type CounterName =
  | 'accepted'
  | 'forwarded'
  | 'delivered'
  | 'expired'
  | 'failed'
  | 'refused'
  | 'duplicates'
  /** Recipients no route covers here (a non-delivery report went back). */
  | 'undeliverable';

/** A document, status or transfer refused at this node's edge: nothing else about it was stored. */
export interface RefusalRecord {
  /** Who tried: the peer node's code, or the agency's. */
  peer: string;
  /** As claimed by the refused input ('' when it could not be read). */
  messageId: string;
  sender: string;
  /** 'document' or 'status', and the recipients, when the refused input told them ('' and [] otherwise). */
  kind?: string;
  recipients?: string[];
  /** Stable error code (SENDER_NOT_ALLOWED, INVALID_DOCUMENT...) and the message sent back. */
  code: string;
  reason: string;
  nowMs: number;
}

export interface Store {
  /**
   * Takes in messages atomically. For each item: stores the message once (by id); records each
   * recipient not already known for that message; for the new ones, 'local' decisions create an
   * inbox item, 'forward' decisions are grouped by next hop into one outbox entry each (state
   * queued, due now), 'undeliverable' ones mark the recipient failed. Known recipients are ignored.
   * Resolves once the commit is durable. `committed`, if given, gets the results as soon as the
   * commit is visible, before it is durable: for passing copies on to next hops early (safe: the
   * sender still holds each message until the durable result, and next hops de-duplicate).
   */
  accept(items: AcceptItem[], committed?: (results: AcceptResult[]) => void): Promise<AcceptResult[]>;

  /**
   * Leases up to `limit` queued entries for `nextHop` that are due at `nowMs`, highest priority
   * first then oldest, and no more than `maxBytes` of bodies (but always one when any is due); they
   * become inflight and their attempts grow by one. Sees committed entries
   * only. A lease need not be durable (recoverInflight undoes it after a crash), so an
   * implementation may commit it without syncing, off the latency path.
   */
  leaseDue(nextHop: string, nowMs: number, limit: number, maxBytes?: number): Promise<Transfer[]>;

  /**
   * The next hop acknowledged these entries: remove them, mark their recipients forwarded. May be
   * lost in a crash (the entries are then sent again and the next hop drops the duplicates).
   */
  markDelivered(entryIds: number[], nowMs: number): Promise<void>;

  /** Back to queued with a next attempt time (transient failure or link lost). */
  reschedule(entryIds: number[], nextAttemptAtMs: number, error: string): Promise<void>;

  /**
   * Permanent failure: entries become failed with the reason; their recipients failed; the
   * follow-up items (non-delivery reports) are accepted in the same commit.
   */
  fail(entryIds: number[], errorCode: string, reason: string, nowMs: number, followUp: FollowUp): Promise<void>;

  /**
   * Every queued or held entry whose expiry is at or before `nowMs` becomes expired, its recipients
   * expired, and the follow-up items are accepted in the same commit. Returns the expired entries.
   */
  expireDue(nowMs: number, followUp: FollowUp): Promise<OutboxEntry[]>;

  /** After a restart: entries left inflight go back to queued, due now. Returns how many. */
  recoverInflight(nowMs: number): Promise<number>;

  /** Operator verbs. Each returns how many entries changed. */
  hold(ids: number[]): Promise<number>;
  release(ids: number[]): Promise<number>;
  /** failed/expired/held/queued entries back to queued, due now, expiry pushed to now + extendMs. */
  requeue(ids: number[], nowMs: number, extendMs: number): Promise<number>;
  /**
   * Routes the recipients of queued, held, failed or expired entries again by `route` (reroute.ts):
   * moved to another next hop or into an inbox here; those that stay are queued and due now.
   */
  reroute(ids: number[], route: (recipient: AgencyCode) => RouteDecision, nowMs: number, extendMs: number): Promise<RerouteResult>;
  /** queued entries made due now. Empty ids = every queued entry (of nextHop, when given). */

  flush(ids: number[], nowMs: number, nextHop?: string): Promise<number>;
  remove(ids: number[], followUp?: FollowUp): Promise<number>;
  /** Entry ids matching a next hop (empty = all), for operator verbs without explicit ids. */
  entryIds(nextHop: string, states: OutboxState[]): number[];

  /** Inbox items of `agency` with seq greater than `afterSeq`, oldest first. */
  inbox(agency: AgencyCode, afterSeq: number, limit: number, includeAcknowledged: boolean): InboxItem[];

  /**
   * The agency acknowledges these messages: their inbox items become acknowledged and their
   * recipient state too; the follow-up items (status 01) are accepted in the same commit.
   * Returns the ids that were newly acknowledged.
   */
  acknowledge(
    agency: AgencyCode,
    messageIds: string[],
    nowMs: number,
    followUp: (item: InboxItem) => AcceptItem[],
  ): Promise<string[]>;

  message(id: string): StoredMessage | null;
  recipients(messageId: string): RecipientState[];
  /**
   * The latest document with this edXML DocumentId (see documentKeyOf) that `agency` sent or
   * received here, sent by `issuer` when one is given, other than the message `except`, or null.
   */
  documentByEdxmlId(documentId: string, agency: AgencyCode, issuer?: AgencyCode, except?: string): string | null;
  /** Status reports about `refMessageId` that were accepted at this node. */
  statusesFor(refMessageId: string): StatusReport[];
  outbox(query: OutboxQuery): OutboxEntry[];
  outboxDepths(): OutboxDepth[];
  counters(): Record<CounterName, number>;
  /** Adds to a counter inside the next commit. */
  count(name: CounterName, by: number): void;

  /**
   * Appends a 'refused' entry to the audit log inside the next commit (like count()), for permanent
   * refusals only (`isAuditedRefusal`: a transient one is retried and its acceptance recorded). Never
   * throws: a refusal that arrives while the store closes is lost with the commit it would have joined.
   */
  recordRefusal(refusal: RefusalRecord): void;
  /** The newest committed audit entry, or null while the log is empty. */
  auditHead(): { seq: number; hash: string } | null;
  /** The seq the newest audit checkpoint covers, or 0 without one. */
  auditCheckpointedSeq(): number;
  /**
   * The node code the newest audit checkpoint was signed for, or null without one: the node whose
   * store this is (a node started with another code on it would sign a log that no longer verifies).
   */
  auditCheckpointNode(): string | null;
  /** Records a signed checkpoint of the audit log, with the certificate that verifies it. */
  recordAuditCheckpoint(checkpoint: AuditCheckpoint, certificatePem: string): Promise<void>;
  /**
   * The entries after the newest audit checkpoint (all of them without one) and after the newest
   * 'unsigned-found' entry that recorded them, or null when there are none.
   */
  auditUnsigned(): UnsignedEntries | null;
  /** Appends the 'unsigned-found' entry for `found` (see AUDIT_EVENTS), in a commit of its own. */
  recordAuditUnsigned(found: MissingCheckpoint, nowMs: number): Promise<void>;
  /** The hash of audit entry `seq`, or null when the log has no such entry. */
  auditHashAt(seq: number): string | null;
  /** True when an 'entries-lost' entry already records the loss of entry `seq` signed with `hash`. */
  auditLossRecorded(seq: number, hash: string): boolean;
  /** Appends the 'entries-lost' entry for `lost` (see AUDIT_EVENTS), in a commit of its own. */
  recordAuditLost(lost: LostEntries, nowMs: number): Promise<void>;
  unacknowledgedInbox(): number;
  /** Unacknowledged inbox items per agency, with the delivery time of the oldest, by agency code. */
  unacknowledgedByAgency(): AgencyBacklog[];
  /** False when new messages would be refused (store full, closed, failed): health reports NOT_SERVING. */
  canAccept(): boolean;
  /** Why new documents are refused for lack of space (maxStoreBytes reached, or the disk full), or null. */
  fullReason(): string | null;
  /**
   * Why the store refuses every write until the node restarts (its write-ahead log could not be
   * synced to disk), or null while it works.
   */
  writeFault(): string | null;

  /**
   * SHA-256 of every attachment file a message still needs here, or stopped needing at or after
   * `releasedSinceMs` (kept for the retention): the files attachment collection must keep.
   */
  attachmentsInUse(releasedSinceMs: number): Set<string>;
  /** Whether any message held here refers to the file (whatever its state): it is not an orphan. */
  attachmentReferenced(sha256: string): boolean;

  /** Deletes messages older than `beforeMs` that no outbox entry or unacknowledged inbox item needs. */
  purge(beforeMs: number): Promise<number>;

  /** Gives back the memory of the page cache (an idle node: it fills again as work returns). */
  releaseCache(): void;

  close(): void;
}
