/**
 * Base64 for edXML attachments, in pieces: a decoder that carries the unfinished 4-character group
 * from one piece of text to the next and skips the line breaks edXML wraps the text with, and an
 * encoder that writes 76-character lines from a stream of bytes. Neither ever holds a whole file.
 */
import { LienthongError } from '../domain/errors.js';

const WHITESPACE = /[ \t\r\n]+/g;
const LINE_BREAKS = /[\r\n]+/g;
const NOT_BASE64 = /[^A-Za-z0-9+/=]/;
const EMPTY = Buffer.alloc(0);

/** Bytes per output line: 57 bytes are 76 base64 characters. */
export const LINE_BYTES = 57;

export class Base64Decoder {
  /** The 0–3 characters of a group not yet complete. */
  private carry = '';
  /** Characters of base64 (whitespace excluded) seen so far, for error positions. */
  private seen = 0;
  /** A padded final group has been read: only whitespace may follow. */
  private finished = false;

  /** `path` names the element in error messages. */
  constructor(private readonly path: string) {}

  private fail(rule: string): never {
    throw new LienthongError('INVALID_EDXML', `${this.path}: invalid base64 (${rule})`);
  }

  /** Decodes what `text` completes; keeps the rest for the next call. */
  push(text: string): Buffer {
    const chars = text.replace(WHITESPACE, '');
    if (chars.length === 0) return EMPTY;
    if (this.finished) this.fail(`data after the padded end, at character ${this.seen + 1}`);
    const bad = NOT_BASE64.exec(chars);
    if (bad) {
      const code = bad[0].codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0');
      this.fail(`character "${bad[0]}" (U+${code}) at character ${this.seen + bad.index + 1}`);
    }
    const start = this.seen - this.carry.length;
    this.seen += chars.length;
    const all = this.carry + chars;
    const eq = all.indexOf('=');
    if (eq >= 0) {
      const groupEnd = eq - (eq % 4) + 4;
      if (eq % 4 < 2) this.fail(`padding "=" at character ${start + eq + 1} in the middle of a group`);
      if (all.length > groupEnd || /[^=]/.test(all.slice(eq))) {
        this.fail(`data after the padding "=" at character ${start + eq + 1}`);
      }
      if (all.length === groupEnd) this.finished = true;
    }
    const whole = all.length - (all.length % 4);
    this.carry = all.slice(whole);
    return whole === 0 ? EMPTY : Buffer.from(all.slice(0, whole), 'base64');
  }

  /**
   * Decodes base64 text given as raw bytes (the package's bytes between two XML tags, not passed
   * through the XML parser) into `target` at `at`, which must have room for maxDecoded(bytes.length);
   * returns how many bytes it wrote. The usual text, base64 characters in lines ended by LF or
   * CRLF (`breaks` of those characters), is decoded natively in one go; anything else (padding,
   * other whitespace, a character that is not base64) goes through `push`, which reads it exactly and
   * names the offending character.
   */
  decodeInto(bytes: Buffer, breaks: number, target: Buffer, at: number): number {
    // "=", or "-" and "_" (which Node's decoder would take as base64url): read exactly.
    if (this.finished || bytes.indexOf(0x3d) >= 0 || bytes.indexOf(0x2d) >= 0 || bytes.indexOf(0x5f) >= 0) return this.exactly(bytes, target, at);
    const n = bytes.length - breaks;
    if (n === 0) return 0;
    const total = this.carry.length + n;
    let rest = total % 4;
    if (rest > n) return this.exactly(bytes, target, at);
    let cut = bytes.length;
    while (rest > 0) {
      cut--;
      if (bytes[cut] !== 0x0a && bytes[cut] !== 0x0d) rest--;
    }
    // The unfinished group carried to the next piece: base64 characters only (line breaks aside).
    const tail = bytes.toString('latin1', cut).replace(LINE_BREAKS, '');
    if (tail.length !== total % 4 || NOT_BASE64.test(tail)) return this.exactly(bytes, target, at);
    // Node's decoder skips what is not base64: fewer bytes than the characters promise means such a
    // character was there. (A string under 128 KiB stays in V8's young generation: cheap garbage.)
    const written = target.write(this.carry + bytes.toString('latin1', 0, cut), at, 'base64');
    if (written !== ((total - (total % 4)) / 4) * 3) return this.exactly(bytes, target, at);
    this.carry = tail;
    this.seen += n;
    return written;
  }

  private exactly(bytes: Buffer, target: Buffer, at: number): number {
    return this.push(textOf(bytes)).copy(target, at);
  }

  /** Call once the text is over: an unfinished group means the text was cut short. */
  end(): void {
    if (this.carry.length > 0) {
      this.fail(`${this.seen} characters is not a multiple of 4: the text is cut short or padding is missing`);
    }
  }
}

/** Room decodeInto needs for `length` bytes of text (and an unfinished group carried in). */
export function maxDecoded(length: number): number {
  return Math.floor((length + 3) / 4) * 3;
}

/** Line breaks in `bytes`: LFs, the CRs just before them (CRLF), and the index of the last LF (-1: none). */
export function lineBreaks(bytes: Buffer): { lf: number; cr: number; lastLf: number } {
  let lf = 0;
  let cr = 0;
  let lastLf = -1;
  for (let at = bytes.indexOf(0x0a); at >= 0; at = bytes.indexOf(0x0a, at + 1)) {
    lf++;
    if (at > 0 && bytes[at - 1] === 0x0d) cr++;
    lastLf = at;
  }
  return { lf, cr, lastLf };
}

function textOf(bytes: Buffer): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    // Not UTF-8 (or a character cut between two pieces): shown as bytes; it is not base64 either way.
    return bytes.toString('latin1');
  }
}

/** Base64 of `bytes` (a multiple of LINE_BYTES long, or the last piece) as lines of 76 characters. */
function encodeLines(bytes: Buffer): string {
  const text = bytes.toString('base64');
  const lines: string[] = [];
  for (let i = 0; i < text.length; i += 76) lines.push(text.slice(i, i + 76));
  return lines.join('\n') + '\n';
}

/**
 * Encodes a stream of bytes as base64 lines of 76 characters, one output piece per at most
 * `pieceBytes` input bytes (rounded to whole lines), so no piece grows with the file.
 */
export async function* encodeBase64Stream(
  source: AsyncIterable<Uint8Array>,
  pieceBytes = LINE_BYTES * 4096,
): AsyncGenerator<string> {
  const step = Math.max(LINE_BYTES, pieceBytes - (pieceBytes % LINE_BYTES));
  let carry: Buffer = EMPTY;
  for await (const chunk of source) {
    let data = carry.length > 0 ? Buffer.concat([carry, chunk]) : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    while (data.length >= step) {
      yield encodeLines(data.subarray(0, step));
      data = data.subarray(step);
    }
    const whole = data.length - (data.length % LINE_BYTES);
    if (whole > 0) yield encodeLines(data.subarray(0, whole));
    carry = Buffer.from(data.subarray(whole));
  }
  if (carry.length > 0) yield encodeLines(carry);
}
