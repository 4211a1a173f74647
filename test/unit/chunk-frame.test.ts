/**
 * The hand-framed attachment chunk: the bytes it puts on the wire are protobuf's own encoding of
 * ConnectRequest/ConnectResponse, and what it reads back equals what protobufjs reads; every other
 * frame still goes through protobufjs.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { describe, it } from 'node:test';
import * as protoLoader from '@grpc/proto-loader';
import { allocChunkFrame, decodeChunkFrame, dropSpareChunkFrames, encodedChunkFrame, releaseChunkFrame } from '../../src/link/chunk-frame.js';
import { loadProto, PROTO_DIR } from '../../src/service/proto.js';

/** Connect's serializers as protobufjs makes them, without the hand-framed path. */
const plain = protoLoader.loadSync(['lienthong/v1/link.proto'], { keepCase: false, longs: Number, enums: String, defaults: true, oneofs: true, includeDirs: [PROTO_DIR] })[
  'lienthong.v1.LinkService'
] as protoLoader.ServiceDefinition;
const connect = plain['Connect']!;
const wired = loadProto().LinkService.service.Connect;

const SHA = 'ab'.repeat(32);

describe('hand-framed attachment chunks', () => {
  for (const offset of [0, 1, 127, 128, 300_000, 2 ** 40 + 3]) {
    for (const size of [0, 1, 127, 128, 16_384, 1024 * 1024]) {
      it(`offset ${offset}, ${size} bytes: the bytes protobuf writes, read back as protobuf reads them`, () => {
        const data = allocChunkFrame(SHA, offset, size);
        randomBytes(size).copy(data);
        const value = { frame: { attachmentChunk: { sha256: SHA, offset, data } } };
        const expected = connect.requestSerialize(value);
        assert.deepEqual(encodedChunkFrame(value), expected);
        assert.deepEqual(wired.requestSerialize(value), expected);
        assert.deepEqual(wired.responseSerialize(value), connect.responseSerialize(value));
        const back = decodeChunkFrame(expected);
        assert.ok(back);
        const reference = connect.responseDeserialize(expected) as typeof back;
        assert.equal(back.frame.attachmentChunk!.sha256, reference.frame.attachmentChunk!.sha256);
        assert.equal(back.frame.attachmentChunk!.offset, reference.frame.attachmentChunk!.offset);
        assert.deepEqual(back.frame.attachmentChunk!.data, reference.frame.attachmentChunk!.data);
        assert.equal(back.frame.frame, 'attachmentChunk');
      });
    }
  }

  it('leaves every other frame, and chunks it did not frame, to protobufjs', () => {
    const data = randomBytes(1000);
    // A chunk whose data was not allocated here, or whose fields changed since: encoded the usual way.
    assert.equal(encodedChunkFrame({ frame: { attachmentChunk: { sha256: SHA, offset: 0, data } } }), null);
    const framed = allocChunkFrame(SHA, 5, 10);
    assert.equal(encodedChunkFrame({ frame: { attachmentChunk: { sha256: SHA, offset: 6, data: framed } } }), null);
    const other = { frame: { attachmentChunk: { sha256: SHA, offset: 6, data: framed } } };
    assert.deepEqual(wired.requestSerialize(other), connect.requestSerialize(other));
    for (const frame of [{ acks: { acks: [{ seq: 3, result: 'ACK_RESULT_ACCEPTED', errorCode: '', errorMessage: '' }] } }, { attachmentStatus: { sha256: SHA, committed: 7, complete: false } }]) {
      const bytes = connect.requestSerialize({ frame });
      assert.equal(decodeChunkFrame(bytes), null);
      assert.deepEqual(wired.requestDeserialize(bytes), connect.requestDeserialize(bytes));
    }
  });

  it('lets go of its released buffers when the node is idle', () => {
    const size = 1024 * 1024;
    const first = allocChunkFrame(SHA, 0, size);
    releaseChunkFrame(first);
    dropSpareChunkFrames();
    assert.notEqual(allocChunkFrame(SHA, size, size).buffer, first.buffer, 'a dropped buffer is not reused');
  });

  it('puts a released frame\'s buffer to use for a later frame, and only a released one', () => {
    const size = 1024 * 1024;
    const first = allocChunkFrame(SHA, 0, size);
    const held = allocChunkFrame(SHA, size, size);
    releaseChunkFrame(first);
    // Released: no longer framed here, so a stale reference is encoded the usual way, not as the reused bytes.
    assert.equal(encodedChunkFrame({ frame: { attachmentChunk: { sha256: SHA, offset: 0, data: first } } }), null);
    const later = allocChunkFrame(SHA, 2 * size, size);
    assert.equal(later.buffer, first.buffer, 'the released buffer holds the later frame');
    assert.notEqual(later.buffer, held.buffer, 'a frame not released is not reused');
    randomBytes(size).copy(later);
    const value = { frame: { attachmentChunk: { sha256: SHA, offset: 2 * size, data: later } } };
    assert.deepEqual(encodedChunkFrame(value), connect.requestSerialize(value), 'a reused buffer frames exactly the later chunk');
    // Releasing twice, or a buffer never framed, changes nothing.
    releaseChunkFrame(later);
    releaseChunkFrame(later);
    releaseChunkFrame(randomBytes(10));
    const a = allocChunkFrame(SHA, 0, size);
    const b = allocChunkFrame(SHA, 0, size);
    assert.notEqual(a.buffer, b.buffer, 'one release gives one reuse');
    // With no released buffer, a frame of 100 KiB (a file's last chunk) gets a buffer its own size, not 1 MiB.
    const busy = [0, 1, 2, 3, 4].map((i) => allocChunkFrame(SHA, i * size, size));
    const tail = allocChunkFrame(SHA, 5 * size, 100 * 1024);
    assert.ok(tail.buffer.byteLength < 2 * 100 * 1024, `a 100 KiB frame in a buffer of ${tail.buffer.byteLength} bytes`);
    for (const f of busy) releaseChunkFrame(f);
    // Small frames are not pooled.
    const small = allocChunkFrame(SHA, 0, 100);
    releaseChunkFrame(small);
    const next = allocChunkFrame(SHA, 0, 100);
    assert.ok(next.buffer !== small.buffer || next.byteOffset !== small.byteOffset, 'a small frame is not put in a released one\'s place');
  });
});
