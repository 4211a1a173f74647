/**
 * A file an agency uploads (an edXML attachment decoded as it streams): written to a temporary file
 * under `<root>/upload/`, hashed as it goes, and on finish moved to its place by SHA-256, or dropped
 * when that file is already held (stored once).
 */
import { createHash } from 'node:crypto';
import { open, rename, unlink, type FileHandle } from 'node:fs/promises';
import type { LienthongError } from '../../domain/errors.js';
import type { AttachmentWriter } from '../../edxml/edxml-types.js';
import { fileWriteError, isDiskFull } from './disk-errors.js';
import { syncDir, writeAll } from './fs-sync.js';

const WHAT = 'an attachment of the package';

export class UploadFile implements AttachmentWriter {
  private fh: Promise<FileHandle> | null = null;
  private readonly hash = createHash('sha256');
  private size = 0;

  constructor(
    private readonly tempPath: string,
    private readonly to: {
      /** Where the file goes once its hash is known; null when it is held already. */
      place(sha256: string): Promise<string | null>;
      /** The file is in place (or was held already). */
      placed(sha256: string): void;
      /** Placing failed after place() answered. */
      failed(sha256: string): void;
      /** A write failed for lack of space: makes room for `bytes` and says what it did. */
      full?(bytes: number): Promise<string>;
    },
  ) {}

  private async writeError(err: unknown): Promise<LienthongError> {
    const error = fileWriteError(err, this.tempPath, WHAT);
    if (!this.to.full || !isDiskFull(err)) return error;
    const advice = await this.to.full(this.size).catch(() => null);
    return advice === null ? error : fileWriteError(err, this.tempPath, WHAT, advice);
  }

  private handle(): Promise<FileHandle> {
    this.fh ??= open(this.tempPath, 'w');
    return this.fh;
  }

  async write(bytes: Buffer): Promise<void> {
    try {
      const fh = await this.handle();
      this.hash.update(bytes);
      await writeAll(fh, bytes, 0, bytes.length, this.size);
    } catch (err) {
      throw await this.writeError(err);
    }
    this.size += bytes.length;
  }

  async finish(): Promise<{ sha256: string; size: number; created: boolean }> {
    const fh = await this.handle();
    const sha256 = this.hash.digest('hex');
    await fh.datasync().catch(async (err: unknown) => Promise.reject(await this.writeError(err)));
    await fh.close();
    this.fh = null;
    const target = await this.to.place(sha256);
    try {
      if (target === null) {
        await unlink(this.tempPath);
      } else {
        await rename(this.tempPath, target);
        await syncDir(target);
      }
    } catch (err) {
      this.to.failed(sha256);
      throw fileWriteError(err, this.tempPath, WHAT);
    }
    this.to.placed(sha256);
    return { sha256, size: this.size, created: target !== null };
  }

  async abort(): Promise<void> {
    if (this.fh) {
      const fh = await this.fh.catch(() => null);
      await fh?.close().catch(() => undefined);
      this.fh = null;
    }
    await unlink(this.tempPath).catch(() => undefined);
  }
}
