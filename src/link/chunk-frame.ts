/**
 * The attachment chunk frame, encoded and decoded by hand: the one frame that carries bulk bytes,
 * so the one where copies and garbage cost. A sender allocates the whole encoded frame first and
 * reads the file straight into its data region (`allocChunkFrame`); the link's serializer then hands
 * that buffer to gRPC as it is (`encodedChunkFrame`) instead of copying the bytes through protobufjs.
 * The receiving side decodes it without protobufjs (`decodeChunkFrame`), its data a view of the
 * received message. The encoding is the protobuf one, byte for byte:
 *
 *   ConnectRequest / ConnectResponse { LinkFrame frame = 1 }
 *     LinkFrame { AttachmentChunk attachment_chunk = 7 }
 *       AttachmentChunk { string sha256 = 1; uint64 offset = 2; bytes data = 3 }
 *
 * (every field written, as protobufjs writes them), so any protobuf library reads the same frame.
 *
 * A frame's buffer is used again for a later frame once gRPC has taken its bytes (the link's write
 * callback calls `releaseChunkFrame`): gRPC copies a message into a buffer of its own as it frames
 * it, so without reuse every chunk costs a second fresh buffer, and fresh buffers are what make V8
 * run full collections while a large file passes (it counts the memory of ArrayBuffers allocated
 * since the last one).
 */
import type { AttachmentChunk__Output } from '../gen/lienthong/v1/AttachmentChunk.js';
import type { LinkFrame, LinkFrame__Output } from '../gen/lienthong/v1/LinkFrame.js';
import { varintLength, writeVarint } from '../service/protobuf-varint.js';

const TAG_FRAME = 0x0a; // field 1, length-delimited (ConnectRequest.frame, ConnectResponse.frame)
const TAG_CHUNK = 0x3a; // field 7, length-delimited (LinkFrame.attachment_chunk)
const TAG_SHA256 = 0x0a; // field 1, length-delimited
const TAG_OFFSET = 0x10; // field 2, varint
const TAG_DATA = 0x1a; // field 3, length-delimited

interface Encoded {
  sha256: string;
  offset: number;
  whole: Buffer;
  /** The buffer `whole` lies in: a reusable one (SPARE_BYTES long) or `whole` itself. */
  root: Buffer;
}

/** Data regions handed out by allocChunkFrame, mapped to the frame they sit in. */
const framed = new WeakMap<Buffer, Encoded>();

/** The reusable buffers' size: a chunk of CHUNK_BYTES (attachment-sender.ts) and its frame header. */
const SPARE_BYTES = 1024 * 1024 + 128;
/** Frames of at least this size (and at most SPARE_BYTES) take a released buffer when there is one. */
const REUSED_FROM_BYTES = 64 * 1024;
/** Frames of at least this size get a new reusable buffer when none is free (smaller ones their own size). */
const NEW_SPARE_FROM_BYTES = SPARE_BYTES / 2;
/** Released buffers kept for reuse (more are left to the garbage collector). */
const MAX_SPARE = 4;
const spare: Buffer[] = [];

/**
 * One encoded chunk frame of `length` data bytes, its header written; returns the data region to
 * fill (a view into the frame). Pass it as `attachmentChunk.data` with the same sha256 and offset.
 */
export function allocChunkFrame(sha256: string, offset: number, length: number): Buffer {
  const shaBytes = Buffer.byteLength(sha256, 'latin1');
  const chunkLen = 1 + varintLength(shaBytes) + shaBytes + 1 + varintLength(offset) + 1 + varintLength(length) + length;
  const frameLen = 1 + varintLength(chunkLen) + chunkLen;
  const total = 1 + varintLength(frameLen) + frameLen;
  const fits = total <= SPARE_BYTES;
  const released = fits && total >= REUSED_FROM_BYTES ? spare.pop() : undefined;
  const root = released ?? Buffer.allocUnsafe(fits && total >= NEW_SPARE_FROM_BYTES ? SPARE_BYTES : total);
  const whole = root.subarray(0, total);
  let at = 0;
  whole[at++] = TAG_FRAME;
  at = writeVarint(whole, at, frameLen);
  whole[at++] = TAG_CHUNK;
  at = writeVarint(whole, at, chunkLen);
  whole[at++] = TAG_SHA256;
  at = writeVarint(whole, at, shaBytes);
  at += whole.write(sha256, at, 'latin1');
  whole[at++] = TAG_OFFSET;
  at = writeVarint(whole, at, offset);
  whole[at++] = TAG_DATA;
  at = writeVarint(whole, at, length);
  const data = whole.subarray(at);
  framed.set(data, { sha256, offset, whole, root });
  return data;
}

/**
 * The frame whose data region is `data` has been written (gRPC no longer reads it): its buffer may
 * hold a later frame. Call once per frame, and only then; `data` must not be read after it.
 */
export function releaseChunkFrame(data: Buffer): void {
  const e = framed.get(data);
  if (!e) return;
  framed.delete(data);
  if (e.root.length === SPARE_BYTES && spare.length < MAX_SPARE) spare.push(e.root);
}

/** Lets go of the released buffers kept for reuse (an idle node gives their memory back). */
export function dropSpareChunkFrames(): void {
  spare.length = 0;
}

/** The encoded message for a frame whose chunk data came from allocChunkFrame; null otherwise. */
export function encodedChunkFrame(value: { frame?: LinkFrame | null }): Buffer | null {
  const chunk = value.frame?.attachmentChunk;
  if (!chunk || !Buffer.isBuffer(chunk.data)) return null;
  const e = framed.get(chunk.data);
  if (!e || e.sha256 !== chunk.sha256 || e.offset !== Number(chunk.offset ?? 0)) return null;
  return e.whole;
}

function readVarint(buf: Buffer, pos: { at: number }, end: number): number | null {
  let n = 0;
  let scale = 1;
  for (let i = 0; i < 8 && pos.at < end; i++) {
    const b = buf[pos.at++]!;
    n += (b & 0x7f) * scale;
    if (b < 0x80) return n;
    scale *= 128;
  }
  return null;
}

/**
 * Decodes a ConnectRequest/ConnectResponse holding an attachment chunk, its data a view of `buf`;
 * null for any other frame (or an encoding this reader does not expect): decode those the usual way.
 */
export function decodeChunkFrame(buf: Buffer): { frame: LinkFrame__Output } | null {
  const pos = { at: 0 };
  if (buf[pos.at++] !== TAG_FRAME) return null;
  const frameLen = readVarint(buf, pos, buf.length);
  if (frameLen === null || pos.at + frameLen !== buf.length) return null;
  if (buf[pos.at++] !== TAG_CHUNK) return null;
  const chunkLen = readVarint(buf, pos, buf.length);
  if (chunkLen === null || pos.at + chunkLen !== buf.length) return null;
  const chunk: AttachmentChunk__Output = { sha256: '', offset: 0, data: Buffer.alloc(0) };
  while (pos.at < buf.length) {
    const tag = buf[pos.at++];
    if (tag === TAG_OFFSET) {
      const v = readVarint(buf, pos, buf.length);
      if (v === null) return null;
      chunk.offset = v;
      continue;
    }
    if (tag !== TAG_SHA256 && tag !== TAG_DATA) return null;
    const len = readVarint(buf, pos, buf.length);
    if (len === null || pos.at + len > buf.length) return null;
    if (tag === TAG_SHA256) chunk.sha256 = buf.toString('utf8', pos.at, pos.at + len);
    else chunk.data = buf.subarray(pos.at, pos.at + len);
    pos.at += len;
  }
  return { frame: { attachmentChunk: chunk, frame: 'attachmentChunk' } };
}
