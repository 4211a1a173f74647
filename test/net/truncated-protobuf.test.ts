/**
 * A message whose bytes end before its last field does (a length prefix running past the end) is
 * refused as undecodable, like any other garbage: INVALID_ARGUMENT naming the type, never decoded as
 * a smaller valid message. And grpc.health.v1 refuses garbage the same way, not with grpc-js's
 * INTERNAL "Error deserializing request". A real node, real mutual TLS on 127.0.0.1.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import * as grpc from '@grpc/grpc-js';
import { loadProto } from '../../src/service/proto.js';
import { Undecodable } from '../../src/service/undecodable.js';
import { RawGrpcClient } from '../helpers/fuzz-grpc.js';
import { startTestNetwork, type TestNetwork } from '../helpers/in-process-network.js';

/** Field 1, length-delimited, length 2^32-1: runs past the end of the 6-byte message. */
const CUT = Buffer.from('0affffffff0f', 'hex');
/** SendRequest whose DocumentMeta (field 4, 3 bytes) holds a string of 5 bytes with 1 present. */
const CUT_INSIDE = Buffer.from('22030a0541', 'hex');
/** Wire type 7 does not exist. */
const GARBAGE = Buffer.from([0x7f, 0x01]);

describe('truncated protobuf', () => {
  let t: TestNetwork;
  let agency: RawGrpcClient;
  let admin: RawGrpcClient;

  before(async () => {
    t = await startTestNetwork([{ name: 'root', code: '000.00.00.H44', agencies: ['000.00.00.H44'] }]);
    const root = t.net.nodes.get('root')!;
    agency = new RawGrpcClient(root.address, { ca: join(t.net.pkiDir, 'ca.crt'), ...t.net.agencyCerts.get('000.00.00.H44')! }, root.code);
    admin = new RawGrpcClient(`unix:${t.node('root').adminSocket}`, null);
  });
  after(async () => {
    agency.close();
    admin.close();
    await t.close();
  });

  it('does not decode as a smaller message (the decoder every service uses)', () => {
    const service = loadProto().AgencyService.service;
    for (const [method, bytes] of [['Receive', CUT], ['Trace', CUT], ['Send', CUT], ['Send', CUT_INSIDE], ['FetchAttachment', CUT]] as const) {
      const decoded = service[method].requestDeserialize(bytes);
      assert.ok(decoded instanceof Undecodable, `${method} ${bytes.toString('hex')} decoded as ${JSON.stringify(decoded)}`);
      assert.match(decoded.reason, /index out of range/);
    }
  });

  it('is refused INVALID_ARGUMENT by every agency method, not answered as an empty request', async () => {
    const calls = [
      ['Receive', () => agency.serverStream('/lienthong.v1.AgencyService/Receive', CUT), 'ReceiveRequest'],
      ['Trace', () => agency.unary('/lienthong.v1.AgencyService/Trace', CUT), 'TraceRequest'],
      ['Send', () => agency.unary('/lienthong.v1.AgencyService/Send', CUT), 'SendRequest'],
      ['Send (cut inside a field)', () => agency.unary('/lienthong.v1.AgencyService/Send', CUT_INSIDE), 'SendRequest'],
      ['FetchAttachment', () => agency.serverStream('/lienthong.v1.AgencyService/FetchAttachment', CUT), 'FetchAttachmentRequest'],
    ] as const;
    for (const [name, call, type] of calls) {
      const { outcome, messages } = await call();
      assert.equal(outcome.code, grpc.status.INVALID_ARGUMENT, `${name}: ${grpc.status[outcome.code]} ${outcome.details}`);
      assert.equal(outcome.errorCode, 'INVALID_ARGUMENT');
      assert.match(outcome.details, new RegExp(`the message is not a valid ${type} \\(protobuf: index out of range`), name);
      assert.equal(messages.length, 0, `${name}: nothing streamed`);
    }
  });

  it('is refused INVALID_ARGUMENT by grpc.health.v1 Check, as is garbage, on the peer port and the admin socket', async () => {
    for (const [where, client] of [['peer port', agency], ['admin socket', admin]] as const) {
      for (const bytes of [CUT, GARBAGE]) {
        const { outcome } = await client.unary('/grpc.health.v1.Health/Check', bytes);
        assert.equal(outcome.code, grpc.status.INVALID_ARGUMENT, `${where} ${bytes.toString('hex')}: ${grpc.status[outcome.code]} ${outcome.details}`);
        assert.match(outcome.details, /Health\/Check: the message is not a valid HealthCheckRequest/);
      }
      const served = await client.unary('/grpc.health.v1.Health/Check', Buffer.alloc(0));
      assert.equal(served.outcome.code, grpc.status.OK, `${where}: a well-formed (empty) request is still answered`);
    }
  });
});
