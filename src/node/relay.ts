/**
 * The relay core of one node: takes documents in (from its agencies or from peers), routes every
 * recipient, commits, and produces the statuses that go back to senders. Links and services call
 * these verbs; it never touches a socket. Events: 'outbox' (nextHop) when entries are queued for a
 * peer, 'inbox' (agency) when an item lands in a local inbox.
 */
import { LogThrottle } from '../domain/log-throttle.js';
import { EventEmitter } from 'node:events';
import type { Logger } from 'pino';
import { isValidCode } from '../domain/agency-code.js';
import { checkMessageId, isMessageId, normalMessageId } from '../domain/ids.js';
import { buildDocument, sha256Hex, type SendInput } from '../domain/envelope.js';
import { foreignMessage, LienthongError, unknownMessage } from '../domain/errors.js';
import { resolveRoute, type RouteTable } from '../domain/route-table.js';
import { signedForm } from '../domain/signed-form.js';
import type { SkippedRecipient } from '../domain/recall-reach.js';
import { resendRoutes, type ResendRoute } from '../domain/resend-answer.js';
import { buildNonDelivery, statusMismatch } from '../domain/status-message.js';
import type { Clock, EdxmlStatusInfo, Hop, InboxItem, Message, OutboxEntry, RecipientState, RouteDecision, StatusReport } from '../domain/types.js';
import type { Signatures } from '../signing/document-signatures.js';
import type { AttachmentStore } from '../store/attachment-store.js';
import type { AcceptItem, AcceptResult, FollowUp, RerouteResult, Store, StoredMessage } from '../store/store.js';
import { claimSlots, giveBack, type DirectLinks } from './direct-links.js';
import { checkTransfer, hopTimeNote, mayHandOver, type IncomingTransfer, type PeerContext } from './peer-transfer.js';
import { sameContent, sameRecipients } from './same-message.js';
import { acknowledgement, agencyStatuses, checkReason, updateCode } from './status-updates.js';

export interface RelayLimits {
  maxDocumentBytes: number;
  /** Largest inline body an agency sends here (limits.maxBodyBytes); none when not given. */
  maxBodyBytes?: number;
  expirySeconds: number;
  maxHops: number;
}

export interface SubmitResult {
  messageId: string;
  duplicate: boolean;
  routes: RouteDecision[];
  /** A duplicate: what became of the copy held here, per recipient (null: the store knows too little). */
  earlier?: ResendRoute[] | null;
}

export interface StatusUpdateResult {
  statusMessageIds: string[];
  /** The same statuses were sent before: nothing new went out. */
  alreadySent: boolean;
  /** Recipients a recall was not sent to, as their copy failed for good (none for other codes). */
  skipped: SkippedRecipient[];
}

export interface TraceView {
  nodeCode: string;
  stored: StoredMessage;
  recipients: RecipientState[];
  statuses: StatusReport[];
}

/** Decisions depend only on the (immutable) table and the code: remember the recent ones. */
const ROUTE_CACHE_SIZE = 10_000;
/** Recipients one altered file is reported for (an offer's list is the peer's word). */
const MAX_REPORTED = 1000;

export class Relay extends EventEmitter {
  draining = false;
  /** Set by the node once its links exist; without it every entry is queued. */
  direct: DirectLinks | null = null;
  /** Set by the node: why copies for a next hop wait while its link is not up (trace). */
  linkNote: ((hop: string) => string | null) | null = null;
  private readonly routeCache = new Map<string, RouteDecision>();
  /** One HOP_TIME_ODD line per peer a minute: a wrong clock stamps every copy. */
  private readonly hopTimeLines: LogThrottle;

  constructor(
    readonly self: string,
    private readonly store: Store,
    private readonly routes: RouteTable,
    private readonly limits: RelayLimits,
    private readonly now: Clock,
    private readonly log: Logger,
    private readonly files: AttachmentStore,
    private readonly signatures: Signatures,
  ) {
    super();
    this.setMaxListeners(0);
    this.hopTimeLines = new LogThrottle(60_000, now);
  }

  get routeTable(): RouteTable {
    return this.routes;
  }

  /** An agency attached here (already authenticated as `input.from`) sends a document. */
  async submit(input: SendInput): Promise<SubmitResult> {
    this.refuseWhileDraining();
    const nowMs = this.now();
    const message = buildDocument(input, this.limits, nowMs);
    this.checkFiles(message);
    const existing = this.store.message(message.id);
    if (existing) {
      if (!sameContent(existing.message, message)) {
        throw new LienthongError('INVALID_ARGUMENT', `message id ${message.id} is already used by another document (its sender, header, text or files differ): send this one under a new id`);
      }
      if (!sameRecipients(existing.message.to, message.to)) {
        throw new LienthongError('INVALID_ARGUMENT', `message ${message.id} was sent to ${existing.message.to.join(', ')}: a document's recipients cannot change after it is sent; send it to the others under a new id`);
      }
      // What became of the copy held here (delivered, passed on, still queued...), not where a new one would go.
      return this.resent(message.id, existing.message.to);
    }
    if (message.signature) await this.signatures.verify(message, true);
    else message.signature = await this.signatures.sign(message);
    const trace = [{ nodeCode: this.self, atMs: nowMs }];
    const [result] = await this.commit(this.itemsFor(message, message.to, trace, message.from, nowMs));
    return result!.duplicate ? this.resent(message.id, message.to) : { messageId: message.id, duplicate: false, routes: result!.applied };
  }

  /**
   * The envelope `input` would get here, built and checked as submit builds it with the id (when
   * given) and times the agency's software is to sign, and the bytes it signs. Nothing is kept, and
   * the files it names need not be held (SendEdxmlOptions.form_only hashes them without storing).
   */
  formToSign(input: SendInput): { messageId: string; signedForm: Buffer } {
    const message = buildDocument({ ...input, toSign: true }, this.limits, this.now());
    return { messageId: message.id, signedForm: signedForm(message) };
  }

  private resent(messageId: string, to: readonly string[]): SubmitResult {
    return { messageId, duplicate: true, routes: this.routesOf(to), earlier: resendRoutes(to, this.store.recipients(messageId)) };
  }

  /** A peer hands over one copy. Resolves once committed; throws a LienthongError to refuse it. */
  async receiveTransfer(peer: PeerContext, t: IncomingTransfer): Promise<AcceptResult> {
    this.refuseWhileDraining();
    const nowMs = this.now();
    checkTransfer(peer, t, this.self, this.limits);
    const clockNote = hopTimeNote(peer, t, nowMs);
    const line = clockNote ? this.hopTimeLines.take(peer.code) : null;
    if (clockNote && line) this.log.warn({ code: 'HOP_TIME_ODD', peer: peer.code, messageId: t.message.id, heldBack: line.suppressed }, clockNote);
    const m = t.message;
    // Its files are held from the check until the commit: nothing may delete them meanwhile (an
    // orphan clean-up, the retention given up under space pressure) while the signature is checked.
    const letGo = m.attachments.length > 0 ? this.files.hold(m.attachments.map((a) => a.sha256)) : null;
    try {
      return await this.takeTransfer(peer, t);
    } finally {
      letGo?.();
    }
  }

  private async takeTransfer(peer: PeerContext, t: IncomingTransfer): Promise<AcceptResult> {
    const m = t.message;
    this.checkFiles(m);
    const held = this.store.message(m.id);
    if (held && (!sameContent(held.message, m) || !sameRecipients(held.message.to, m.to))) {
      throw new LienthongError('INVALID_DOCUMENT', `message id ${m.id} already names a different message on node ${this.self}: ids must be unique; send under a new id`);
    }
    if (held && this.holdsAll(m.id, t.recipients)) {
      // A copy resent after its acknowledgement was lost (a cut link, a power cut at the sender):
      // nothing of it is used, so it is acknowledged as held without checking its signature again
      // (the held copy was checked; a signer revoked since must not turn a delivered document into
      // a non-delivery report).
      this.store.count('duplicates', 1);
      return { messageId: m.id, duplicate: true, newRecipients: [], applied: [], leased: [] };
    }
    if (m.kind === 'status') this.checkStatusAbout(peer, m);
    await this.verifyFromPeer(peer, t);
    const nowMs = this.now();
    const trace = [...t.trace, { nodeCode: this.self, atMs: nowMs }];
    const items = this.itemsFor(m, t.recipients, trace, peer.code, nowMs);
    // A copy requeued upstream may live longer than the signed expiry says; the transfer's expiry is
    // unsigned, so it is held to what this node would give a document arriving now.
    if (t.expiresAtMs && t.expiresAtMs > m.expiresAtMs) items[0]!.expiresAtMs = Math.min(t.expiresAtMs, nowMs + this.limits.expirySeconds * 1000);
    const [result] = await this.commit(items);
    return result!;
  }

  /** A status about a document held here must fit it: from one of its recipients to its sender, or a recall from its sender. */
  private checkStatusAbout(peer: PeerContext, m: Message): void {
    const ref = m.status?.refMessageId;
    const doc = ref ? this.store.message(ref) : null;
    if (!doc || doc.message.kind !== 'document') return;
    const mismatch = statusMismatch(m, doc.message);
    if (mismatch) throw new LienthongError('SENDER_NOT_ALLOWED', `status ${m.id} (${m.status!.code}) from ${m.from}, handed over by ${peer.code}: ${mismatch}`);
  }

  /**
   * Checks the signature of a copy from a peer, and that its body is the one signed for. When either
   * fails, the peer (which may be the node that altered it) is refused, and this node itself reports
   * to the sender where the check failed.
   */
  private async verifyFromPeer(peer: PeerContext, t: IncomingTransfer): Promise<void> {
    try {
      const m = t.message;
      if (m.kind === 'document' && sha256Hex(m.body) !== m.bodySha256) {
        throw new LienthongError('SIGNATURE_INVALID', `message ${m.id}: its body does not match the SHA-256 its sender signed (altered or damaged on the way)`);
      }
      await this.signatures.verify(m);
    } catch (err) {
      if (!(err instanceof LienthongError) || err.code !== 'SIGNATURE_INVALID') throw err;
      const nowMs = this.now();
      const reason = `signature check failed at node ${this.self} (copy received from ${peer.code}): ${err.message}`;
      this.log.warn({ messageId: t.message.id, peer: peer.code, from: t.message.from, reason: err.message }, 'signature check failed: copy refused, non-delivery report to the sender');
      const reports = buildNonDelivery(t.message, t.recipients, err.code, reason, this.self, nowMs, this.limits.expirySeconds);
      if (reports.length > 0) await this.commit(reports.flatMap((r) => this.itemsFor(r, r.to, [{ nodeCode: this.self, atMs: nowMs }], 'local', nowMs)));
      throw new LienthongError('SIGNATURE_INVALID', reason);
    }
  }

  /**
   * A file from `peer` did not match its SHA-256: the document its offer named is refused here, and
   * this node tells the document's sender, naming itself as where the check failed (the peer, which
   * may be the node that altered it, sends no report: refuserReports). The offer's sender and
   * recipients are the peer's word, as statuses travel unsigned, so they are held to what the peer
   * may hand over: a sender this peer may send for (as for a transfer), at most MAX_REPORTED
   * recipients this node routes. Resolves true once the report is durable, false when there is none
   * to make (the peer then reports, as for any corrupt file).
   */
  async reportAlteredFile(peer: PeerContext, offer: { messageId: string; sender: string; recipients: string[] }, reason: string): Promise<boolean> {
    const refuse = (why: string): false => {
      this.log.warn({ peer: peer.code, messageId: offer.messageId, sender: offer.sender }, `altered file: no report from this node (${why})`);
      return false;
    };
    if (!isMessageId(offer.messageId) || !isValidCode(offer.sender)) return refuse('the offer names no document and sender to tell');
    if (!mayHandOver(peer, offer.sender)) {
      return refuse(`${peer.code} (${peer.role}) may not hand over documents from ${offer.sender}`);
    }
    const recipients = [...new Set(offer.recipients)].filter((r) => isValidCode(r) && this.route(r).kind !== 'undeliverable').slice(0, MAX_REPORTED);
    if (recipients.length === 0) return refuse('the offer names no recipient this node routes');
    const nowMs = this.now();
    const about = { id: offer.messageId, kind: 'document' as const, from: offer.sender, priority: 0 as const };
    const reports = buildNonDelivery(about, recipients, 'ATTACHMENT_ALTERED', `checked at node ${this.self}: ${reason}`, this.self, nowMs, this.limits.expirySeconds);
    await this.commit(reports.flatMap((r) => this.itemsFor(r, r.to, [{ nodeCode: this.self, atMs: nowMs }], 'local', nowMs)));
    return true;
  }

  /** `recipients` grouped by the next hop that carries them (recipients delivered here or unknown left out). */
  recipientsByHop(recipients: readonly string[]): Map<string, string[]> {
    const byHop = new Map<string, string[]>();
    for (const r of recipients) {
      const d = this.route(r);
      if (d.kind === 'forward') byHop.set(d.nextHop, [...(byHop.get(d.nextHop) ?? []), r]);
    }
    return byHop;
  }

  /**
   * The agency confirms it has stored these inbox messages; status 01 goes back for documents.
   * Returns the ids acknowledged now, as the caller spelt them. An id not in its inbox (unknown,
   * acknowledged before, or no message id at all) is left out of the answer, never failing the rest:
   * an agency that retries a batch gets it through. An empty list acknowledges nothing.
   * `edxml` and `reason`: the status package 01 that acknowledged them and its Description,
   * carried with each status.
   */
  async acknowledge(agency: string, messageIds: string[], edxml?: EdxmlStatusInfo, reason = ''): Promise<string[]> {
    const given = new Map<string, string>();
    for (const id of messageIds) {
      const kept = normalMessageId(id);
      if (kept !== null && !given.has(kept)) given.set(kept, id);
    }
    if (given.size === 0) return [];
    const nowMs = this.now();
    const update = { agency, reason, edxml, nowMs, expirySeconds: this.limits.expirySeconds };
    const followUp = (item: InboxItem): AcceptItem[] => {
      const status = acknowledgement(item, update);
      return status ? this.itemsFor(status, status.to, [{ nodeCode: this.self, atMs: nowMs }], 'local', nowMs) : [];
    };
    const done = await this.store.acknowledge(agency, [...given.keys()], nowMs, followUp);
    this.emitAll();
    return done.map((id) => given.get(id) ?? id);
  }

  /**
   * A processing status from an attached agency about a document it sent (13) or received. A recall
   * goes only to the recipients the document can still reach; `skipped` names the others and why.
   * `edxml`: the status package it came in, carried with each status.
   */
  async updateStatus(agency: string, messageId: string, codeText: string, reason: string, edxml?: EdxmlStatusInfo): Promise<StatusUpdateResult> {
    this.refuseWhileDraining();
    messageId = checkMessageId(messageId, 'message_id');
    const code = updateCode(codeText);
    reason = checkReason(reason, edxml ? 'edXML Status/Description' : 'reason');
    const stored = this.store.message(messageId);
    if (!stored || stored.message.kind !== 'document') throw unknownMessage(messageId, this.self, 'document');
    const nowMs = this.now();
    const update = { agency, reason, edxml, nowMs, expirySeconds: this.limits.expirySeconds };
    const held = (id: string) => this.store.message(id) !== null;
    const { statuses, skipped } = agencyStatuses(stored, code, this.store.recipients(messageId), () => this.store.statusesFor(messageId), update, this.self, held);
    const alreadySent = statuses.every((s) => held(s.id));
    const trace = [{ nodeCode: this.self, atMs: nowMs }];
    if (!alreadySent) await this.commit(statuses.flatMap((s) => this.itemsFor(s, s.to, trace, 'local', nowMs)));
    return { statusMessageIds: statuses.map((s) => s.id), alreadySent, skipped };
  }

  /**
   * Operator reroute (`lienthong outbox reroute`): the recipients of these outbox entries routed
   * again by the current table; Receive streams hear of copies now delivered here.
   */
  async reroute(ids: number[], extendMs: number): Promise<RerouteResult> {
    const r = await this.store.reroute(ids, (recipient) => this.route(recipient), this.now(), extendMs);
    for (const agency of r.delivered) this.emit('inbox', agency);
    return r;
  }

  trace(messageId: string, agency?: string): TraceView {
    messageId = checkMessageId(messageId, 'message_id');
    const stored = this.store.message(messageId);
    if (!stored) throw unknownMessage(messageId, this.self);
    const m = stored.message;
    if (agency && m.from !== agency && !m.to.includes(agency)) {
      throw foreignMessage(messageId, this.self, agency);
    }
    // A copy queued while its link was already down has no error of its own: say what it waits for.
    const recipients = this.store.recipients(messageId).map((r) => {
      const note = r.state === 'queued' && r.detail === '' && r.nextHop !== '' ? this.linkNote?.(r.nextHop) : null;
      return note ? { ...r, detail: note } : r;
    });
    return { nodeCode: this.self, stored, recipients, statuses: this.store.statusesFor(messageId) };
  }

  /** Follow-up for entries that fail or expire: non-delivery reports to the sender. */
  readonly nonDeliveryFollowUp = (errorCode: string, reason: string): FollowUp => {
    return (entry: OutboxEntry, m: Message): AcceptItem[] => {
      const nowMs = this.now();
      const detail = `${reason} (at node ${this.self}, next hop ${entry.nextHop})`;
      const reports = buildNonDelivery(m, entry.recipients, errorCode, detail, this.self, nowMs, this.limits.expirySeconds);
      if (reports.length === 0) this.log.warn({ messageId: m.id, errorCode }, 'status message undeliverable, dropped');
      return reports.flatMap((r) => this.itemsFor(r, r.to, [{ nodeCode: this.self, atMs: nowMs }], 'local', nowMs));
    };
  };

  /** Called by the store's writers after expiry/failure commits to wake links and inboxes. */
  notifyAll(): void {
    this.emitAll();
  }

  /** Next hops of these recipients from here (a relay passes a file on to them as it arrives). */
  nextHopsFor(recipients: readonly string[]): string[] {
    const hops = new Set<string>();
    for (const r of recipients) {
      const d = this.route(r);
      if (d.kind === 'forward') hops.add(d.nextHop);
    }
    return [...hops];
  }

  /** Whether every one of `recipients` of message `id` is already recorded here. */
  private holdsAll(id: string, recipients: readonly string[]): boolean {
    const known = new Set(this.store.recipients(id).map((r) => r.recipient));
    return recipients.every((r) => known.has(r));
  }

  /** Every file of the message must be held here, verified, before the message is taken in. */
  private checkFiles(m: Message): void {
    for (const a of m.attachments) {
      if (!this.files.has(a.sha256)) {
        throw new LienthongError('ATTACHMENT_MISSING', `message ${m.id}: file "${a.attachmentName}" (${a.sha256}) is not held on node ${this.self}: send the file before the document`);
      }
    }
  }

  private refuseWhileDraining(): void {
    if (this.draining) throw new LienthongError('SHUTTING_DOWN', `node ${this.self} is shutting down: try again shortly`);
  }

  /** The accept item for `m`, plus non-delivery reports for recipients that cannot be routed. */
  private itemsFor(m: Message, recipients: string[], trace: Hop[], receivedFrom: string, nowMs: number): AcceptItem[] {
    const routes = this.routesOf(recipients);
    const items: AcceptItem[] = [{ message: m, trace, receivedFrom, routes, nowMs }];
    for (const d of routes) {
      if (d.kind !== 'undeliverable') continue;
      this.store.count('undeliverable', 1);
      this.log.info({ messageId: m.id, recipient: d.recipient, code: d.errorCode, reason: d.reason }, 'recipient undeliverable: non-delivery report to the sender');
      for (const ndr of buildNonDelivery(m, [d.recipient], d.errorCode, d.reason, this.self, nowMs, this.limits.expirySeconds)) {
        items.push(...this.itemsFor(ndr, ndr.to, [{ nodeCode: this.self, atMs: nowMs }], 'local', nowMs));
      }
    }
    return items;
  }

  private routesOf(recipients: readonly string[]): RouteDecision[] {
    return recipients.map((r) => this.route(r));
  }

  private route(recipient: string): RouteDecision {
    let d = this.routeCache.get(recipient);
    if (!d) {
      d = resolveRoute(this.routes, recipient);
      if (this.routeCache.size >= ROUTE_CACHE_SIZE) this.routeCache.clear();
      this.routeCache.set(recipient, d);
    }
    return d;
  }

  /**
   * Commits `items`; resolves once the commit is durable. Copies go to their next hops as soon as the
   * commit is visible, without waiting for its sync (≈ 1–9 ms under load, mostly waiting for a busy
   * event loop): the sender still holds each message until this node's durable answer, so a crash
   * before the sync loses nothing (the sender sends it again and the next hop de-duplicates it).
   * Inboxes are told only once it is durable: an agency must never read a document this node could
   * still lose.
   */
  private async commit(items: AcceptItem[]): Promise<AcceptResult[]> {
    const slots = claimSlots(this.direct, items);
    const passOn = (results: AcceptResult[]): void => {
      results.forEach((r, i) => {
        const byHop = slots[i];
        for (const t of r.leased) {
          byHop?.get(t.entry.nextHop)?.send(t);
          byHop?.delete(t.entry.nextHop);
        }
        giveBack(byHop);
        this.emitOutbox(r);
      });
    };
    let results: AcceptResult[];
    try {
      results = await this.store.accept(items, passOn);
    } catch (err) {
      for (const byHop of slots) giveBack(byHop);
      throw err;
    }
    for (const r of results) this.emitInbox(r);
    return results;
  }

  private emitAll(): void {
    this.emit('outbox', null);
    this.emit('inbox', null);
  }

  /** Wakes the links of the hops the result queued entries for. */
  private emitOutbox(result: AcceptResult): void {
    for (const d of result.applied) {
      // An entry sent at once is already in its link's hands: nothing was queued for that hop.
      if (d.kind === 'forward' && !result.leased.some((t) => t.entry.nextHop === d.nextHop)) this.emit('outbox', d.nextHop);
    }
  }

  private emitInbox(result: AcceptResult): void {
    for (const d of result.applied) if (d.kind === 'local') this.emit('inbox', d.recipient);
  }
}
