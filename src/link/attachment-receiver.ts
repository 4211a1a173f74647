/**
 * The receiving half of attachment transfer on one link. An offer is answered with the bytes held
 * durably (or "complete"); chunks are appended in order, synced every `syncBytes` and acknowledged
 * with the durable length; the last one is checked against the file's SHA-256 before the file
 * counts as held. Once an offer says who the file is for, `onOffer` lets the node pass it on to the
 * next hops while it is still arriving (cut-through). A file whose bytes do not match its SHA-256
 * is deleted. When every byte of it came from the peer on this session, `onAltered` lets the node
 * refuse the document the offer named and tell its sender where the check failed, and the peer is
 * answered ATTACHMENT_ALTERED (or ATTACHMENT_CORRUPT when the node made no report: the peer reports).
 * When part of it was held here already (a resumed transfer, an earlier upload), the mismatch may be
 * this node's own: the peer is told to send it again from the start (PEER_BUSY).
 */
import type { Logger } from 'pino';
import type { AttachmentChunk__Output } from '../gen/lienthong/v1/AttachmentChunk.js';
import type { AttachmentOffer__Output } from '../gen/lienthong/v1/AttachmentOffer.js';
import type { AttachmentStatus } from '../gen/lienthong/v1/AttachmentStatus.js';
import type { LinkFrame } from '../gen/lienthong/v1/LinkFrame.js';
import { asLienthongError, isErrorCode, isTransientCode, LienthongError } from '../domain/errors.js';
import { LogThrottle } from '../domain/log-throttle.js';
import type { AttachmentStore, IncomingFile } from '../store/attachment-store.js';
import type { FileFor } from './attachment-sender.js';

/** A chunk's bytes are made durable (and acknowledged) at least every this many bytes. */
export const SYNC_BYTES = 2 * 1024 * 1024;

export interface AttachmentReceiverOptions {
  peer: string;
  /** Unique per session: one session at a time receives a given file. */
  owner: string;
  files: AttachmentStore;
  write: (frame: LinkFrame) => boolean;
  log: Logger;
  /** Largest file accepted (limits.maxDocumentBytes). */
  maxBytes: number;
  syncBytes?: number;
  /** Bytes of file data received (metrics). */
  onReceived?: (bytes: number) => void;
  /** A file was refused with this code (counted with the peer, like refused documents). */
  onRefused?: (code: string) => void;
  onOffer?: (offer: FileFor) => void;
  /**
   * Whether the peer may hand over documents of `sender` (the sender its offer names): a file is
   * refused before any of it is stored when not, as a transfer of the document would be.
   */
  senderAllowed?: (sender: string) => boolean;
  /**
   * A file's bytes, all from the peer, did not match its SHA-256 (`reason` says where and how);
   * `offer` is the last one for it. Resolves true once the node has durably reported it.
   */
  onAltered?: (offer: FileFor, reason: string) => Promise<boolean>;
}

interface Arriving {
  file: IncomingFile;
  /** The last offer of the file: the document and sender to tell should its bytes not match. */
  offer: FileFor;
  /** Nothing of it was held here when this session opened it. */
  fromZero: boolean;
  /** Bytes of it appended on this session. */
  received: number;
  /** Chunks are handled one after the other. */
  tail: Promise<void>;
  unsynced: number;
  failed: boolean;
}

const SHA256_HEX = /^[0-9a-f]{64}$/;

export class AttachmentReceiver {
  private readonly arriving = new Map<string, Arriving>();
  private readonly transientLines = new LogThrottle(60_000, Date.now);
  private closed = false;
  private readonly syncBytes: number;

  constructor(private readonly o: AttachmentReceiverOptions) {
    this.syncBytes = o.syncBytes ?? SYNC_BYTES;
  }

  onOffer(offer: AttachmentOffer__Output): void {
    void this.answerOffer(offer);
  }

  private async answerOffer(offer: AttachmentOffer__Output): Promise<void> {
    const sha256 = offer.sha256;
    const size = Number(offer.size);
    const described: FileFor = { sha256, size, recipients: offer.recipients, messageId: offer.messageId, sender: offer.sender };
    let a: Arriving | undefined;
    try {
      if (!SHA256_HEX.test(sha256)) throw new LienthongError('INVALID_ARGUMENT', `"${sha256}" is not a hex SHA-256`);
      // An offer that names no sender comes from a node older than AttachmentOffer.sender: taken,
      // but not passed on ahead of its document (below), whose transfer is checked as any.
      if (offer.sender && this.o.senderAllowed && !this.o.senderAllowed(offer.sender)) {
        throw new LienthongError('SENDER_NOT_ALLOWED', `${this.o.peer} may not hand over files of documents from ${offer.sender ? offer.sender : '(its offer names no sender)'}: file ${sha256} refused`);
      }
      if (size > this.o.maxBytes) {
        throw new LienthongError('DOCUMENT_TOO_LARGE', `it is ${size} bytes, more than the ${this.o.maxBytes} per document accepted here (limits.maxDocumentBytes)`);
      }
      if (this.o.files.has(sha256)) {
        await this.o.files.touch(sha256);
        return this.status({ sha256, committed: size, complete: true });
      }
      a = this.arriving.get(sha256);
      const fresh = !a;
      if (!a) {
        const file = await this.o.files.openIncoming(sha256, size, this.o.owner);
        if (this.closed) return void (await file.close());
        if (file.size !== size) {
          await file.close();
          throw new LienthongError('INVALID_ARGUMENT', `file ${sha256} was offered as ${file.size} bytes before, now as ${size}`);
        }
        a = { file, offer: described, fromZero: file.written === 0, received: 0, tail: Promise.resolve(), unsynced: 0, failed: false };
        this.arriving.set(sha256, a);
      }
      a.offer = described;
      if (described.sender) this.o.onOffer?.(described);
      // Every byte is on disk already (a restart came between the last chunk and the check).
      if (size === 0 || (fresh && a.file.written === size)) {
        await this.complete(sha256, a);
        return;
      }
      this.status({ sha256, committed: a.file.committed, complete: false });
    } catch (err) {
      await this.failed(sha256, err, a);
    }
  }

  onChunk(chunk: AttachmentChunk__Output): void {
    const a = this.arriving.get(chunk.sha256);
    if (!a) {
      // Most often chunks the peer had in flight when the file was refused: that refusal was counted.
      this.refuse(chunk.sha256, new LienthongError('PEER_BUSY', `chunk of file ${chunk.sha256} that was not offered on this link: offer it again`), true);
      return;
    }
    this.o.onReceived?.(chunk.data.length);
    a.tail = a.tail.then(() => this.take(chunk.sha256, a, Number(chunk.offset), chunk.data));
  }

  /**
   * The sender called the file off (an AttachmentStatus with an error, sent by the sending side), and
   * its code says why. ATTACHMENT_CORRUPT: it was found corrupt upstream and will never be whole.
   * STORE_FULL (or INTERNAL): a write failed upstream, most often on a full disk; the bytes that
   * arrived here are good, so they stay for a resume once the sender has the file again. Any other
   * code: the file was abandoned upstream (the package that carried it failed). What arrived of a
   * corrupt or abandoned file is deleted; readers passing it on stop and call it off further with
   * the same reason. Files not arriving here are ignored.
   */
  onCalledOff(st: { sha256: string; errorCode: string; errorMessage: string }): void {
    const a = this.arriving.get(st.sha256);
    if (!a || !st.errorCode) return;
    a.tail = a.tail.then(async () => {
      if (a.failed || this.arriving.get(st.sha256) !== a) return;
      a.failed = true;
      this.arriving.delete(st.sha256);
      const line = { sha256: st.sha256, code: st.errorCode, reason: st.errorMessage };
      if (st.errorCode === 'STORE_FULL' || st.errorCode === 'INTERNAL') {
        this.o.log.info(line, 'file stopped by its sender, which could not keep it: what arrived stays here for a resume');
        await a.file.close().catch((err: unknown) => this.o.log.error({ err, sha256: st.sha256 }, 'closing a file its sender stopped failed'));
        return;
      }
      const corrupt = st.errorCode === 'ATTACHMENT_CORRUPT';
      if (corrupt) this.o.log.warn(line, 'file called off by its sender as corrupt: what arrived is deleted');
      else this.o.log.info(line, 'file called off by its sender, which abandoned it: what arrived is deleted');
      const error = new LienthongError(isErrorCode(st.errorCode) ? st.errorCode : 'ATTACHMENT_MISSING', `${this.o.peer} called it off: ${st.errorMessage}`);
      await a.file
        .discard({ reason: corrupt ? 'corrupt' : 'abandoned', error })
        .catch((err: unknown) => this.o.log.error({ err, sha256: st.sha256 }, 'deleting a file called off failed'));
    });
  }

  private async take(sha256: string, a: Arriving, offset: number, data: Buffer): Promise<void> {
    if (a.failed || this.closed) return;
    try {
      await a.file.append(offset, data);
      a.received += data.length;
      a.unsynced += data.length;
      if (a.file.written === a.file.size) {
        await this.complete(sha256, a);
      } else if (a.unsynced >= this.syncBytes) {
        a.unsynced = 0;
        const committed = await a.file.sync();
        if (!this.closed) this.status({ sha256, committed, complete: false });
      }
    } catch (err) {
      a.failed = true;
      this.arriving.delete(sha256);
      await a.file.close().catch(() => undefined);
      await this.failed(sha256, err, a);
    }
  }

  private async complete(sha256: string, a: Arriving): Promise<void> {
    this.arriving.delete(sha256);
    await a.file.finish();
    this.status({ sha256, committed: a.file.size, complete: true });
  }

  private status(st: AttachmentStatus): void {
    if (!this.closed) this.o.write({ attachmentStatus: st });
  }

  /** Receiving `sha256` failed; a mismatch with its SHA-256 is told apart by where its bytes came from. */
  private async failed(sha256: string, err: unknown, a: Arriving | undefined): Promise<void> {
    const e = asLienthongError(err);
    if (e.code !== 'ATTACHMENT_CORRUPT' || !a) return this.refuse(sha256, e);
    // Every byte from the peer on this session (an empty file has none to alter: its offer was wrong).
    if (!a.fromZero || a.received !== a.file.size || a.received === 0) {
      return this.refuse(sha256, new LienthongError('PEER_BUSY', `${e.message}; part of it was held here before this transfer (a resumed one, or an earlier upload) and may be what was damaged: offer it again to send it from the start`));
    }
    const doc = a.offer.messageId ? ` of message ${a.offer.messageId}` : '';
    const reason = `file ${sha256}${doc} from ${this.o.peer} does not match its SHA-256 (${e.message})`;
    // The node counts the refusal of the document the offer named (onAltered) in place of the file's.
    const counted = this.o.onAltered !== undefined;
    const reported = (await this.o.onAltered?.(a.offer, reason)) === true;
    this.refuse(sha256, reported ? new LienthongError('ATTACHMENT_ALTERED', `${reason}: the document is refused and its sender told`) : new LienthongError('ATTACHMENT_CORRUPT', reason), counted);
  }

  private refuse(sha256: string, err: unknown, counted = false): void {
    const e = asLienthongError(err);
    if (e.code === 'INTERNAL') this.o.log.error({ err, sha256 }, 'receiving a file failed');
    // Asking for the offer again is part of resuming a transfer: nothing an operator must act on.
    else if (e.code === 'PEER_BUSY') this.o.log.info({ sha256, reason: e.message }, 'file to be offered again');
    else if (!isTransientCode(e.code)) this.o.log.warn({ sha256, code: e.code, reason: e.message }, 'file refused');
    else {
      // A transient refusal (STORE_FULL) comes back with every retry of every file while its cause
      // lasts: one warn line per code a minute, the rest at debug (every one counted).
      const line = this.transientLines.take(e.code);
      if (line) this.o.log.warn({ sha256, code: e.code, reason: e.message, heldBack: line.suppressed }, 'file refused');
      else this.o.log.debug({ sha256, code: e.code, reason: e.message }, 'file refused');
    }
    // PEER_BUSY asks the peer to offer again (the file arriving over another link, a chunk out of
    // turn): flow control, not a refusal to count.
    if (!counted && e.code !== 'PEER_BUSY') this.o.onRefused?.(e.code);
    this.status({ sha256, errorCode: e.code, errorMessage: e.message });
  }

  /** The link ended: what arrived durably stays for a resume. */
  async close(): Promise<void> {
    this.closed = true;
    const all = [...this.arriving.values()];
    this.arriving.clear();
    await Promise.all(
      all.map(async (a) => {
        await a.tail.catch(() => undefined);
        await a.file.close().catch(() => undefined);
      }),
    );
  }
}
