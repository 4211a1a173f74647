/**
 * One established link, after the Hello exchange. Symmetric: both ends run the same session.
 * Outgoing: leases due outbox entries for the peer and sends them, keeping at most `window` transfers
 * (and about `maxInflightBytes`) unacknowledged. Incoming: hands each transfer to the relay and
 * acknowledges it only once committed; acks of one event-loop turn share one frame.
 */
import { MAX_BODY_BYTES } from '../domain/envelope.js';
import type { Logger } from 'pino';
import type { LinkFrame, LinkFrame__Output } from '../gen/lienthong/v1/LinkFrame.js';
import type { NodeSummary } from '../gen/lienthong/v1/NodeSummary.js';
import type { Transfer as Transfer__pb } from '../gen/lienthong/v1/Transfer.js';
import type { TransferAck } from '../gen/lienthong/v1/TransferAck.js';
import { backoffDelayMs, type BackoffPolicy } from '../domain/retry-schedule.js';
import { asLienthongError } from '../domain/errors.js';
import { LogThrottle } from '../domain/log-throttle.js';
import type { Clock, OutboxEntry, Transfer } from '../domain/types.js';
import { peerRefusal, refuserReports } from '../domain/status-message.js';
import type { LinkMetrics } from '../node/metrics.js';
import type { RefusalSink } from '../node/refusals.js';
import type { Relay } from '../node/relay.js';
import type { DirectSlot } from '../node/direct-links.js';
import { mayHandOver, type PeerContext } from '../node/peer-transfer.js';
import type { AttachmentStore } from '../store/attachment-store.js';
import type { Store } from '../store/store.js';
import { hopFromPb, hopToPb, messageFromPb, messageToPb } from '../service/wire.js';
import { AttachmentReceiver } from './attachment-receiver.js';
import { AttachmentSender, type FileFor } from './attachment-sender.js';

/** The parts of a grpc-js duplex stream a session uses (client and server streams both fit). */
export interface FrameStream {
  write(frame: LinkFrame): boolean;
  end(): void;
  on(event: 'data', fn: (frame: LinkFrame__Output) => void): unknown;
  on(event: 'end' | 'close' | 'drain', fn: () => void): unknown;
  on(event: 'error', fn: (err: Error) => void): unknown;
  removeAllListeners(event?: string): unknown;
  cancel?: () => void;
  /** Resolves when attachment chunks may be written again without queueing up in the stream. */
  chunkRoom?: () => Promise<void>;
}

export interface SessionOptions {
  peer: PeerContext;
  stream: FrameStream;
  relay: Relay;
  store: Store;
  files: AttachmentStore;
  /** Largest file the node accepts (limits.maxDocumentBytes). */
  maxFileBytes: number;
  window: number;
  maxInflightBytes: number;
  /** The peer reads TransferBatch frames (its Hello said so): transfers of one turn share a frame. */
  peerBatches?: boolean;
  retry: BackoffPolicy;
  now: Clock;
  random: () => number;
  log: Logger;
  metrics?: LinkMetrics;
  /** Where refused transfers are logged, counted by peer and reason, and audited. */
  refusals: RefusalSink;
  /** A peer's summary of its subtree arrived (network view). */
  onReport?: (peer: string, nodes: NodeSummary[]) => void;
  /** The peer offered a file for these recipients: the node may pass it on as it arrives. */
  onFileOffer?: (peer: string, offer: FileFor) => void;
  /** The peer sent the network CA's revocation list (signed bytes, not yet verified). */
  onRevocations?: (peer: string, list: { payload: Buffer; signature: Buffer }) => void;
}

let sessionCounter = 0;

const IDLE_POLL_MS = 1_000;
const LEASE_BATCH = 128;
/** A TransferBatch frame holds at most this many transfers, or about this many body bytes. */
export const FRAME_TRANSFERS = 256;
export const FRAME_BYTES = 1024 * 1024;

/** Pure: why a copy whose body is larger than any node takes in one message is not sent to `peer`. */
export function oversizeBody(peer: string, bytes: number): string {
  return `${peer} was not sent it: its body is ${bytes} bytes, more than the ${MAX_BODY_BYTES} (64 MiB) one message between nodes carries ` +
    '(it was taken under an older, higher limits.maxBodyBytes): the sender should send the file as an attachment';
}

export class LinkSession {
  private readonly inflight = new Map<number, OutboxEntry>();
  private readonly sentAt = new Map<number, number>();
  private inflightBytes = 0;
  /** Places claimed for copies sent as soon as they commit (DirectSlot), and their bytes. */
  private claimed = 0;
  private claimedBytes = 0;
  /**
   * Whether the queue may hold entries due for this peer. A copy is only sent at once when it is
   * not, so it never overtakes documents already waiting. Set by `wake` (something was queued, or
   * the periodic poll); cleared when a lease finds nothing due and nothing was queued meanwhile
   * (`queuedEpoch` unchanged).
   */
  private backlog = true;
  private queuedEpoch = 0;
  private seq = 0;
  private pumping = false;
  private wanted = false;
  private closed = false;
  private draining = false;
  private pendingAcks: TransferAck[] = [];
  private ackFlushScheduled = false;
  /** Transfers of this turn not written yet (to a peer that reads TransferBatch frames). */
  private pendingTransfers: Transfer__pb[] = [];
  private pendingTransferBytes = 0;
  private transferFlushScheduled = false;
  /** What the stream's last write said: false until it drains. */
  private writable = true;
  private incoming = 0;
  private readonly timer: NodeJS.Timeout;
  private closeResolvers: (() => void)[] = [];
  private unrecorded: { what: string; run: () => Promise<unknown> }[] = [];
  private retryTimer: NodeJS.Timeout | null = null;
  private readonly fileSender: AttachmentSender;
  private readonly fileReceiver: AttachmentReceiver;
  readonly openedAtMs: number;
  lastError = '';
  /** One 'forwarding failed' line per error code a minute. */
  private readonly forwardingFailures = new LogThrottle(60_000, () => this.o.now());
  /** What the peer said in its Goodbye frame (it is stopping cleanly), or null. */
  peerSaidGoodbye: string | null = null;
  /** Documents refused on this session because a file of theirs from the peer was altered (counted once each). */
  private readonly alteredDocuments = new Set<string>();

  constructor(private readonly o: SessionOptions) {
    this.openedAtMs = o.now();
    const write = (frame: LinkFrame): boolean => (this.closed ? false : o.stream.write(frame));
    this.fileSender = new AttachmentSender({
      peer: o.peer.code,
      files: o.files,
      write,
      room: () => o.stream.chunkRoom?.() ?? Promise.resolve(),
      log: o.log,
      onSent: (n) => o.metrics?.fileBytes(o.peer.code, 'sent', n),
    });
    this.fileReceiver = new AttachmentReceiver({
      peer: o.peer.code,
      owner: `${o.peer.code}#${++sessionCounter}`,
      files: o.files,
      write,
      log: o.log,
      maxBytes: o.maxFileBytes,
      onReceived: (n) => o.metrics?.fileBytes(o.peer.code, 'received', n),
      onRefused: (code) => o.refusals.fileRefused(o.peer.code, code),
      onOffer: (offer) => o.onFileOffer?.(o.peer.code, offer),
      senderAllowed: (sender) => mayHandOver(o.peer, sender),
      onAltered: (offer, reason) => this.fileAltered(offer, reason),
    });
    o.stream.on('data', (f) => this.onFrame(f));
    o.stream.on('drain', () => {
      this.writable = true;
      this.kick();
    });
    this.timer = setInterval(() => this.wake(), IDLE_POLL_MS);
    this.timer.unref();
  }

  get peer(): string {
    return this.o.peer.code;
  }

  get inflightCount(): number {
    return this.inflight.size;
  }

  get isClosed(): boolean {
    return this.closed;
  }

  /** New entries may be due for this peer. */
  wake(): void {
    this.backlog = true;
    this.queuedEpoch++;
    this.kick();
  }

  /**
   * A place in the window for a copy of `bytes` that will be sent as soon as it commits, when the
   * link is open, has room, and nothing due waits in the queue; null otherwise (queue it).
   */
  claim(bytes: number): DirectSlot | null {
    if (this.closed || this.draining || this.backlog) return null;
    if (this.inflight.size + this.claimed >= this.o.window) return null;
    if (this.inflightBytes + this.claimedBytes + bytes > this.o.maxInflightBytes) return null;
    this.claimed++;
    this.claimedBytes += bytes;
    let open = true;
    const release = (): boolean => {
      if (!open) return false;
      open = false;
      this.claimed--;
      this.claimedBytes -= bytes;
      return true;
    };
    return {
      send: (t) => {
        if (!release()) return;
        if (this.closed) {
          const error = `link to ${this.peer} closed: ${this.lastError}`;
          void this.record([{ what: 'an entry committed for a closed link', run: () => this.o.store.reschedule([t.entry.id], this.o.now(), error) }]);
          return;
        }
        this.send(t);
      },
      cancel: () => {
        if (!release()) return;
        this.maybeSettled();
        this.kick();
      },
    };
  }

  /** Pumps again (the window may have room, or entries may be due). */
  private kick(): void {
    if (this.closed) return;
    if (this.pumping) {
      this.wanted = true;
      return;
    }
    void this.pump();
  }

  private async pump(): Promise<void> {
    this.pumping = true;
    try {
      do {
        this.wanted = false;
        const room = Math.min(this.o.window - this.inflight.size - this.claimed, LEASE_BATCH);
        const bytesLeft = this.o.maxInflightBytes - this.inflightBytes - this.claimedBytes;
        if (room <= 0 || this.draining || bytesLeft <= 0) break;
        const epoch = this.queuedEpoch;
        const transfers = await this.o.store.leaseDue(this.peer, this.o.now(), room, bytesLeft);
        if (this.closed) {
          if (transfers.length) await this.o.store.reschedule(transfers.map((t) => t.entry.id), this.o.now(), 'link closed');
          return;
        }
        let writable = true;
        for (const t of transfers) writable = this.send(t) && writable;
        // A lease always takes one entry when any is due: none means the queue has nothing due for
        // this peer, unless something was queued since the lease began. Asking again after a
        // lease that found entries costs one indexed read (leaseDue's probe), no transaction.
        if (transfers.length === 0 && epoch === this.queuedEpoch) this.backlog = false;
        if (transfers.length > 0 && writable) this.wanted = true;
      } while (this.wanted && !this.closed);
    } catch (err) {
      const e = asLienthongError(err);
      this.lastError = e.message;
      // A store that cannot write (a full disk) fails every lease, about once a second: one error
      // line per code a minute, the stack only when it is no lienthong error (a bug).
      const line = this.forwardingFailures.take(e.code);
      const fields = e.code === 'INTERNAL' ? { err } : { code: e.code, reason: e.message };
      if (line) this.o.log.error({ ...fields, heldBack: line.suppressed }, 'forwarding failed');
      else this.o.log.debug(fields, 'forwarding failed');
    } finally {
      this.pumping = false;
    }
  }

  /** Puts a leased entry in flight and writes it (after its files, if the peer lacks any). */
  private send(t: Transfer): boolean {
    const seq = ++this.seq;
    this.inflight.set(seq, t.entry);
    if (this.o.metrics) this.sentAt.set(seq, performance.now());
    this.inflightBytes += t.entry.size;
    if (t.message.body.length > MAX_BODY_BYTES) {
      // Taken under an older, higher limits.maxBodyBytes: past gRPC's message limit it would end the
      // whole link stream, again at every reconnect. Failed for good instead, with a report.
      void this.onAcks([{ seq, result: 'ACK_RESULT_REFUSED_PERMANENT', errorCode: 'DOCUMENT_TOO_LARGE', errorMessage: oversizeBody(this.peer, t.message.body.length) }]);
      return true;
    }
    const transfer: Transfer__pb = { seq, message: messageToPb(t.message), recipients: t.entry.recipients, trace: t.trace.map(hopToPb), expiresAtMs: t.entry.expiresAtMs };
    const missing = t.message.attachments.filter((a) => !this.fileSender.holds(a.sha256));
    if (missing.length > 0) {
      void this.sendAfterFiles(seq, missing.map((a) => ({ sha256: a.sha256, size: a.size, recipients: t.entry.recipients, messageId: t.message.id, sender: t.message.from })), transfer, t.entry.size);
      return true;
    }
    return this.writeTransfer(transfer, t.entry.size);
  }

  /**
   * Writes a transfer: at once to a peer that reads only single transfers; otherwise with the
   * others of this turn, in one frame. A gRPC stream hands its messages to HTTP/2 one write
   * callback at a time, about one per turn of a busy event loop, so one frame per transfer would
   * cap the link far below what the node carries.
   */
  private writeTransfer(transfer: Transfer__pb, bytes: number): boolean {
    if (this.o.peerBatches !== true) return (this.writable = this.o.stream.write({ transfer }));
    // A transfer that would take the frame past FRAME_BYTES starts a new one: a large body travels
    // alone, and a frame stays under gRPC's message limit (MAX_MESSAGE_BYTES) whatever came before it.
    if (this.pendingTransfers.length > 0 && this.pendingTransferBytes + bytes > FRAME_BYTES) this.flushTransfers();
    this.pendingTransfers.push(transfer);
    this.pendingTransferBytes += bytes;
    if (this.pendingTransfers.length >= FRAME_TRANSFERS || this.pendingTransferBytes >= FRAME_BYTES) return this.flushTransfers();
    if (!this.transferFlushScheduled) {
      this.transferFlushScheduled = true;
      setImmediate(() => {
        this.transferFlushScheduled = false;
        this.flushTransfers();
      });
    }
    return this.writable;
  }

  private flushTransfers(): boolean {
    if (this.closed || this.pendingTransfers.length === 0) return this.writable;
    const transfers = this.pendingTransfers;
    this.pendingTransfers = [];
    this.pendingTransferBytes = 0;
    this.writable = this.o.stream.write(transfers.length === 1 ? { transfer: transfers[0]! } : { transferBatch: { transfers } });
    return this.writable;
  }

  /** Sends a transfer once the peer holds every file of its message (the files go first). */
  private async sendAfterFiles(seq: number, files: FileFor[], transfer: Transfer__pb, bytes: number): Promise<void> {
    try {
      await Promise.all(files.map((f) => this.fileSender.ensure(f)));
      if (this.closed || !this.inflight.has(seq)) return;
      this.writeTransfer(transfer, bytes);
    } catch (err) {
      if (this.closed || !this.inflight.has(seq)) return;
      const e = asLienthongError(err);
      await this.onAcks([
        { seq, result: e.permanent ? 'ACK_RESULT_REFUSED_PERMANENT' : 'ACK_RESULT_REFUSED_TRANSIENT', errorCode: e.code, errorMessage: e.message },
      ]);
    }
  }

  /**
   * A file from the peer did not match its SHA-256: its document is refused here, counted, and its
   * sender told. True once that report is durable; false when this node makes none (the peer is
   * then told ATTACHMENT_CORRUPT and reports itself).
   */
  private async fileAltered(offer: FileFor, reason: string): Promise<boolean> {
    // One refusal per document, however many of its files were altered or sent again.
    if (!offer.messageId || !this.alteredDocuments.has(offer.messageId)) {
      if (this.alteredDocuments.size >= 1000) this.alteredDocuments.delete(this.alteredDocuments.values().next().value!);
      this.alteredDocuments.add(offer.messageId);
      this.o.refusals.refused({ peer: this.peer, edge: 'link', messageId: offer.messageId, sender: offer.sender, code: 'ATTACHMENT_ALTERED', reason });
    }
    try {
      return await this.o.relay.reportAlteredFile(this.o.peer, offer, reason);
    } catch (err) {
      this.o.log.error({ err, messageId: offer.messageId }, 'could not report an altered file to its sender: the peer reports it');
      return false;
    }
  }

  /** Starts passing a file to the peer before its document is here (cut-through). */
  prefetch(offer: FileFor): void {
    if (this.closed || this.draining) return;
    this.fileSender.prefetch(offer);
  }

  private onFrame(f: LinkFrame__Output): void {
    if (this.closed) return;
    if (f.attachmentChunk) this.fileReceiver.onChunk(f.attachmentChunk);
    else if (f.attachmentStatus) {
      // About a file this side sends, or (from the sending side) calling off a file it receives.
      if (!this.fileSender.onStatus(f.attachmentStatus)) this.fileReceiver.onCalledOff(f.attachmentStatus);
    }
    else if (f.attachmentOffer) this.fileReceiver.onOffer(f.attachmentOffer);
    else if (f.transfer) this.onTransfer(f.transfer);
    else if (f.transferBatch) for (const t of f.transferBatch.transfers) this.onTransfer(t);
    else if (f.acks) void this.onAcks(f.acks.acks);
    else if (f.report) this.o.onReport?.(this.peer, f.report.nodes);
    else if (f.revocations) this.o.onRevocations?.(this.peer, { payload: f.revocations.payload, signature: f.revocations.signature });
    else if (f.hello) this.o.log.warn('unexpected Hello on an established link, ignored');
    else if (f.goodbye) this.peerSaidGoodbye = f.goodbye.reason || 'stopping';
  }

  /** Why the link ended, when the peer said Goodbye first: a clean stop, not a failure. */
  static stoppedCleanly(said: string): string {
    return `the peer stopped cleanly (${said}): it is expected back once its operator starts it again`;
  }

  /** Tells the peer this node stops cleanly (see Goodbye in link.proto); before `close`. */
  sayGoodbye(reason: string): void {
    if (this.closed) return;
    try {
      this.o.stream.write({ goodbye: { reason } });
    } catch {
      /* the stream is gone already: the peer sees the link drop */
    }
  }

  private onTransfer(t: NonNullable<LinkFrame__Output['transfer']>): void {
    this.incoming++;
    const seq = t.seq;
    let work: Promise<TransferAck>;
    let kind = '';
    try {
      const message = messageFromPb(t.message);
      kind = message.kind;
      work = this.o.relay
        .receiveTransfer(this.o.peer, { message, recipients: t.recipients, trace: t.trace.map(hopFromPb), expiresAtMs: Number(t.expiresAtMs) })
        .then((r) => ({ seq, result: r.duplicate ? 'ACK_RESULT_DUPLICATE' : 'ACK_RESULT_ACCEPTED' }));
    } catch (err) {
      work = Promise.reject(err);
    }
    work
      .catch((err): TransferAck => {
        const e = asLienthongError(err);
        this.o.refusals.refused({ peer: this.peer, edge: 'link', messageId: t.message?.id ?? '', sender: t.message?.from ?? '', kind, recipients: t.recipients ?? [], code: e.code, reason: e.message });
        return {
          seq,
          result: e.permanent ? 'ACK_RESULT_REFUSED_PERMANENT' : 'ACK_RESULT_REFUSED_TRANSIENT',
          errorCode: e.code,
          errorMessage: e.message,
        };
      })
      .then((ack) => {
        this.incoming--;
        this.queueAck(ack);
        this.maybeSettled();
      });
  }

  private queueAck(ack: TransferAck): void {
    if (this.closed) return;
    this.pendingAcks.push(ack);
    if (this.ackFlushScheduled) return;
    this.ackFlushScheduled = true;
    setImmediate(() => {
      this.ackFlushScheduled = false;
      if (this.closed || this.pendingAcks.length === 0) return;
      const acks = this.pendingAcks;
      this.pendingAcks = [];
      this.o.stream.write({ acks: { acks } });
    });
  }

  private async onAcks(acks: NonNullable<LinkFrame__Output['acks']>['acks']): Promise<void> {
    const delivered: number[] = [];
    const transient: OutboxEntry[] = [];
    const permanent: { entry: OutboxEntry; code: string; reason: string }[] = [];
    for (const a of acks) {
      const entry = this.inflight.get(a.seq);
      if (!entry) continue;
      this.inflight.delete(a.seq);
      this.inflightBytes -= entry.size;
      const sent = this.sentAt.get(a.seq);
      if (sent !== undefined) {
        this.sentAt.delete(a.seq);
        this.o.metrics?.hopLatency(this.peer, (performance.now() - sent) / 1000);
        if (a.result === 'ACK_RESULT_ACCEPTED') this.o.metrics?.forwardedBytes(this.peer, entry.size);
      }
      if (a.result === 'ACK_RESULT_ACCEPTED' || a.result === 'ACK_RESULT_DUPLICATE') delivered.push(entry.id);
      else if (a.result === 'ACK_RESULT_REFUSED_PERMANENT') permanent.push({ entry, code: a.errorCode, reason: a.errorMessage });
      else {
        transient.push(entry);
        this.lastError = `${a.errorCode}: ${a.errorMessage}`;
        // The peer no longer holds a file it confirmed (collected since): offer files again.
        if (a.errorCode === 'ATTACHMENT_MISSING') this.fileSender.forgetAll();
      }
    }
    const writes: { what: string; run: () => Promise<unknown> }[] = [];
    if (delivered.length) {
      writes.push({ what: 'acknowledged entries', run: () => this.o.store.markDelivered(delivered, this.o.now()) });
      if (transient.length === 0) this.lastError = '';
    }
    for (const e of transient) {
      const at = this.o.now() + backoffDelayMs(e.attempts, this.o.retry, this.o.random);
      const error = this.lastError;
      writes.push({ what: 'a refused entry', run: () => this.o.store.reschedule([e.id], at, error) });
    }
    for (const p of permanent) {
      this.o.log.warn({ messageId: p.entry.messageId, code: p.code, reason: p.reason }, 'peer refused message permanently');
      const reason = peerRefusal(this.peer, p.reason);
      const followUp = refuserReports(p.code) ? () => [] : this.o.relay.nonDeliveryFollowUp(p.code, reason);
      writes.push({ what: 'a permanently refused entry', run: () => this.o.store.fail([p.entry.id], p.code, reason, this.o.now(), followUp) });
    }
    // The window has room again now: the outcomes are recorded meanwhile (a lazy write may wait
    // for the next document's commit), and entries in flight are never leased twice.
    this.kick();
    await this.record(writes);
    if (permanent.length) this.o.relay.notifyAll();
    this.maybeSettled();
    // Refused entries went back to the queue.
    if (transient.length > 0) this.wake();
    else this.kick();
  }

  /**
   * Runs store writes that record what happened to entries. One that fails (a full disk, say) is
   * retried every second until it succeeds, also after the session closed, so no entry stays
   * 'inflight' with nobody owning it. A closed store (node stopping) ends the retries: the next
   * start queues in-flight entries again.
   */
  private async record(writes: { what: string; run: () => Promise<unknown> }[]): Promise<void> {
    const results = await Promise.allSettled(writes.map((w) => w.run()));
    results.forEach((r, i) => {
      if (r.status === 'fulfilled') return;
      const e = asLienthongError(r.reason);
      if (e.code === 'SHUTTING_DOWN') return;
      this.o.log.error({ err: r.reason, what: writes[i]!.what }, 'could not record a transfer outcome; retrying every second');
      this.unrecorded.push(writes[i]!);
    });
    if (this.unrecorded.length && !this.retryTimer) {
      this.retryTimer = setTimeout(() => {
        this.retryTimer = null;
        const again = this.unrecorded;
        this.unrecorded = [];
        void this.record(again).then(() => this.wake());
      }, 1_000);
      this.retryTimer.unref();
    }
  }

  /** Stops sending; entries still in flight go back to the queue, due now. */
  async close(reason: string): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.lastError = reason;
    clearInterval(this.timer);
    const ids = [...this.inflight.values()].map((e) => e.id);
    this.inflight.clear();
    this.sentAt.clear();
    this.inflightBytes = 0;
    // Not written yet: they go back to the queue with the others in flight.
    this.pendingTransfers = [];
    this.pendingTransferBytes = 0;
    this.o.stream.removeAllListeners('data');
    this.fileSender.close(reason);
    await this.fileReceiver.close();
    try {
      this.o.stream.end();
    } catch {
      /* stream already gone */
    }
    if (ids.length) {
      const error = `link to ${this.peer} closed: ${reason}`;
      await this.record([{ what: 'in-flight entries of a closed link', run: () => this.o.store.reschedule(ids, this.o.now(), error) }]);
    }
    for (const r of this.closeResolvers) r();
  }

  /** Sends this node's subtree summary to the peer (network view); dropped when the stream is busy. */
  sendReport(nodes: NodeSummary[]): void {
    if (this.closed || this.draining) return;
    this.o.stream.write({ report: { nodes } });
  }

  /** Sends the revocation list this node enforces (on link up, and when a newer one is applied). */
  sendRevocations(list: { payload: Buffer; signature: Buffer }): void {
    if (this.closed) return;
    this.o.stream.write({ revocations: { payload: list.payload, signature: list.signature } });
  }

  /** Stops leasing new entries; what is in flight still completes (first step of a clean shutdown). */
  drain(): void {
    this.draining = true;
  }

  /** Resolves when nothing is in flight either way (or after `timeoutMs`), for a clean shutdown. */
  settle(timeoutMs: number): Promise<void> {
    if (this.inflight.size === 0 && this.incoming === 0 && this.claimed === 0) return Promise.resolve();
    return new Promise((resolve) => {
      const t = setTimeout(resolve, timeoutMs);
      this.closeResolvers.push(() => {
        clearTimeout(t);
        resolve();
      });
    });
  }

  private maybeSettled(): void {
    if (this.inflight.size === 0 && this.incoming === 0 && this.claimed === 0 && this.closeResolvers.length) {
      const rs = this.closeResolvers;
      this.closeResolvers = [];
      for (const r of rs) r();
    }
  }
}
