/**
 * One attachment arriving from a peer, written to `<root>/partial/<sha256>` and hashed as it goes.
 * After a restart or a cut link the file is reopened and its prefix hashed again, so the transfer
 * resumes where the durable bytes end.
 *
 * A file of RING_BYTES or more is written with O_DIRECT through a ring of aligned memory (see
 * direct-ring.ts): whole 4 KiB blocks go to the disk as they arrive, the bytes of an unfinished last
 * block wait in the ring for the next chunk (or the file's end, written through the page cache), and
 * readers passing the file on copy recent bytes from the ring instead of reading them back.
 */
import { createHash, type Hash } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { open, rename, unlink, type FileHandle } from 'node:fs/promises';
import { LienthongError } from '../../domain/errors.js';
import type { Discard, IncomingFile } from '../attachment-store.js';
import { BLOCK_BYTES, copyFromRing, copyIntoRing, directRefused, openDirect, releaseRing, RING_BYTES, takeRing } from './direct-ring.js';
import { syncDir, writeAll } from './fs-sync.js';
import { fileWriteError, isDiskFull } from './disk-errors.js';

const REHASH_CHUNK = 1024 * 1024;
/** A chunk larger than this goes through the ring in parts, so a write never overlaps itself. */
const RING_PART_BYTES = RING_BYTES / 2;

export class PartialFile extends EventEmitter implements IncomingFile {
  private expected: number;
  written: number;
  committed: number;
  ended: 'complete' | 'discarded' | 'closed' | null = null;
  discarded: Discard | null = null;
  private done = false;
  /** Bytes handed to the disk (through either handle); only these become durable on a sync. */
  private flushed: number;
  /** The lowest offset whose bytes the ring still holds. */
  private ringLow: number;
  /** Appends under way (the ring is reused elsewhere only when none is). */
  private appending = 0;

  private constructor(
    readonly sha256: string,
    readonly size: number,
    private readonly fh: FileHandle,
    private readonly hash: Hash,
    held: number,
    private readonly partialPath: string,
    private readonly completePath: string,
    private readonly onEnd: (f: PartialFile, complete: boolean) => void,
    /** The same file opened with O_DIRECT (null: everything goes through `fh`). */
    private direct: FileHandle | null,
    private ring: Buffer | null,
    /** After a write failed for lack of space: makes room for `bytes` and says what it did. */
    private readonly whenFull: ((bytes: number) => Promise<string>) | undefined,
  ) {
    super();
    this.setMaxListeners(0);
    this.expected = held;
    this.written = held;
    this.committed = held;
    this.flushed = held;
    this.ringLow = held;
  }

  /** Opens (or creates) the partial file and hashes what it already holds. */
  static async open(
    sha256: string,
    size: number,
    partialPath: string,
    completePath: string,
    onEnd: (f: PartialFile, complete: boolean) => void,
    whenFull?: (bytes: number) => Promise<string>,
  ): Promise<PartialFile> {
    let fh: FileHandle;
    try {
      fh = await open(partialPath, 'r+');
    } catch {
      fh = await open(partialPath, 'w+');
    }
    const hash = createHash('sha256');
    let held = (await fh.stat()).size;
    if (held > size) {
      await fh.truncate(0);
      held = 0;
    }
    const direct = size >= RING_BYTES ? await openDirect(partialPath) : null;
    if (direct && held < size && held % BLOCK_BYTES !== 0) {
      // Written through the page cache before: direct writes resume at a block boundary.
      held -= held % BLOCK_BYTES;
      await fh.truncate(held);
    }
    const buf = Buffer.allocUnsafe(Math.min(REHASH_CHUNK, Math.max(held, 1)));
    for (let at = 0; at < held; ) {
      const { bytesRead } = await fh.read(buf, 0, Math.min(buf.length, held - at), at);
      if (bytesRead === 0) break;
      hash.update(buf.subarray(0, bytesRead));
      at += bytesRead;
    }
    return new PartialFile(sha256, size, fh, hash, held, partialPath, completePath, onEnd, direct, direct ? takeRing() : null, whenFull);
  }

  async append(offset: number, data: Buffer): Promise<void> {
    if (this.done) throw new LienthongError('ATTACHMENT_MISSING', `file ${this.sha256} is no longer being received`);
    if (offset !== this.expected) {
      throw new LienthongError('PEER_BUSY', `file ${this.sha256}: a chunk at ${offset} does not follow the ${this.expected} bytes received so far (a chunk sent before the transfer was resumed): offer the file again to resume from ${this.committed}, the end of its durable bytes`);
    }
    if (offset + data.length > this.size) {
      throw new LienthongError('ATTACHMENT_CORRUPT', `file ${this.sha256}: chunk ends at ${offset + data.length}, past its size ${this.size}`);
    }
    this.expected += data.length;
    this.hash.update(data);
    try {
      this.appending++;
      if (this.ring) await this.appendThroughRing(this.ring, offset, data);
      else await writeAll(this.fh, data, 0, data.length, offset);
    } catch (err) {
      throw await this.failed(err);
    } finally {
      this.appending--;
    }
    this.written = offset + data.length;
    if (!this.ring) this.flushed = this.written;
    this.emit('progress', this.written);
  }

  /** Whole blocks go to the disk with O_DIRECT (not through the page cache). */
  get writesDirect(): boolean {
    return this.direct !== null;
  }

  /**
   * The lowest offset a reader may copy from memory (copyRecent) up to `written`; Infinity when
   * nothing is kept (a small file, no O_DIRECT, or the file has ended): read the file then.
   */
  recentFrom(): number {
    return this.ring ? this.ringLow : Infinity;
  }

  /** Copies bytes at `offset` (from recentFrom() up to `written`) into `target`. */
  copyRecent(offset: number, target: Buffer): void {
    if (!this.ring || offset < this.ringLow || offset + target.length > this.written) {
      throw new LienthongError('INTERNAL', `file ${this.sha256}: bytes ${offset}..${offset + target.length} are not held in memory`);
    }
    copyFromRing(this.ring, offset, target);
  }

  private async appendThroughRing(ring: Buffer, offset: number, data: Buffer): Promise<void> {
    for (let at = 0; at < data.length; at += RING_PART_BYTES) {
      const part = data.subarray(at, at + RING_PART_BYTES);
      const end = offset + at + part.length;
      // Readers may no longer copy what this part overwrites.
      this.ringLow = Math.max(this.ringLow, end - ring.length);
      copyIntoRing(ring, offset + at, part);
      // Whole blocks go now; the bytes of an unfinished block wait for the next part or the end.
      const upTo = end === this.size ? end : end - (end % BLOCK_BYTES);
      const whole = upTo - (upTo % BLOCK_BYTES);
      if (whole > this.flushed) await this.writeFromRing(ring, this.flushed, whole, true);
      if (upTo > Math.max(whole, this.flushed)) await this.writeFromRing(ring, Math.max(whole, this.flushed), upTo, false);
      this.flushed = Math.max(this.flushed, upTo);
    }
  }

  private async writeFromRing(ring: Buffer, from: number, to: number, aligned: boolean): Promise<void> {
    for (let at = from; at < to; ) {
      const pos = at % ring.length;
      const length = Math.min(to - at, ring.length - pos);
      if (aligned && this.direct) {
        try {
          await writeAll(this.direct, ring, pos, length, at);
          at += length;
          continue;
        } catch (err) {
          if (!directRefused(err)) throw err;
          await this.direct.close().catch(() => undefined);
          this.direct = null;
        }
      }
      await writeAll(this.fh, ring, pos, length, at);
      at += length;
    }
  }

  /** The ring and the direct handle go once no write uses them; `reuse` only when none can be in flight. */
  private async dropDirect(reuse: boolean): Promise<void> {
    const { ring, direct } = this;
    this.ring = null;
    this.direct = null;
    await direct?.close().catch(() => undefined);
    if (ring && reuse && this.appending === 0) releaseRing(ring);
  }

  async sync(): Promise<number> {
    const upTo = this.flushed;
    await this.fh.datasync().catch(async (err: unknown) => Promise.reject(await this.failed(err)));
    this.committed = Math.max(this.committed, upTo);
    return this.committed;
  }

  async finish(): Promise<void> {
    if (this.written !== this.size) throw new LienthongError('INTERNAL', `file ${this.sha256} finished at ${this.written} of ${this.size} bytes`);
    await this.fh.datasync().catch(async (err: unknown) => Promise.reject(await this.failed(err)));
    await this.fh.close();
    await this.dropDirect(true);
    this.done = true;
    const digest = this.hash.digest('hex');
    if (digest !== this.sha256) {
      const error = new LienthongError('ATTACHMENT_CORRUPT', `file ${this.sha256} arrived with SHA-256 ${digest}: it was corrupted or altered on the way; it is discarded`);
      await unlink(this.partialPath).catch(() => undefined);
      this.end({ reason: 'corrupt', error });
      throw error;
    }
    await rename(this.partialPath, this.completePath);
    await syncDir(this.completePath);
    this.committed = this.size;
    this.ended = 'complete';
    this.onEnd(this, true);
    this.emit('complete');
  }

  /**
   * A write or sync failed (a full disk, most often): what is on disk no longer matches the hash
   * kept so far, so the partial file is dropped (freeing its space) and the file is taken again
   * from the start later.
   */
  private async failed(err: unknown): Promise<LienthongError> {
    const error = fileWriteError(err, this.partialPath, `file ${this.sha256}`);
    await this.discard({ reason: 'write-failed', error }).catch(() => undefined);
    if (!this.whenFull || !isDiskFull(err)) return error;
    // Its own bytes are gone; the node makes room for the next try and says how it stands.
    const advice = await this.whenFull(this.size).catch(() => null);
    return advice === null ? error : fileWriteError(err, this.partialPath, `file ${this.sha256}`, advice);
  }

  async discard(why: Discard): Promise<void> {
    if (this.done) return;
    this.done = true;
    try {
      await this.dropDirect(false);
      await this.fh.close();
      await unlink(this.partialPath).catch(() => undefined);
    } finally {
      this.end(why);
    }
  }

  private end(why: Discard): void {
    this.discarded = why;
    this.ended = 'discarded';
    this.onEnd(this, false);
    this.emit('discarded');
  }

  async close(): Promise<void> {
    if (this.done) return;
    this.done = true;
    try {
      await this.fh.datasync();
      // The bytes of an unfinished block held only in the ring are lost: the resume starts before them.
      this.committed = this.flushed;
    } finally {
      await this.dropDirect(true);
      await this.fh.close();
      this.ended = 'closed';
      this.onEnd(this, false);
      this.emit('closed');
    }
  }
}
