/**
 * One attachment arriving from a peer, written to `<root>/partial/<sha256>` and hashed as it goes.
 * After a restart or a cut link the file is reopened and its prefix hashed again, so the transfer
 * resumes where the durable bytes end.
 */
import { createHash, type Hash } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { open, rename, unlink, type FileHandle } from 'node:fs/promises';
import { LienthongError } from '../../domain/errors.js';
import type { IncomingFile } from '../attachment-store.js';
import { syncDir } from './fs-sync.js';
import { fileWriteError } from './disk-errors.js';

const REHASH_CHUNK = 1024 * 1024;

export class PartialFile extends EventEmitter implements IncomingFile {
  private expected: number;
  written: number;
  committed: number;
  ended: 'complete' | 'discarded' | 'closed' | null = null;
  private done = false;

  private constructor(
    readonly sha256: string,
    readonly size: number,
    private readonly fh: FileHandle,
    private readonly hash: Hash,
    held: number,
    private readonly partialPath: string,
    private readonly completePath: string,
    private readonly onEnd: (f: PartialFile, complete: boolean) => void,
  ) {
    super();
    this.setMaxListeners(0);
    this.expected = held;
    this.written = held;
    this.committed = held;
  }

  /** Opens (or creates) the partial file and hashes what it already holds. */
  static async open(
    sha256: string,
    size: number,
    partialPath: string,
    completePath: string,
    onEnd: (f: PartialFile, complete: boolean) => void,
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
    const buf = Buffer.allocUnsafe(Math.min(REHASH_CHUNK, Math.max(held, 1)));
    for (let at = 0; at < held; ) {
      const { bytesRead } = await fh.read(buf, 0, Math.min(buf.length, held - at), at);
      if (bytesRead === 0) break;
      hash.update(buf.subarray(0, bytesRead));
      at += bytesRead;
    }
    return new PartialFile(sha256, size, fh, hash, held, partialPath, completePath, onEnd);
  }

  async append(offset: number, data: Buffer): Promise<void> {
    if (this.done) throw new LienthongError('ATTACHMENT_MISSING', `file ${this.sha256} is no longer being received`);
    if (offset !== this.expected) {
      throw new LienthongError('PEER_BUSY', `file ${this.sha256}: chunk at ${offset}, expected ${this.expected}: resend from ${this.committed}`);
    }
    if (offset + data.length > this.size) {
      throw new LienthongError('ATTACHMENT_CORRUPT', `file ${this.sha256}: chunk ends at ${offset + data.length}, past its size ${this.size}`);
    }
    this.expected += data.length;
    this.hash.update(data);
    try {
      let at = 0;
      while (at < data.length) {
        const { bytesWritten } = await this.fh.write(data, at, data.length - at, offset + at);
        at += bytesWritten;
      }
    } catch (err) {
      throw await this.failed(err);
    }
    this.written = offset + data.length;
    this.emit('progress', this.written);
  }

  async sync(): Promise<number> {
    const upTo = this.written;
    await this.fh.datasync().catch(async (err: unknown) => Promise.reject(await this.failed(err)));
    this.committed = Math.max(this.committed, upTo);
    return this.committed;
  }

  async finish(): Promise<void> {
    if (this.written !== this.size) throw new LienthongError('INTERNAL', `file ${this.sha256} finished at ${this.written} of ${this.size} bytes`);
    await this.fh.datasync().catch(async (err: unknown) => Promise.reject(await this.failed(err)));
    await this.fh.close();
    this.done = true;
    const digest = this.hash.digest('hex');
    if (digest !== this.sha256) {
      await unlink(this.partialPath).catch(() => undefined);
      this.ended = 'discarded';
      this.onEnd(this, false);
      this.emit('discarded');
      throw new LienthongError('ATTACHMENT_CORRUPT', `file ${this.sha256} arrived with SHA-256 ${digest}: it was corrupted or altered on the way; it is discarded and will be sent again`);
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
    await this.discard().catch(() => undefined);
    return fileWriteError(err, this.partialPath, `file ${this.sha256}`);
  }

  async discard(): Promise<void> {
    if (this.done) return;
    this.done = true;
    try {
      await this.fh.close();
      await unlink(this.partialPath).catch(() => undefined);
    } finally {
      this.ended = 'discarded';
      this.onEnd(this, false);
      this.emit('discarded');
    }
  }

  async close(): Promise<void> {
    if (this.done) return;
    this.done = true;
    try {
      await this.fh.datasync();
      this.committed = this.written;
    } finally {
      await this.fh.close();
      this.ended = 'closed';
      this.onEnd(this, false);
      this.emit('closed');
    }
  }
}
