/**
 * Reads an attachment file by position: a held one, or one still arriving, whose growth it follows
 * through the arriving file's events (a relay passes bytes on before the whole file is in). Recent
 * bytes of an arriving file are copied from its memory when it keeps them (written with O_DIRECT,
 * they are not in the page cache). The last byte of an arriving file is held back until the whole
 * file has matched its SHA-256: a relay never passes on a file it then finds altered (its next hop
 * would find it too, and blame this node).
 */
import { open, type FileHandle } from 'node:fs/promises';
import { LienthongError } from '../../domain/errors.js';
import type { AttachmentReader, DiscardReason, IncomingFile } from '../attachment-store.js';
import type { PartialFile } from './incoming-file.js';

export class FileReader implements AttachmentReader {
  private constructor(
    private readonly fh: FileHandle,
    readonly size: number,
    private readonly arriving: PartialFile | null,
    private readonly sha256: string,
  ) {}

  static async open(path: string, size: number, arriving: PartialFile | null, sha256: string): Promise<FileReader> {
    return new FileReader(await open(path, 'r'), size, arriving, sha256);
  }

  available(): number {
    const f = this.arriving;
    if (!f || f.ended === 'complete') return this.size;
    return Math.max(0, Math.min(f.written, this.size - 1));
  }

  /** Resolves once the byte at `offset` may be read (the last one only when the file is complete). */
  waitFor(offset: number): Promise<void> {
    const f = this.arriving;
    const ready = (written: number): boolean => written > offset && offset < this.size - 1;
    if (!f || f.ended === 'complete' || ready(f.written)) return Promise.resolve();
    if (f.ended) return Promise.reject(this.stopped(f));
    return new Promise((resolve, reject) => {
      const done = (): void => {
        f.off('progress', onProgress);
        f.off('complete', onComplete);
        f.off('discarded', onStop);
        f.off('closed', onStop);
      };
      const onProgress = (written: number): void => {
        if (ready(written)) {
          done();
          resolve();
        }
      };
      const onComplete = (): void => {
        done();
        resolve();
      };
      const onStop = (): void => {
        done();
        reject(this.stopped(f));
      };
      f.on('progress', onProgress);
      f.on('complete', onComplete);
      f.on('discarded', onStop);
      f.on('closed', onStop);
    });
  }

  get discarded(): DiscardReason | null {
    return this.arriving?.discarded?.reason ?? null;
  }

  /** Why the arriving file stopped, with the code of the real reason (only a mismatch is corrupt). */
  private stopped(f: IncomingFile): LienthongError {
    const d = f.discarded;
    if (f.ended === 'discarded' && d) {
      switch (d.reason) {
        case 'corrupt':
          return new LienthongError('ATTACHMENT_CORRUPT', `file ${this.sha256} was discarded while arriving: its bytes did not match its SHA-256`);
        case 'write-failed':
          // A full disk here is STORE_FULL (retried), not a fault of the file.
          return new LienthongError(d.error.code, `file ${this.sha256} was dropped while arriving: ${d.error.message}`);
        case 'abandoned':
          return new LienthongError('ATTACHMENT_MISSING', `file ${this.sha256} was abandoned while arriving: ${d.error.message}; nothing of it is passed on`);
      }
    }
    return new LienthongError('ATTACHMENT_MISSING', `file ${this.sha256} stopped arriving at ${f.written} of ${f.size} bytes; it will be passed on once it is complete`);
  }

  async read(offset: number, length: number): Promise<Buffer> {
    const buf = Buffer.allocUnsafe(length);
    await this.readInto(offset, buf);
    return buf;
  }

  async readInto(offset: number, target: Buffer): Promise<void> {
    // Bytes of a file given up here are not passed on, even those already written.
    if (this.arriving?.ended === 'discarded') throw this.stopped(this.arriving);
    let length = target.length;
    // Synchronously, so the bytes cannot be overwritten in the meantime; the rest comes from the file.
    const recent = this.arriving ? this.arriving.recentFrom() : Infinity;
    if (offset + length > recent) {
      const fromFile = Math.max(0, recent - offset);
      this.arriving!.copyRecent(offset + fromFile, target.subarray(fromFile));
      length = fromFile;
    }
    let at = 0;
    while (at < length) {
      const { bytesRead } = await this.fh.read(target, at, length - at, offset + at);
      if (bytesRead === 0) throw new LienthongError('ATTACHMENT_MISSING', `file ${this.sha256} ends at ${offset + at}, expected ${offset + length} bytes`);
      at += bytesRead;
    }
  }

  async close(): Promise<void> {
    await this.fh.close().catch(() => undefined);
  }
}
