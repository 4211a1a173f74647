/**
 * An agency's upload under the SHA-256 and size the agency declared before sending its package. It
 * is written as an arriving file (partial/<sha256>, like one coming over a link), so readers follow
 * it while the package is still streaming in and the node passes it on at once; at the end it is
 * checked like any arriving file: the wrong size or the wrong SHA-256 deletes it (ATTACHMENT_CORRUPT),
 * and readers passing it on stop and tell their peers to drop what they received.
 *
 * When the file is held already, or is arriving over a link right now, the upload is an ordinary
 * one (hashed as it goes, stored once) that must still match its declaration.
 */
import { LienthongError } from '../../domain/errors.js';
import type { AttachmentWriter } from '../../edxml/edxml-types.js';
import type { DeclaredUpload, Discard, IncomingFile } from '../attachment-store.js';

export class DeclaredFileUpload implements DeclaredUpload {
  readonly arriving: Promise<boolean>;
  private file: IncomingFile | null = null;
  private plain: AttachmentWriter | null = null;
  /** finish() succeeded: the file is in place and held for the caller. */
  private finished = false;
  /** Bytes of the file taken so far (written, or already there from an earlier cut transfer). */
  private at = 0;
  /** Bytes already in the partial file when it was opened: identical bytes are not written again. */
  private held = 0;
  /** The opened file was let go (letGo is called once however the upload ends). */
  private gone = false;

  constructor(
    readonly sha256: string,
    readonly size: number,
    /** `what` names the attachment in errors ("edXML attachment cid:…"). */
    private readonly what: string,
    open: () => Promise<IncomingFile | null>,
    ordinary: () => AttachmentWriter,
    /** The opened file will not be this upload's after all (aborted, or not as declared). */
    private readonly letGo: () => void,
    /** An ordinary upload's file turned out other than declared: its hold ends (the collector takes it). */
    private readonly letGoOf: (sha256: string) => void,
  ) {
    this.arriving = open().then((file) => {
      if (file) {
        this.file = file;
        this.held = file.written;
        return true;
      }
      this.plain = ordinary();
      return false;
    });
    // A failed open is reported by the first write or finish.
    this.arriving.catch(() => undefined);
  }

  private mismatch(rule: string): LienthongError {
    return new LienthongError(
      'ATTACHMENT_CORRUPT',
      `${this.what}: ${rule}, but SendEdxmlOptions declared ${this.size} bytes with SHA-256 ${this.sha256}: declare the file as it is in the package (or declare nothing)`,
    );
  }

  async write(bytes: Buffer): Promise<void> {
    await this.arriving;
    if (this.plain) return this.plain.write(bytes);
    let data = bytes;
    if (this.at < this.held) {
      const skip = Math.min(this.held - this.at, data.length);
      this.at += skip;
      data = data.subarray(skip);
      if (data.length === 0) return;
    }
    if (this.at + data.length > this.size) {
      const err = this.mismatch(`the decoded file is longer than ${this.size} bytes`);
      await this.giveUp({ reason: 'corrupt', error: err });
      throw err;
    }
    await this.file!.append(this.at, data);
    this.at += data.length;
  }

  async finish(): Promise<{ sha256: string; size: number; created?: boolean }> {
    await this.arriving;
    if (this.plain) {
      const r = await this.plain.finish();
      if (r.sha256 !== this.sha256 || r.size !== this.size) {
        this.letGoOf(r.sha256);
        throw this.mismatch(`the decoded file has ${r.size} bytes with SHA-256 ${r.sha256}`);
      }
      this.finished = true;
      return r;
    }
    const file = this.file!;
    if (this.at !== this.size) {
      const err = this.mismatch(`the decoded file has ${this.at} bytes`);
      await this.giveUp({ reason: 'corrupt', error: err });
      throw err;
    }
    try {
      await file.finish();
    } catch (err) {
      // The file discarded itself, saying why (a mismatch, a failed write).
      this.letGoOnce();
      if (err instanceof LienthongError && err.code === 'ATTACHMENT_CORRUPT') throw this.mismatch('the decoded file has another SHA-256');
      throw err;
    }
    this.finished = true;
    return { sha256: this.sha256, size: this.size, created: true };
  }

  async abort(): Promise<void> {
    // A finished file (and its hold) is its caller's now: the package failing later releases it.
    if (this.finished) return;
    const arriving = await this.arriving.catch(() => false);
    if (this.plain) return this.plain.abort();
    // A package that failed leaves no partial file behind: readers passing it on stop too, and say
    // it was abandoned (not corrupt).
    if (arriving) {
      await this.giveUp({
        reason: 'abandoned',
        error: new LienthongError('ATTACHMENT_MISSING', `the package that carried ${this.what} failed or was abandoned by its sender before the file was whole`),
      });
    }
  }

  /** The opened file will never be whole: it is let go and deleted, saying why. */
  private async giveUp(why: Discard): Promise<void> {
    this.letGoOnce();
    await this.file!.discard(why);
  }

  private letGoOnce(): void {
    if (this.gone) return;
    this.gone = true;
    this.letGo();
  }
}
