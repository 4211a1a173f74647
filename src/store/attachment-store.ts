/**
 * The node's attachment files, behind domain verbs. A file is named by its SHA-256 and stored once
 * however many messages refer to it. It arrives from a peer in chunks (resumable: the durable prefix
 * survives a cut link or a restart), or from an agency as an upload; it is verified against its
 * SHA-256 before it counts as held. Which messages still need which file is the message store's
 * business (Store.attachmentsInUse); this store only keeps bytes and collects what nobody keeps.
 */
import type { EventEmitter } from 'node:events';
import type { LienthongError } from '../domain/errors.js';
import type { AttachmentWriter } from '../edxml/edxml-types.js';

export interface AttachmentInfo {
  sha256: string;
  /** Bytes held: the whole size when complete, the durable prefix otherwise. */
  bytes: number;
  complete: boolean;
}

/**
 * Why an arriving file was discarded. Readers passing it on, and the peers they tell, report this
 * reason, not another:
 * - `corrupt`: its bytes did not match its SHA-256 (or the size its uploader declared): ATTACHMENT_CORRUPT;
 * - `write-failed`: a write or sync failed here, most often on a full disk (STORE_FULL, INTERNAL
 *   otherwise): nothing is wrong with the file, it is taken again from the start later;
 * - `abandoned`: its sender gave it up (an agency's package that failed, a file called off
 *   upstream): it will not be whole here.
 */
export type DiscardReason = 'corrupt' | 'write-failed' | 'abandoned';

export interface Discard {
  reason: DiscardReason;
  /** What happened, in the error catalogue (its code and its message for the operator). */
  error: LienthongError;
}

/**
 * A file arriving from a peer. Events: 'progress' (written bytes), 'complete', 'discarded' (see
 * `discarded` for why), 'closed' (writer gone before completion).
 */
export interface IncomingFile extends EventEmitter {
  readonly sha256: string;
  readonly size: number;
  /** Bytes written so far (readable by a reader), maybe not yet synced. */
  readonly written: number;
  /** Bytes durably on disk: a resumed transfer starts here. */
  readonly committed: number;
  /** How it ended: verified and in place, discarded (see `discarded`), closed (cut, may resume); null while arriving. */
  readonly ended: 'complete' | 'discarded' | 'closed' | null;
  /** Why it was discarded; null unless `ended` is 'discarded'. */
  readonly discarded: Discard | null;
  /** Appends bytes at `offset`, which must be where the file ends. */
  append(offset: number, data: Buffer): Promise<void>;
  /** Makes what was written durable; returns the committed length. */
  sync(): Promise<number>;
  /**
   * Every byte is written: syncs, checks the SHA-256 and moves the file into place. On a mismatch
   * the file is discarded and ATTACHMENT_CORRUPT thrown.
   */
  finish(): Promise<void>;
  /** Stops receiving; the durable prefix stays for a later resume. */
  close(): Promise<void>;
  /** The file will never be whole here (`why` says why: readers report it): what arrived is deleted. */
  discard(why: Discard): Promise<void>;
}

/**
 * An agency's upload under the SHA-256 and size it declared: readable as an arriving file while it
 * is written, so the node passes it on before the package is in (cut-through from the edge), and
 * checked against the declaration at the end (ATTACHMENT_CORRUPT, the bytes deleted, on a mismatch).
 */
export interface DeclaredUpload extends AttachmentWriter {
  /**
   * True once the file can be read as it arrives (openReader finds it); false when it is not passed
   * on while arriving (held already, or arriving over a link): then it is an ordinary upload.
   */
  readonly arriving: Promise<boolean>;
}

/** Reads a held file, or one still arriving (cut-through: a relay passes bytes on as they come). */
export interface AttachmentReader {
  readonly size: number;
  /** Bytes readable now. */
  available(): number;
  /**
   * Resolves once more than `offset` bytes are readable; rejects when the arriving file stops: when
   * it was discarded, with the code of its reason (ATTACHMENT_CORRUPT for a SHA-256 mismatch only;
   * STORE_FULL when it was dropped here for lack of space; ATTACHMENT_MISSING when its sender
   * abandoned it), ATTACHMENT_MISSING when its transfer was cut (it may resume).
   */
  waitFor(offset: number): Promise<void>;
  /**
   * Why the arriving file this reader follows was discarded (it will not grow here any more), or
   * null: a reader passing it on tells its peer to stop too.
   */
  readonly discarded: DiscardReason | null;
  read(offset: number, length: number): Promise<Buffer>;
  /** Fills `target` with the bytes from `offset` (a caller's buffer: no allocation here). */
  readInto(offset: number, target: Buffer): Promise<void>;
  close(): Promise<void>;
}

/**
 * A held file checked again against its name (AttachmentStore.recheck): `intact`, it matches (or a
 * new, verified copy replaced it meanwhile); `absent`, nothing complete is held under that name;
 * `damaged`, its bytes hash to `found`: it was damaged on this node's disk, and is no longer held.
 */
export type Recheck =
  | { state: 'intact' | 'absent' }
  | {
      state: 'damaged';
      /** Where it was held. */
      path: string;
      /** The SHA-256 its bytes have now. */
      found: string;
      /** Where it was moved aside for the operator to look at (quarantine), or null when it was deleted. */
      movedTo: string | null;
    };

/** What the file store is told so it can give up the retention of files under space pressure. */
export interface SpacePolicy {
  /** SHA-256 of every file a message here still needs (Store.attachmentsInUse, none released). */
  needed(): ReadonlySet<string>;
  /** Told when files kept only for the retention were deleted early for lack of space. */
  freed?(files: number, bytes: number): void;
}

export interface AttachmentStore {
  info(sha256: string): AttachmentInfo | null;
  /**
   * Why a file was refused for lack of disk space within the last minute (STORE_FULL's message),
   * or null: its document waits upstream, which `status` and `check` must say although documents
   * without files are still taken.
   */
  spaceRefusal(): string | null;
  /** The whole file is held and verified. */
  has(sha256: string): boolean;
  /** A held file is wanted again: it counts as new for collection. */
  touch(sha256: string): Promise<void>;
  /**
   * Opens the file for receiving from `owner` (a link session), resuming after its durable prefix.
   * One owner at a time: another one gets PEER_BUSY. STORE_FULL when the rest of it does not fit on
   * the disk (see makeRoom), before anything is written.
   */
  openIncoming(sha256: string, size: number, owner: string): Promise<IncomingFile>;
  /**
   * A file an agency uploads (its hash is computed as it goes); finish() puts it in place and holds
   * it for the upload until release().
   */
  upload(): AttachmentWriter;
  /** A file an agency uploads under a declared SHA-256 and size, readable while it arrives; held like upload()'s. */
  uploadDeclared(sha256: string, size: number, what: string): DeclaredUpload;
  /**
   * Ends one finished upload's hold on its file: its package was accepted (a message keeps the file
   * now) or refused. For a refused package whose upload created the file, `orphan` is asked, with
   * no other upload holding the file and none arriving, whether no message needs it: then the file
   * is deleted at once rather than after limits.attachmentRetention. Returns whether it was deleted.
   */
  release(sha256: string, orphan?: () => boolean): boolean;
  /**
   * Holds these files (as an upload holds its own) until the returned function is called, once: a
   * document naming them is being taken in, so none of them is collected or deleted meanwhile.
   */
  hold(sha256s: readonly string[]): () => void;
  /**
   * A peer found the bytes of a file sent from here do not match its SHA-256: hashes the held copy
   * again, reading it in pieces. A copy that no longer matches its name was damaged on this node's
   * disk: it is moved aside (quarantine) and no longer held, so the next offer or upload of the file
   * is taken afresh, and openReader says why it is missing. One check at a time per file.
   */
  recheck(sha256: string): Promise<Recheck>;
  /** A reader on a held file, or on one still arriving; ATTACHMENT_MISSING when neither. */
  openReader(sha256: string): Promise<AttachmentReader>;
  /** Deletes files not in `keep` last touched before `beforeMs`. Returns how many went. */
  collect(keep: ReadonlySet<string>, beforeMs: number): Promise<number>;
  /** Files and bytes held (complete and partial). */
  usage(): { files: number; bytes: number };
  /**
   * Lets the store give up the retention of files no message needs when the disk is short of space:
   * before it refuses a file for lack of room (and after a write failed for it), it deletes them,
   * oldest first, and says so in the refusal. Until this is called, only collect() deletes files.
   */
  whenShort(policy: SpacePolicy): void;
  /**
   * Room on the disk for `bytes` more above the free-space floor (disk-space.ts): when they do not
   * fit, files no message needs go first (whenShort); STORE_FULL, naming `what` and what the disk
   * holds, when they still do not fit. openIncoming asks for the file's size itself.
   */
  makeRoom(bytes: number, what: string): Promise<void>;
  close(): Promise<void>;
}
