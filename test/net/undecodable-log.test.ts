/**
 * A message that does not decode, on a real grpc-js server on 127.0.0.1 with the node's
 * interceptor: answered INVALID_ARGUMENT naming the method, and logged at info with the caller's
 * address, at most once per address every 10 s, the lines held back counted in the next one.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Writable } from 'node:stream';
import * as grpc from '@grpc/grpc-js';
import pino from 'pino';
import { LogThrottle } from '../../src/domain/log-throttle.js';
import { loadProto } from '../../src/service/proto.js';
import { refuseUndecodable, UNDECODABLE_LOG_EVERY_MS } from '../../src/service/undecodable.js';

/** An unknown field with wire type 7, which does not exist: protobuf cannot decode it. */
const CUT = Buffer.from([0x7f, 0x01]);
const raw = (b: Buffer): Buffer => b;
const GARBAGE: grpc.ServiceDefinition = {
  send: { path: '/lienthong.v1.AgencyService/Send', requestStream: false, responseStream: false, requestSerialize: raw, requestDeserialize: raw, responseSerialize: raw, responseDeserialize: raw },
};
const GarbageClient = grpc.makeGenericClientConstructor(GARBAGE, 'Garbage') as unknown as new (address: string, creds: grpc.ChannelCredentials) => grpc.Client & {
  send(req: Buffer, cb: (err: grpc.ServiceError | null) => void): void;
};

describe('undecodable messages', () => {
  let server: grpc.Server;
  let client: InstanceType<typeof GarbageClient>;
  let clock = 1_000_000;
  let reached = 0;
  const lines: Record<string, unknown>[] = [];

  before(async () => {
    const log = pino({ level: 'info' }, new Writable({ write: (chunk, _enc, cb) => cb(void lines.push(JSON.parse(String(chunk)))) }));
    server = new grpc.Server({ interceptors: [refuseUndecodable(log, () => clock)] });
    server.addService(loadProto().AgencyService.service, { Send: (_call: unknown, cb: grpc.sendUnaryData<object>) => cb(null, (reached++, {})) });
    const port = await new Promise<number>((resolve, reject) => server.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (e, p) => (e ? reject(e) : resolve(p))));
    client = new GarbageClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
  });
  after(() => {
    client.close();
    server.forceShutdown();
  });

  const sendGarbage = () => new Promise<grpc.ServiceError | null>((resolve) => client.send(CUT, resolve));

  it('answers INVALID_ARGUMENT, logs the address and the method once per 10 s, and counts the rest', async () => {
    const err = await sendGarbage();
    assert.equal(err?.code, grpc.status.INVALID_ARGUMENT);
    assert.match(String(err?.details), /AgencyService\/Send: the message is not a valid SendRequest/);
    assert.equal(reached, 0, 'no handler saw it');
    assert.equal(lines.length, 1);
    assert.equal(lines[0]!.level, 30, 'at info');
    assert.match(String(lines[0]!.peer), /127\.0\.0\.1:\d+$/);
    assert.equal(lines[0]!.method, '/lienthong.v1.AgencyService/Send');
    assert.match(String(lines[0]!.msg), /^undecodable message refused: .*not a valid SendRequest/);

    await sendGarbage();
    await sendGarbage();
    assert.equal(lines.length, 1, 'two more within 10 s are held back');
    clock += UNDECODABLE_LOG_EVERY_MS;
    await sendGarbage();
    assert.equal(lines.length, 2);
    assert.equal(lines[1]!.suppressed, 2, 'and counted in the next line');
  });
});

describe('LogThrottle', () => {
  it('lets one line per key through per period and counts the others', () => {
    let now = 0;
    const t = new LogThrottle(1_000, () => now, 2);
    assert.deepEqual(t.take('a'), { suppressed: 0 });
    assert.equal(t.take('a'), null);
    assert.deepEqual(t.take('b'), { suppressed: 0 }, 'keys are apart');
    now = 999;
    assert.equal(t.take('a'), null);
    now = 1_000;
    assert.deepEqual(t.take('a'), { suppressed: 2 });
    assert.deepEqual(t.take('c'), { suppressed: 0 }, 'past maxKeys it forgets rather than grows');
    assert.deepEqual(t.take('a'), { suppressed: 0 });
  });
});
