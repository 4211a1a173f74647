/**
 * The sending half of attachment transfer on one link. Before a transfer whose message has files
 * goes out, `ensure` makes sure the peer holds each one: it offers the file, the peer answers with
 * the bytes it already holds durably (a cut transfer resumes there; a file held already costs
 * nothing), then chunks follow, at most `windowBytes` unacknowledged per file and `maxActive` files
 * at a time. A file confirmed once is not offered again on this session: each file crosses a link
 * once however many documents or recipients refer to it. A file given up while it passes through is
 * called off with an AttachmentStatus sent the other way, carrying the code of the reason: the peer
 * deletes what it received of a file found corrupt (ATTACHMENT_CORRUPT) or abandoned upstream, and
 * keeps it for a resume when this node dropped it for lack of space (STORE_FULL).
 *
 * A peer that finds the bytes it received do not match the file's SHA-256 answers ATTACHMENT_ALTERED:
 * it has refused the document the offer named and told its sender itself (naming the node where the
 * check failed), so the transfer waiting for that document fails with that code and this side sends
 * no report of its own; other documents waiting for the same file fail as ATTACHMENT_CORRUPT.
 *
 * Such an answer (ATTACHMENT_ALTERED, or ATTACHMENT_CORRUPT when the peer made no report) may also
 * mean the copy held here was damaged on this node's disk: before the documents waiting learn the
 * outcome, the held copy is hashed again (AttachmentStore.recheck). When it no longer matches, it is
 * moved aside and no longer held, the error names this node's disk, the document the offer named
 * fails with the peer's code and the others wait as for any missing file (ATTACHMENT_MISSING,
 * retried until the file is offered here again or they expire). The file is not offered again on
 * this link until the check is done.
 */
import type { Logger } from 'pino';
import type { AttachmentStatus__Output } from '../gen/lienthong/v1/AttachmentStatus.js';
import type { LinkFrame } from '../gen/lienthong/v1/LinkFrame.js';
import { asLienthongError, isErrorCode, LienthongError } from '../domain/errors.js';
import type { AttachmentReader, AttachmentStore, Recheck } from '../store/attachment-store.js';
import { allocChunkFrame } from './chunk-frame.js';

/** Bytes of file per chunk frame: fewer, larger frames cost less per byte on both sides. */
export const CHUNK_BYTES = 1024 * 1024;
/** Bytes sent and not yet acknowledged as durable, per file (the receiver syncs every 2 MiB). */
export const WINDOW_BYTES = 8 * 1024 * 1024;

export interface AttachmentSenderOptions {
  peer: string;
  files: AttachmentStore;
  write: (frame: LinkFrame) => boolean;
  /** Resolves when the link has room for another chunk (its queue is short). */
  room?: () => Promise<void>;
  log: Logger;
  chunkBytes?: number;
  windowBytes?: number;
  maxActive?: number;
  /** Bytes of file data written to the link (metrics). */
  onSent?: (bytes: number) => void;
}

/** A file to pass to the peer, and the document it goes with (the first that needed it). */
export interface FileFor {
  sha256: string;
  size: number;
  /** Who the file is for: the peer routes them and passes the file on ahead (cut-through). */
  recipients: string[];
  messageId: string;
  /** The sending agency of `messageId`, which the peer tells should the bytes not match. */
  sender: string;
}

interface Push extends FileFor {
  waiters: { messageId: string; resolve: () => void; reject: (err: Error) => void }[];
  offered: boolean;
  reader: AttachmentReader | null;
  next: number;
  acked: number;
  pumping: boolean;
}

type Damaged = Extract<Recheck, { state: 'damaged' }>;

/** Files the peer found altered, remembered per document (`sha256 messageId`) for the session, at most this many. */
const ALTERED_REMEMBERED = 1000;

export class AttachmentSender {
  private readonly confirmed = new Set<string>();
  /**
   * Files the peer answered ATTACHMENT_ALTERED for, by file and the document its offer named: that
   * document is refused downstream and its sender told, so the file is not sent again for it (a
   * transfer waiting for it fails at once with the same answer).
   */
  private readonly altered = new Map<string, string>();
  private readonly pushes = new Map<string, Push>();
  /** Files the peer refused as not matching, while the copy here is checked again (recheck). */
  private readonly checking = new Map<string, Promise<void>>();
  private readonly queue: Push[] = [];
  private active = 0;
  private closed = false;
  private readonly chunkBytes: number;
  private readonly windowBytes: number;
  private readonly maxActive: number;

  constructor(private readonly o: AttachmentSenderOptions) {
    this.chunkBytes = o.chunkBytes ?? CHUNK_BYTES;
    this.windowBytes = o.windowBytes ?? WINDOW_BYTES;
    this.maxActive = o.maxActive ?? 4;
  }

  /** The peer confirmed it holds the file (on this session). */
  holds(sha256: string): boolean {
    return this.confirmed.has(sha256);
  }

  /** The peer said it lacks a file it confirmed before (collected since): offer files again. */
  forgetAll(): void {
    this.confirmed.clear();
  }

  /** Resolves once the peer holds the file; rejects with a LienthongError (permanent or not). */
  ensure(f: FileFor): Promise<void> {
    const { sha256 } = f;
    if (this.confirmed.has(sha256)) return Promise.resolve();
    if (this.closed) return Promise.reject(new LienthongError('LINK_DOWN', `link to ${this.o.peer} closed`));
    const checking = this.checking.get(sha256);
    if (checking) return checking.then(() => this.ensure(f));
    const altered = this.altered.get(`${sha256} ${f.messageId}`);
    if (altered !== undefined) return Promise.reject(new LienthongError('ATTACHMENT_ALTERED', altered));
    return new Promise((resolve, reject) => {
      let p = this.pushes.get(sha256);
      if (!p) {
        p = { ...f, waiters: [], offered: false, reader: null, next: 0, acked: 0, pumping: false };
        this.pushes.set(sha256, p);
        this.queue.push(p);
      }
      p.waiters.push({ messageId: f.messageId, resolve, reject });
      this.startNext();
    });
  }

  /** Starts passing a file on before any transfer needs it (cut-through); errors are only logged. */
  prefetch(f: FileFor): void {
    this.ensure(f).catch((err: unknown) => {
      this.o.log.debug({ sha256: f.sha256, err: asLienthongError(err).message }, 'passing a file on ahead of its document stopped');
    });
  }

  /** The peer's answer about a file this side is sending; false when no such file is being sent. */
  onStatus(st: AttachmentStatus__Output): boolean {
    const p = this.pushes.get(st.sha256);
    if (!p) return false;
    this.answer(p, st);
    return true;
  }

  private answer(p: Push, st: AttachmentStatus__Output): void {
    if (st.errorCode) {
      const code = isErrorCode(st.errorCode) ? st.errorCode : 'INTERNAL';
      const err = new LienthongError(code, `${this.o.peer} refused file ${p.sha256}: ${st.errorMessage}`);
      if (code === 'ATTACHMENT_ALTERED' || code === 'ATTACHMENT_CORRUPT') this.recheck(p, err);
      else this.finish(p, err);
      return;
    }
    if (st.complete) {
      this.confirmed.add(p.sha256);
      this.finish(p, null);
      return;
    }
    const committed = Number(st.committed);
    if (committed > p.size) {
      this.finish(p, new LienthongError('INTERNAL', `${this.o.peer} reports ${committed} bytes of file ${p.sha256}, which has ${p.size}`));
      return;
    }
    if (!p.offered) {
      p.offered = true;
      p.next = committed;
      p.acked = committed;
      if (committed > 0) this.o.log.info({ sha256: p.sha256, resumeAt: committed, size: p.size }, 'resuming a file transfer');
    } else {
      p.acked = Math.max(p.acked, committed);
    }
    void this.pump(p);
  }

  /** Every pending file fails with LINK_DOWN; the entries waiting on them are rescheduled. */
  close(reason: string): void {
    this.closed = true;
    const err = new LienthongError('LINK_DOWN', `link to ${this.o.peer} closed: ${reason}`);
    for (const p of [...this.pushes.values()]) this.finish(p, err);
    this.queue.length = 0;
  }

  private startNext(): void {
    while (this.active < this.maxActive && this.queue.length > 0 && !this.closed) {
      const p = this.queue.shift()!;
      this.active++;
      void this.offer(p);
    }
  }

  private async offer(p: Push): Promise<void> {
    try {
      p.reader = await this.o.files.openReader(p.sha256);
      if (p.reader.size !== p.size) {
        throw new LienthongError('ATTACHMENT_CORRUPT', `file ${p.sha256} is ${p.reader.size} bytes here, its document says ${p.size}`);
      }
      if (!this.pushes.has(p.sha256)) return void (await p.reader.close());
      this.o.write({ attachmentOffer: { sha256: p.sha256, size: p.size, recipients: p.recipients, messageId: p.messageId, sender: p.sender } });
    } catch (err) {
      this.finish(p, asLienthongError(err));
    }
  }

  private async pump(p: Push): Promise<void> {
    if (p.pumping || !p.reader) return;
    p.pumping = true;
    try {
      while (this.pushes.get(p.sha256) === p && p.next < p.size && p.next - p.acked < this.windowBytes) {
        if (p.reader.available() <= p.next) await p.reader.waitFor(p.next);
        if (this.o.room) await this.o.room();
        if (this.pushes.get(p.sha256) !== p) break;
        const length = Math.min(this.chunkBytes, p.reader.available() - p.next, p.size - p.next);
        // The file is read straight into the encoded frame (no copy through the protobuf encoder).
        const data = allocChunkFrame(p.sha256, p.next, length);
        await p.reader.readInto(p.next, data);
        if (this.pushes.get(p.sha256) !== p) break;
        this.o.write({ attachmentChunk: { sha256: p.sha256, offset: p.next, data } });
        this.o.onSent?.(length);
        p.next += length;
      }
    } catch (err) {
      const e = asLienthongError(err);
      // The file was given up here while passing through: the peer is told why, with the code of
      // the real reason (ATTACHMENT_CORRUPT only for a mismatch; STORE_FULL when this node dropped
      // it for lack of space, and the peer keeps what it got for a resume).
      if (p.reader?.discarded && p.offered && this.pushes.get(p.sha256) === p) {
        this.o.write({ attachmentStatus: { sha256: p.sha256, errorCode: e.code, errorMessage: e.message } });
      }
      this.finish(p, e);
    } finally {
      p.pumping = false;
    }
  }

  /**
   * The peer found the bytes sent do not match the file's SHA-256: sending stops now, and the
   * documents waiting learn the outcome once the copy held here is hashed again (off the link: the
   * file is read in pieces).
   */
  private recheck(p: Push, err: LienthongError): void {
    if (!this.detach(p)) return;
    this.startNext();
    const done = this.o.files.recheck(p.sha256).then(
      (r) => (r.state === 'damaged' ? r : null),
      (e: unknown) => {
        this.o.log.error({ err: e, sha256: p.sha256 }, 'could not check the copy of a file held here again after the peer refused it');
        return null;
      },
    ).then((damaged) => {
      if (this.checking.get(p.sha256) === done) this.checking.delete(p.sha256);
      if (damaged) {
        this.o.log.error(
          { sha256: p.sha256, path: damaged.path, found: damaged.found, movedTo: damaged.movedTo, peer: this.o.peer },
          `file ${p.sha256} held on this node no longer matches its SHA-256 (its bytes hash to ${damaged.found}): it was damaged on this node's disk at ${damaged.path}, not on the way to ${this.o.peer}; ` +
            `it is ${damaged.movedTo ? `moved to ${damaged.movedTo}` : 'deleted'} and taken afresh when offered or uploaded again: check this disk (kernel log, SMART, a filesystem check)` +
            `${damaged.movedTo ? ', then delete the quarantined copy' : ''}`,
        );
      }
      this.settle(p, err, damaged);
    });
    this.checking.set(p.sha256, done);
  }

  private finish(p: Push, err: LienthongError | null): void {
    if (this.detach(p)) this.settle(p, err, null);
  }

  /** Stops sending `p`; false when it was no longer being sent. */
  private detach(p: Push): boolean {
    if (this.pushes.get(p.sha256) !== p) return false;
    this.pushes.delete(p.sha256);
    const queued = this.queue.indexOf(p);
    if (queued >= 0) this.queue.splice(queued, 1);
    else this.active--;
    void p.reader?.close();
    return true;
  }

  /** Tells the documents waiting for `p`; `damaged`: the copy here was found damaged after the peer refused it. */
  private settle(p: Push, err: LienthongError | null, damaged: Damaged | null): void {
    if (err && damaged) {
      const moved = damaged.movedTo ? `moved to ${damaged.movedTo}` : 'deleted';
      const named = new LienthongError(
        err.code,
        `${err.message}; the cause is the copy held at this node: its bytes hash to ${damaged.found}, so it was damaged on this node's disk, not on the way; it is ${moved} and the file is taken afresh when it is offered here again`,
      );
      const others = new LienthongError(
        'ATTACHMENT_MISSING',
        `file ${p.sha256} is no longer held here: the copy on this node's disk was damaged (its bytes hash to ${damaged.found}; ${this.o.peer} refused it) and is ${moved}: the document waits until the file is offered here again (a document that carries it) or it expires`,
      );
      for (const w of p.waiters) w.reject(w.messageId === p.messageId ? named : others);
      this.startNext();
      return;
    }
    if (err?.code === 'ATTACHMENT_ALTERED') {
      if (this.altered.size >= ALTERED_REMEMBERED) this.altered.delete(this.altered.keys().next().value!);
      this.altered.set(`${p.sha256} ${p.messageId}`, err.message);
    }
    for (const w of p.waiters) {
      if (!err) w.resolve();
      // The peer reported only the document its offer named.
      else if (err.code === 'ATTACHMENT_ALTERED' && w.messageId !== p.messageId) w.reject(new LienthongError('ATTACHMENT_CORRUPT', err.message));
      // The peer refused the sender the offer named (another document's): offer it again for this one.
      else if (err.code === 'SENDER_NOT_ALLOWED' && w.messageId !== p.messageId) w.reject(new LienthongError('PEER_BUSY', `${err.message}; the file is offered again for document ${w.messageId}`));
      else w.reject(err);
    }
    this.startNext();
  }
}
