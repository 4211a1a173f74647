/**
 * A SendEdxml request carrying package bytes, encoded by hand into a buffer that is used again for a
 * later piece once gRPC has written it (the upload's write callback calls `releasePiece`). gRPC
 * copies each message into a buffer of its own as it frames it, so encoding through protobufjs
 * cost a second fresh buffer per piece, and fresh buffers are what make V8 run full collections in
 * the sending software while a large package streams out (it counts the memory of ArrayBuffers
 * allocated since the last one). The bytes are protobuf's: SendEdxmlRequest { bytes data = 2 }.
 */
import type { SendEdxmlRequest } from '../gen/lienthong/v1/SendEdxmlRequest.js';
import { varintLength, writeVarint } from '../service/protobuf-varint.js';

const TAG_DATA = 0x12; // field 2, length-delimited
/** Pieces from this size take a reusable buffer (smaller ones are not worth keeping). */
const REUSED_FROM_BYTES = 64 * 1024;
/** Reusable buffers are a multiple of this, so pieces of nearly the same size share them. */
const SIZE_STEP = 256 * 1024;
/** Released buffers kept for the next pieces. */
const MAX_SPARE = 4;
const spare: Buffer[] = [];
/** Requests encoded here, mapped to the buffer their encoding lies in. */
const encoded = new WeakMap<object, { whole: Buffer; root: Buffer }>();

function takeBuffer(total: number): Buffer {
  if (total < REUSED_FROM_BYTES) return Buffer.allocUnsafe(total);
  const i = spare.findIndex((b) => b.length >= total);
  if (i >= 0) return spare.splice(i, 1)[0]!;
  return Buffer.allocUnsafe(Math.ceil(total / SIZE_STEP) * SIZE_STEP);
}

/** The encoded request when it carries only package bytes; null for anything else (protobufjs does it). */
export function encodedPiece(value: SendEdxmlRequest): Buffer | null {
  const data = value.data;
  if (value.options || !Buffer.isBuffer(data)) return null;
  const total = 1 + varintLength(data.length) + data.length;
  const root = takeBuffer(total);
  root[0] = TAG_DATA;
  data.copy(root, writeVarint(root, 1, data.length));
  const whole = root.subarray(0, total);
  encoded.set(value, { whole, root });
  return whole;
}

/**
 * gRPC has written the request (its write callback ran without error): the buffer of its encoding
 * may hold a later piece. Call once per request, and only then.
 */
export function releasePiece(value: SendEdxmlRequest): void {
  const e = encoded.get(value);
  if (!e) return;
  encoded.delete(value);
  if (e.root.length >= REUSED_FROM_BYTES && e.root.length % SIZE_STEP === 0 && spare.length < MAX_SPARE) spare.push(e.root);
}
