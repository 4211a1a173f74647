/**
 * One Attachment while the parser reads it: its base64 text decoded straight into buffers (64 KiB
 * at first, doubling up to 1 MiB), each handed to the sink's writer once full; no write is larger
 * than 1 MiB. The parser queues the writes here and awaits them between two pieces of input, so a
 * slow sink slows the reading down instead of filling memory. A 1 MiB buffer the writer has written
 * is filled again (AttachmentWriter.write's bytes are the writer's only until it resolves): a large
 * file then costs a few buffers, not one per MiB, each of which V8 counts towards a full collection.
 */
import { Base64Decoder, maxDecoded } from './edxml-base64.js';
import type { AttachmentWriter } from './edxml-types.js';

/** The largest buffer decoded bytes are written into (and so the largest write). */
export const MAX_PIECE_BYTES = 1024 * 1024;
const FIRST_PIECE_BYTES = 64 * 1024;
/** Written buffers of MAX_PIECE_BYTES kept to be filled again. */
const MAX_SPARE = 2;

interface Piece {
  /** The decoded bytes: a view of `root`. */
  bytes: Buffer;
  root: Buffer;
}

export class AttachmentStream {
  private readonly decoder: Base64Decoder;
  /** The buffer being filled, and how much of it is. */
  private piece: Buffer | null = null;
  private filled = 0;
  private nextPieceBytes = FIRST_PIECE_BYTES;
  /** Writes decoded but not yet handed to the writer, oldest first. */
  private readonly queue: Piece[] = [];
  /** Buffers written already, to be filled again. */
  private readonly spare: Buffer[] = [];
  private finishing = false;
  result: { sha256: string; size: number } | null = null;

  constructor(
    readonly writer: AttachmentWriter,
    contentPath: string,
  ) {
    this.decoder = new Base64Decoder(contentPath);
  }

  /** Room for `bytes` more in the piece being filled (a full piece is queued first). */
  private room(bytes: number): Buffer {
    if (this.piece && this.piece.length - this.filled >= bytes) return this.piece;
    this.cut();
    const size = Math.max(this.nextPieceBytes, bytes);
    this.piece = (size === MAX_PIECE_BYTES ? this.spare.pop() : undefined) ?? Buffer.allocUnsafe(size);
    this.nextPieceBytes = Math.min(MAX_PIECE_BYTES, this.nextPieceBytes * 2);
    return this.piece;
  }

  /** Decodes a piece of base64 text; returns how many bytes it gave. */
  push(text: string): number {
    const bytes = this.decoder.push(text);
    if (bytes.length > 0) {
      // room() may start a new piece (filled back to 0): ask for it before reading filled.
      const piece = this.room(bytes.length);
      this.filled += bytes.copy(piece, this.filled);
    }
    return bytes.length;
  }

  /** Decodes base64 text given as bytes with `breaks` CR/LF characters; returns how many bytes it gave. */
  pushBytes(text: Buffer, breaks: number): number {
    const n = this.decoder.decodeInto(text, breaks, this.room(maxDecoded(text.length)), this.filled);
    this.filled += n;
    return n;
  }

  /** The text is over: checks it ended on a whole group, then queues the finish. */
  end(): void {
    this.decoder.end();
    this.cut();
    this.finishing = true;
  }

  private cut(): void {
    if (this.piece && this.filled > 0) this.queue.push({ bytes: this.piece.subarray(0, this.filled), root: this.piece });
    this.piece = null;
    this.filled = 0;
  }

  /** Hands every full piece to the writer, one at a time, and finishes once the text is over. */
  async drain(): Promise<void> {
    while (this.queue.length > 0) {
      const { bytes, root } = this.queue.shift()!;
      await this.writer.write(bytes);
      if (root.length === MAX_PIECE_BYTES && this.spare.length < MAX_SPARE) this.spare.push(root);
    }
    if (this.finishing && !this.result) this.result = await this.writer.finish();
  }
}
