/**
 * Random bytes at every port of a running node, below gRPC: plain TCP and cut or garbled TLS records
 * at the peer port, garbage HTTP/2 after a real mutual-TLS handshake (with a valid agency
 * certificate), garbage at the operator HTTP port and at the admin socket. The node must close or
 * answer each connection within a bound (never hang on it, never crash), and keep serving.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { connect as netConnect, type Socket } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { connect as tlsConnect } from 'node:tls';
import fc from 'fast-check';
import { fuzzAssert, fuzzParams, Tally } from '../helpers/fuzz-checks.js';
import { TARGET_AGENCY, startFuzzTarget, type FuzzTarget } from '../helpers/fuzz-network.js';
import { GoodTraffic } from '../helpers/fuzz-traffic.js';

const CLOSE_BOUND_MS = 15_000;

/** Writes `bytes` on a connected socket, half-closes it, and waits until the node closes it (bounded). */
function throwAt(socket: Socket, bytes: Uint8Array, onReady: 'connect' | 'secureConnect'): Promise<{ closed: boolean; answered: number }> {
  return new Promise((resolve) => {
    let answered = 0;
    const bound = setTimeout(() => {
      socket.destroy();
      resolve({ closed: false, answered });
    }, CLOSE_BOUND_MS);
    socket.on('data', (d: Buffer) => (answered += d.length));
    socket.on('error', () => undefined);
    socket.on('close', () => {
      clearTimeout(bound);
      resolve({ closed: true, answered });
    });
    socket.once(onReady, () => {
      socket.write(bytes);
      socket.end();
    });
  });
}

const host = '127.0.0.1';

/** A TLS ClientHello-looking record: a handshake header, then random or cut content. */
const tlsish = fc.oneof(
  fc.uint8Array({ maxLength: 2048 }),
  fc.tuple(fc.constantFrom(0x14, 0x15, 0x16, 0x17), fc.constantFrom(0x0301, 0x0303, 0x0304, 0xffff), fc.nat({ max: 0xffff }), fc.uint8Array({ maxLength: 512 })).map(([type, version, length, rest]) => {
    const head = Buffer.alloc(5);
    head.writeUInt8(type, 0);
    head.writeUInt16BE(version, 1);
    head.writeUInt16BE(length, 3);
    return new Uint8Array(Buffer.concat([head, rest]));
  }),
);

/** After the handshake: the HTTP/2 preface then garbage frames, or garbage alone. */
const http2ish = fc.oneof(
  fc.uint8Array({ maxLength: 2048 }),
  fc.tuple(fc.array(fc.tuple(fc.nat({ max: 0xffffff }), fc.nat({ max: 12 }), fc.nat({ max: 255 }), fc.nat(), fc.uint8Array({ maxLength: 256 })), { maxLength: 6 })).map(([frames]) =>
    new Uint8Array(Buffer.concat([
      Buffer.from('PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n'),
      ...frames.map(([length, type, flags, stream, payload]) => {
        const h = Buffer.alloc(9);
        h.writeUIntBE(Math.min(length, payload.length + 64), 0, 3);
        h.writeUInt8(type, 3);
        h.writeUInt8(flags, 4);
        h.writeUInt32BE(stream & 0x7fffffff, 5);
        return Buffer.concat([h, payload]);
      }),
    ])),
  ),
);

const httpish = fc.oneof(
  fc.uint8Array({ maxLength: 2048 }),
  fc.tuple(fc.constantFrom('GET', 'POST', 'DELETE', 'G\u0000T', ''), fc.constantFrom('/', '/metrics', '/api/network', '/%00', `/${'a'.repeat(10_000)}`, '*'), fc.constantFrom('HTTP/1.1', 'HTTP/9.9', ''), fc.array(fc.string({ unit: 'binary', maxLength: 60 }), { maxLength: 5 })).map(([m, p, v, headers]) =>
    new Uint8Array(Buffer.from(`${m} ${p} ${v}\r\nHost: x\r\n${headers.join('\r\n')}\r\n\r\n`, 'utf8')),
  ),
);

describe('fuzz: transport garbage at every port', () => {
  let t: FuzzTarget;
  let traffic: GoodTraffic;

  before(async () => {
    t = await startFuzzTarget();
    traffic = new GoodTraffic(t);
    await traffic.once('before');
  });
  after(async () => {
    await t?.close();
  });

  const peerPort = () => Number(t.node.address.split(':').pop());

  it('closes the peer port on random bytes and garbled TLS records', async (ctx) => {
    const { seed, numRuns } = fuzzParams(4401, 60);
    ctx.diagnostic(`seed=${seed} runs=${numRuns} (replay: FUZZ_SEED=${seed})`);
    const tally = new Tally();
    await fuzzAssert(
      fc.asyncProperty(tlsish, async (bytes) => {
        const r = await throwAt(netConnect({ host, port: peerPort() }), bytes, 'connect');
        assert.ok(r.closed, 'the node kept a connection of garbage open past the bound');
        tally.add(r.answered ? 'closed-with-alert' : 'closed');
      }),
      { seed, numRuns },
    );
    ctx.diagnostic(`outcomes: ${tally}`);
    await traffic.once('after TLS garbage');
  });

  it('closes a mutual-TLS connection (valid agency certificate) on garbage HTTP/2', async (ctx) => {
    const { seed, numRuns } = fuzzParams(4402, 60);
    ctx.diagnostic(`seed=${seed} runs=${numRuns} (replay: FUZZ_SEED=${seed})`);
    const tls = t.agencyTls(TARGET_AGENCY);
    const material = { ca: readFileSync(tls.ca), cert: readFileSync(tls.cert), key: readFileSync(tls.key) };
    const tally = new Tally();
    await fuzzAssert(
      fc.asyncProperty(http2ish, async (bytes) => {
        const socket = tlsConnect({ host, port: peerPort(), ...material, ALPNProtocols: ['h2'], checkServerIdentity: () => undefined });
        const r = await throwAt(socket, bytes, 'secureConnect');
        assert.ok(r.closed, 'the node kept a connection of garbage HTTP/2 open past the bound');
        tally.add(r.answered ? 'answered-then-closed' : 'closed');
      }),
      { seed, numRuns },
    );
    ctx.diagnostic(`outcomes: ${tally}`);
    await traffic.once('after HTTP/2 garbage');
  });

  it('answers or closes the operator HTTP port and the admin socket on garbage', async (ctx) => {
    const { seed, numRuns } = fuzzParams(4403, 80);
    ctx.diagnostic(`seed=${seed} runs=${numRuns} (replay: FUZZ_SEED=${seed})`);
    const http = t.node.httpAddress!;
    const tally = new Tally();
    await fuzzAssert(
      fc.asyncProperty(fc.boolean(), fc.oneof(httpish, http2ish), async (admin, bytes) => {
        const socket = admin ? netConnect({ path: t.node.adminSocket }) : netConnect({ host, port: Number(http.split(':').pop()) });
        const r = await throwAt(socket, bytes, 'connect');
        assert.ok(r.closed, `the ${admin ? 'admin socket' : 'HTTP port'} kept a connection of garbage open past the bound`);
        tally.add(`${admin ? 'admin' : 'http'}:${r.answered ? 'answered' : 'closed'}`);
      }),
      { seed, numRuns },
    );
    ctx.diagnostic(`outcomes: ${tally}`);
    const metrics = await fetch(`http://${http}/metrics`);
    assert.equal(metrics.status, 200, 'the HTTP port still serves /metrics');
    await metrics.arrayBuffer();
    await traffic.once('after HTTP and admin garbage');
  });
});
