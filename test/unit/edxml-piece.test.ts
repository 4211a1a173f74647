/**
 * SendEdxml's package bytes encoded by hand on the client: the bytes protobuf writes, read back as
 * protobufjs reads them; a buffer is used again only after its piece is released (gRPC has written
 * it); options and anything else still go through protobufjs.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { describe, it } from 'node:test';
import * as protoLoader from '@grpc/proto-loader';
import { encodedPiece, releasePiece } from '../../src/client/edxml-piece.js';
import { loadProto, PROTO_DIR } from '../../src/service/proto.js';

/** SendEdxml's serializers as protobufjs makes them, without the hand-encoded path. */
const plain = protoLoader.loadSync(['lienthong/v1/agency.proto'], { keepCase: false, longs: Number, enums: String, defaults: true, oneofs: true, includeDirs: [PROTO_DIR] })[
  'lienthong.v1.AgencyService'
] as protoLoader.ServiceDefinition;
const send = plain['SendEdxml']!;
const wired = loadProto().AgencyService.service.SendEdxml;

describe('hand-encoded SendEdxml pieces', () => {
  for (const size of [0, 1, 127, 128, 16_383, 16_384, 65_536, 1_400_000, 4 * 1024 * 1024]) {
    it(`${size} bytes: the bytes protobuf writes, read back as protobufjs reads them`, () => {
      const value = { data: randomBytes(size) };
      const expected = send.requestSerialize(value);
      const mine = wired.requestSerialize(value);
      assert.deepEqual(mine, expected);
      const back = send.requestDeserialize(mine) as { data: Buffer; part: string };
      assert.deepEqual([back.part, back.data], ['data', value.data]);
      releasePiece(value);
    });
  }

  it('reuses a buffer only once its piece is released, and never changes a piece still in flight', () => {
    const a = { data: randomBytes(1_400_000) };
    const first = encodedPiece(a)!;
    const copy = Buffer.from(first);
    const b = { data: randomBytes(1_400_000) };
    const second = encodedPiece(b)!;
    assert.notEqual(second.buffer, first.buffer, 'a piece not yet released keeps its buffer');
    assert.deepEqual(first, copy, 'encoding a later piece did not touch it');
    releasePiece(a);
    releasePiece(a); // a second release changes nothing
    const c = { data: randomBytes(1_300_000) };
    const third = encodedPiece(c)!;
    assert.equal(third.buffer, first.buffer, 'the released buffer holds the next piece of about its size');
    const d = { data: randomBytes(1_300_000) };
    assert.notEqual(encodedPiece(d)!.buffer, third.buffer, 'and only one piece at a time');
    for (const v of [b, c, d]) releasePiece(v);
  });

  it('leaves options, and requests that are not plain bytes, to protobufjs', () => {
    const options = { options: { agency: '000.00.01.H44', messageId: '', expirySeconds: 0, files: [] } };
    assert.equal(encodedPiece(options), null);
    assert.deepEqual(wired.requestSerialize(options), send.requestSerialize(options));
    assert.equal(encodedPiece({}), null);
  });
});
