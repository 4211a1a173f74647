/**
 * One Attachment while the parser reads it: its base64 text decoded piece by piece and handed to the
 * sink's writer in bounded pieces. The parser queues the writes here and awaits them between two
 * pieces of input, so a slow sink slows the reading down instead of filling memory.
 */
import { Base64Decoder } from './edxml-base64.js';
import type { AttachmentWriter } from './edxml-types.js';

/** Decoded bytes are gathered up to this size before a write... */
export const PIECE_TARGET_BYTES = 512 * 1024;
/** ...and no write is ever larger than this. */
export const MAX_PIECE_BYTES = 1024 * 1024;

export class AttachmentStream {
  private readonly decoder: Base64Decoder;
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  /** Writes decoded but not yet handed to the writer, oldest first. */
  private readonly queue: Buffer[] = [];
  private finishing = false;
  result: { sha256: string; size: number } | null = null;

  constructor(
    readonly writer: AttachmentWriter,
    contentPath: string,
  ) {
    this.decoder = new Base64Decoder(contentPath);
  }

  /** Decodes a piece of base64 text; returns how many bytes it gave. */
  push(text: string): number {
    return this.take(this.decoder.push(text));
  }

  private take(bytes: Buffer): number {
    if (bytes.length > 0) {
      this.pending.push(bytes);
      this.pendingBytes += bytes.length;
      if (this.pendingBytes >= PIECE_TARGET_BYTES) this.cut();
    }
    return bytes.length;
  }

  /** Decodes a piece of base64 text given as bytes with `breaks` CR/LF characters; returns how many bytes it gave. */
  pushBytes(text: Buffer, breaks: number): number {
    return this.take(this.decoder.pushBytes(text, breaks));
  }

  /** The text is over: checks it ended on a whole group, then queues the finish. */
  end(): void {
    this.decoder.end();
    this.cut();
    this.finishing = true;
  }

  private cut(): void {
    if (this.pendingBytes === 0) return;
    const all = this.pending.length === 1 ? this.pending[0]! : Buffer.concat(this.pending, this.pendingBytes);
    for (let i = 0; i < all.length; i += MAX_PIECE_BYTES) this.queue.push(all.subarray(i, i + MAX_PIECE_BYTES));
    this.pending = [];
    this.pendingBytes = 0;
  }

  /** Hands every queued piece to the writer, one at a time, and finishes once the text is over. */
  async drain(): Promise<void> {
    while (this.queue.length > 0) await this.writer.write(this.queue.shift()!);
    if (this.finishing && !this.result) this.result = await this.writer.finish();
  }
}
