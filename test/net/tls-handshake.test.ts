/**
 * A real mutual-TLS handshake on 127.0.0.1 with certificates from src/pki: the network CA admits its
 * own node and agency certificates, refuses one from another CA, and the server reads the peer's
 * lienthong identity from the certificate it presented.
 */
import { test, before, after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { readFileSync, statSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import tls from 'node:tls';
import * as grpc from '@grpc/grpc-js';
import type { AdminServiceClient } from '../../src/gen/lienthong/v1/AdminService.js';
import type { LinkServiceClient } from '../../src/gen/lienthong/v1/LinkService.js';
import { dialCredentials, HANDSHAKE_TIMEOUT_MS, readTlsFiles, serverCredentials } from '../../src/link/tls-credentials.js';
import { connect as tcpConnect } from 'node:net';
import { classifyTlsClientError, handshakeFailureReason, REFUSAL_LOG_EVERY_MS, watchTlsRefusals, type TlsRefusal } from '../../src/link/tls-refusals.js';
import { waitFor } from '../../scripts/lib/wait-for.js';
import { http2ServersOf } from '../../src/link/grpc-http2-servers.js';
import { initPkiDir, issueToDir } from '../../src/pki/files.js';
import { loadProto } from '../../src/service/proto.js';
import { startTestNetwork, type TestNetwork } from '../helpers/in-process-network.js';
import { createCa, type PemPair } from '../../src/pki/ca.js';
import { issueCertificate } from '../../src/pki/issue.js';
import { identityFromPeerCertificate, type CertIdentity, type CertRole } from '../../src/pki/identity.js';

let ca: PemPair;
let rogueCa: PemPair;
let server: tls.Server;
let port: number;
const accepted: CertIdentity[] = [];
const rejected: Error[] = [];
const open = new Set<tls.TLSSocket>();

function issueFrom(authority: PemPair, code: string, role: CertRole): PemPair {
  return issueCertificate({ caCertPem: authority.certPem, caKeyPem: authority.keyPem, code, role });
}

before(async () => {
  ca = createCa({});
  rogueCa = createCa({ commonName: 'rogue CA' });
  const serverPair = issueFrom(ca, '000.00.24.H44', 'node');
  server = tls.createServer({
    key: serverPair.keyPem,
    cert: serverPair.certPem,
    ca: ca.certPem,
    requestCert: true,
    rejectUnauthorized: true,
  });
  server.on('secureConnection', (socket) => {
    open.add(socket);
    socket.on('close', () => open.delete(socket));
    socket.on('error', () => socket.destroy());
    accepted.push(identityFromPeerCertificate(socket.getPeerCertificate()));
    socket.end('welcome\n');
  });
  server.on('tlsClientError', (err) => rejected.push(err));
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  port = (server.address() as AddressInfo).port;
});

after(async () => {
  for (const socket of open) socket.destroy();
  server.close();
  await once(server, 'close');
});

interface Outcome {
  connected: boolean;
  data: string;
  serverIdentity: CertIdentity | undefined;
}

/** Dials the server with `client` (or no certificate) and waits for the connection to close. */
async function dial(client: PemPair | undefined): Promise<Outcome> {
  const socket = tls.connect({
    host: '127.0.0.1',
    port,
    ca: ca.certPem,
    ...(client ? { key: client.keyPem, cert: client.certPem } : {}),
  });
  const outcome: Outcome = { connected: false, data: '', serverIdentity: undefined };
  socket.on('secureConnect', () => {
    outcome.connected = true;
    outcome.serverIdentity = identityFromPeerCertificate(socket.getPeerCertificate());
  });
  socket.on('data', (chunk: Buffer) => (outcome.data += chunk.toString()));
  socket.on('error', () => socket.destroy()); // a refused client sees a TLS alert or a reset
  await new Promise<void>((resolve) => socket.once('close', () => resolve()));
  return outcome;
}

test('a node certificate of the network CA completes the handshake and the server reads its identity', async () => {
  const before = accepted.length;
  const outcome = await dial(issueFrom(ca, '000.46.24.H44', 'node'));
  assert.equal(outcome.data, 'welcome\n');
  assert.equal(accepted.length, before + 1);
  assert.deepEqual([accepted.at(-1)!.code, accepted.at(-1)!.role], ['000.46.24.H44', 'node']);
  assert.deepEqual([outcome.serverIdentity?.code, outcome.serverIdentity?.role], ['000.00.24.H44', 'node']);
});

test('an agency certificate is admitted as a client with role agency', async () => {
  const before = accepted.length;
  const outcome = await dial(issueFrom(ca, '000.47.24.H44', 'agency'));
  assert.equal(outcome.data, 'welcome\n');
  assert.equal(accepted.length, before + 1);
  assert.deepEqual([accepted.at(-1)!.code, accepted.at(-1)!.role], ['000.47.24.H44', 'agency']);
});

test('a certificate from another CA is refused by the server', async () => {
  const acceptedBefore = accepted.length;
  const rejectedBefore = rejected.length;
  const rejection = once(server, 'tlsClientError');
  const outcome = await dial(issueFrom(rogueCa, '000.46.24.H44', 'node'));
  await rejection;
  assert.equal(outcome.data, '', 'no application data reaches a rejected client');
  assert.equal(accepted.length, acceptedBefore, 'no secure connection was accepted');
  // Node verifies the chain after the TLS 1.3 handshake and destroys the socket, so the server-side
  // error is a hang-up rather than a verification message; what matters is that it was never accepted.
  assert.equal(rejected.length, rejectedBefore + 1);
});

test('a client without a certificate is refused by the server', async () => {
  const acceptedBefore = accepted.length;
  const rejection = once(server, 'tlsClientError');
  const outcome = await dial(undefined);
  const [err] = (await rejection) as [Error];
  assert.match(String(err), /certificate/i);
  assert.equal(outcome.data, '', 'no application data reaches a rejected client');
  assert.equal(accepted.length, acceptedBefore, 'no secure connection was accepted');
});

/**
 * The same checks against a real node's peer/agency port (grpc-js, the credentials from
 * src/link/tls-credentials), with the process-wide TLS floor lowered to TLS 1.0 the way an operator
 * could with `node --tls-min-v1.0`: the node still refuses anything older than TLS 1.2 with a
 * "protocol version" alert (grpc-js's own createSsl would not: it fails such a client differently),
 * and a dialer refuses a server stuck on TLS 1.1. The admin channel is a 0600 Unix socket and the
 * peer port does not serve AdminService.
 */
describe('a node\'s peer port: TLS 1.2 or newer, a client certificate from the network CA, no admin service', () => {
  let net: TestNetwork;
  let address: { host: string; port: number };
  let pki: string;
  const savedMin = tls.DEFAULT_MIN_VERSION;
  const pair = (dir: string, name: string) => ({ cert: readFileSync(join(dir, `${name}.crt`), 'utf8'), key: readFileSync(join(dir, `${name}.key`), 'utf8') });

  before(async () => {
    tls.DEFAULT_MIN_VERSION = 'TLSv1';
    net = await startTestNetwork([{ name: 'd24', code: '000.00.24.H44', agencies: ['000.00.24.H44'] }]);
    const [host, port] = net.node('d24').address.split(':');
    address = { host: host!, port: Number(port) };
    pki = net.net.pkiDir;
    issueToDir(pki, { code: '000.46.24.H44', role: 'node' });
  });
  after(async () => {
    tls.DEFAULT_MIN_VERSION = savedMin;
    await net.close();
  });

  interface RawOutcome {
    protocol: string | null;
    /** The suite agreed (OpenSSL's name). */
    cipher: string | null;
    alpn: string | false | null;
    error: (Error & { code?: string }) | null;
    /** The server hung up within 300 ms of the handshake (how Node refuses a bad TLS 1.3 client certificate). */
    hungUp: boolean;
  }

  /** A raw TLS connection offering h2 like a gRPC client; resolves with what happened. */
  function connect(opts: tls.ConnectionOptions): Promise<RawOutcome> {
    const socket = tls.connect({ ...address, ca: readFileSync(join(pki, 'ca.crt')), ALPNProtocols: ['h2'], checkServerIdentity: () => undefined, ...opts });
    return new Promise((resolve) => {
      const r: RawOutcome = { protocol: null, cipher: null, alpn: null, error: null, hungUp: false };
      let timer: NodeJS.Timeout | null = null;
      const done = () => {
        if (timer) clearTimeout(timer);
        socket.destroy();
        resolve(r);
      };
      socket.on('secureConnect', () => {
        r.protocol = socket.getProtocol();
        r.cipher = socket.getCipher().name;
        r.alpn = socket.alpnProtocol ?? null;
        // A refused TLS 1.3 client sees secureConnect first, then the server's alert or hang-up.
        timer = setTimeout(done, 300);
      });
      socket.on('error', (error) => {
        r.error ??= error;
      });
      socket.on('close', () => {
        r.hungUp = true;
        done();
      });
    });
  }

  it('refuses a TLS 1.1 client for its protocol version, even with a good certificate', async () => {
    const r = await connect({ ...pair(pki, 'node-000.46.24.H44'), minVersion: 'TLSv1', maxVersion: 'TLSv1.1', ciphers: 'DEFAULT@SECLEVEL=0' });
    assert.equal(r.protocol, null, 'no TLS session');
    assert.equal(r.error?.code, 'ERR_SSL_TLSV1_ALERT_PROTOCOL_VERSION');
  });

  it('speaks TLS 1.3 (and h2) with an agency certificate of the network CA, and TLS 1.2 when that is all the client has', async () => {
    const agencyCert = net.net.agencyCerts.get('000.00.24.H44')!;
    const cert = { cert: readFileSync(agencyCert.cert, 'utf8'), key: readFileSync(agencyCert.key, 'utf8') };
    const r13 = await connect(cert);
    assert.equal(r13.error, null);
    assert.equal(r13.hungUp, false, 'the server keeps the connection open for HTTP/2');
    assert.deepEqual([r13.protocol, r13.alpn], ['TLSv1.3', 'h2']);
    const r12 = await connect({ ...cert, maxVersion: 'TLSv1.2' });
    assert.equal(r12.error, null);
    assert.equal(r12.protocol, 'TLSv1.2');
  });

  it('refuses TLS 1.2 suites without forward secrecy or with CBC (static RSA: AES128-SHA, AES256-SHA256), even with a good certificate', async () => {
    const agencyCert = net.net.agencyCerts.get('000.00.24.H44')!;
    const cert = { cert: readFileSync(agencyCert.cert, 'utf8'), key: readFileSync(agencyCert.key, 'utf8') };
    for (const ciphers of ['AES128-SHA', 'AES256-SHA256', 'ECDHE-RSA-AES128-SHA']) {
      const r = await connect({ ...cert, maxVersion: 'TLSv1.2', ciphers });
      assert.equal(r.protocol, null, `${ciphers}: no TLS session`);
      assert.equal(r.error?.code, 'ERR_SSL_SSLV3_ALERT_HANDSHAKE_FAILURE', `${ciphers}: ${r.error?.code}`);
    }
    const good = await connect({ ...cert, maxVersion: 'TLSv1.2', ciphers: 'ECDHE-RSA-AES256-GCM-SHA384' });
    assert.deepEqual([good.error, good.protocol], [null, 'TLSv1.2']);
  });

  it('takes DHE with RSA and AES-GCM in TLS 1.2 (forward secrecy for Windows before 10 / Server 2016, which lack ECDHE-RSA with AES-GCM), but not DHE with CBC', async () => {
    const agencyCert = net.net.agencyCerts.get('000.00.24.H44')!;
    const cert = { cert: readFileSync(agencyCert.cert, 'utf8'), key: readFileSync(agencyCert.key, 'utf8') };
    for (const ciphers of ['DHE-RSA-AES128-GCM-SHA256', 'DHE-RSA-AES256-GCM-SHA384']) {
      const r = await connect({ ...cert, maxVersion: 'TLSv1.2', ciphers });
      assert.deepEqual([r.error, r.protocol, r.cipher], [null, 'TLSv1.2', ciphers], ciphers);
    }
    const cbc = await connect({ ...cert, maxVersion: 'TLSv1.2', ciphers: 'DHE-RSA-AES128-SHA256' });
    assert.equal(cbc.error?.code, 'ERR_SSL_SSLV3_ALERT_HANDSHAKE_FAILURE');
  });

  it('refuses a client without a certificate', async () => {
    const r = await connect({});
    assert.equal(r.error?.code, 'ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED');
  });

  it('refuses a certificate from another CA', async () => {
    const other = join(net.dir, 'other-ca');
    initPkiDir(other, { commonName: 'some other CA' });
    issueToDir(other, { code: '000.46.24.H44', role: 'node' });
    const r = await connect(pair(other, 'node-000.46.24.H44'));
    assert.ok(r.hungUp || r.error, 'the connection fails');
    assert.equal(r.hungUp, true, 'the server hangs up');
    if (r.error) assert.match(r.error.code ?? '', /^(ECONNRESET|ERR_SSL_\w+)$/);
    // Counted by address and reason, for Prometheus.
    await waitFor('the refusal counted', async () => {
      const metrics = await net.node('d24').metrics.registry.metrics();
      return /^lienthong_connections_refused_total\{peer="unauthenticated",reason="(UNABLE_TO_VERIFY_LEAF_SIGNATURE|SELF_SIGNED_CERT_IN_CHAIN|UNABLE_TO_GET_ISSUER_CERT_LOCALLY)"[^}]*\} [1-9]/m.test(metrics) || undefined;
    });
  });

  it('logs who was refused for a certificate from another CA and why (one line per address per 10 s)', async () => {
    const server = new grpc.Server();
    const files = readTlsFiles({ ca: join(pki, 'ca.crt'), cert: join(net.dir, 'd24', 'node-000.00.24.H44.crt'), key: join(net.dir, 'd24', 'node-000.00.24.H44.key') });
    const bound = await new Promise<number>((resolve, reject) => server.bindAsync('127.0.0.1:0', serverCredentials(files), (e, p) => (e ? reject(e) : resolve(p))));
    const seen: TlsRefusal[] = [];
    assert.equal(watchTlsRefusals(server, (r) => seen.push(r)), true, 'grpc-js still exposes its HTTP/2 servers');
    try {
      const other = join(net.dir, 'other-ca-2');
      initPkiDir(other, { commonName: 'yet another CA' });
      issueToDir(other, { code: '000.47.24.H44', role: 'node' });
      const attempt = () => new Promise<void>((resolve) => {
        const socket = tls.connect({ host: '127.0.0.1', port: bound, ca: readFileSync(join(pki, 'ca.crt')), ALPNProtocols: ['h2'], checkServerIdentity: () => undefined, ...pair(other, 'node-000.47.24.H44') });
        socket.on('error', () => undefined);
        socket.on('close', () => resolve());
      });
      await attempt();
      await waitFor('the refusal reported', () => seen.length === 1);
      await attempt();
      await waitFor('the second refusal reported', () => seen.length === 2);
      assert.deepEqual(seen.map((r) => r.logged), [true, false], 'a second refusal from the same address within 10 s is reported for counting, not logged');
      assert.match(seen[0]!.from, /^127\.0\.0\.1:\d+$/);
      assert.match(seen[0]!.code, /^(UNABLE_TO_VERIFY_LEAF_SIGNATURE|SELF_SIGNED_CERT_IN_CHAIN|UNABLE_TO_GET_ISSUER_CERT_LOCALLY)$/);
      assert.match(seen[0]!.reason, /does not verify against this node's CA .*not issued by the network CA in tls\.ca/);
    } finally {
      server.forceShutdown();
    }
  });

  it('reports bytes that are not TLS as a failed handshake, with the address, and says what it means', async () => {
    const server = new grpc.Server();
    const files = readTlsFiles({ ca: join(pki, 'ca.crt'), cert: join(net.dir, 'd24', 'node-000.00.24.H44.crt'), key: join(net.dir, 'd24', 'node-000.00.24.H44.key') });
    const bound = await new Promise<number>((resolve, reject) => server.bindAsync('127.0.0.1:0', serverCredentials(files), (e, p) => (e ? reject(e) : resolve(p))));
    const seen: TlsRefusal[] = [];
    assert.equal(watchTlsRefusals(server, (r) => r.logged && seen.push(r)), true);
    try {
      const socket = tcpConnect(bound, '127.0.0.1');
      socket.on('error', () => undefined);
      await once(socket, 'connect');
      socket.write('GET / HTTP/1.1\r\nHost: lienthong\r\n\r\n');
      await waitFor('the failed handshake reported', () => seen.length === 1);
      socket.destroy();
      assert.equal(seen[0]!.kind, 'handshake');
      assert.match(seen[0]!.from, /^127\.0\.0\.1:\d+$/);
      assert.match(seen[0]!.code, /^ERR_SSL_/);
      assert.match(seen[0]!.reason, /did not speak TLS .*wrong port/);
    } finally {
      server.forceShutdown();
    }
  });

  it('reads each kind of failed handshake for the operator', () => {
    assert.deepEqual(classifyTlsClientError('CERT_HAS_EXPIRED', 'ECONNRESET').kind, 'certificate');
    const none = classifyTlsClientError(null, 'ERR_SSL_PEER_DID_NOT_RETURN_A_CERTIFICATE');
    assert.equal(none.kind, 'certificate');
    assert.match(none.reason, /presented no client certificate/);
    assert.match(classifyTlsClientError(null, 'ERR_TLS_HANDSHAKE_TIMEOUT').reason, /did not finish its TLS handshake in time/);
    assert.match(classifyTlsClientError(null, 'ERR_SSL_UNSUPPORTED_PROTOCOL').reason, /older than 1\.2/);
    const left = classifyTlsClientError(null, 'ECONNRESET');
    assert.equal(left.kind, 'refused-by-client');
    assert.equal(classifyTlsClientError(null, 'ECONNRESET', false).kind, 'handshake', 'gone before sending a byte: not a refusal');
    assert.match(left.reason, /as soon as it had this node's certificate.*most likely it refused that certificate/);
    assert.deepEqual(classifyTlsClientError(undefined, undefined), { kind: 'handshake', code: 'ERR_TLS', reason: handshakeFailureReason('ERR_TLS') });
  });

  it('drops a connection that never finishes its TLS handshake after HANDSHAKE_TIMEOUT_MS', async () => {
    const started = Date.now();
    const socket = tcpConnect(address.port, address.host);
    socket.on('error', () => undefined);
    await once(socket, 'connect');
    await once(socket, 'close');
    const held = Date.now() - started;
    assert.ok(held >= HANDSHAKE_TIMEOUT_MS - 500 && held < HANDSHAKE_TIMEOUT_MS + 5_000, `held ${held} ms`);
  });

  /** A link server on d24's certificate whose TLS refusals are watched: those logged land in `seen`; `clock.ms` is their clock. */
  async function watchedLinkServer(): Promise<{ server: grpc.Server; bound: number; seen: TlsRefusal[]; clock: { ms: number } }> {
    const server = new grpc.Server();
    server.addService(loadProto().LinkService.service, { Connect: (call: grpc.ServerDuplexStream<unknown, unknown>) => call.end() });
    const files = readTlsFiles({ ca: join(pki, 'ca.crt'), cert: join(net.dir, 'd24', 'node-000.00.24.H44.crt'), key: join(net.dir, 'd24', 'node-000.00.24.H44.key') });
    const bound = await new Promise<number>((resolve, reject) => server.bindAsync('127.0.0.1:0', serverCredentials(files), (e, p) => (e ? reject(e) : resolve(p))));
    const seen: TlsRefusal[] = [];
    const clock = { ms: 0 };
    assert.equal(watchTlsRefusals(server, (r) => r.logged && seen.push(r), () => clock.ms), true);
    return { server, bound, seen, clock };
  }

  it('logs a client that refuses this node\'s certificate: it leaves without an alert as soon as it has read it', async () => {
    const { server, bound, seen, clock } = await watchedLinkServer();
    const child = { ca: join(pki, 'ca.crt'), cert: join(pki, 'node-000.46.24.H44.crt'), key: join(pki, 'node-000.46.24.H44.key') };
    /** A real grpc-js dialer with the link's credentials, as a child dials its parent. */
    const dial = async (m: ReturnType<typeof readTlsFiles>, expected: string) => {
      const client = new (loadProto().LinkService)(`127.0.0.1:${bound}`, dialCredentials(m, expected, 'node'), { 'grpc.ssl_target_name_override': 'x' }) as unknown as LinkServiceClient;
      const call = client.Connect();
      call.on('data', () => undefined);
      const outcome = await new Promise<string>((resolve) => {
        call.on('error', (e: grpc.ServiceError) => resolve(`error ${e.code}`));
        call.on('end', () => resolve('end'));
      });
      client.close();
      return outcome;
    };
    const assertRefusal = (r: TlsRefusal | undefined) => {
      assert.equal(r?.kind, 'refused-by-client', JSON.stringify(r));
      assert.match(r.from, /^127\.0\.0\.1:\d+$/);
      assert.match(r.reason, /most likely it refused that certificate \(its tls\.ca is another CA .* or it expects another node at this address\)/);
      // Reset during the handshake, or (when the server's side had just finished) closed before HTTP/2, with its certificate.
      if (r.code !== 'ECONNRESET') assert.deepEqual([r.code, r.client], ['CLOSED_BEFORE_HTTP2_PREFACE', 'node 000.46.24.H44']);
    };
    try {
      // A child that trusts another CA than the one that issued this node's certificate.
      const other = join(net.dir, 'other-ca-3');
      initPkiDir(other, { commonName: 'a CA the child was given by mistake' });
      assert.equal(await dial({ ...readTlsFiles(child), ca: readFileSync(join(other, 'ca.crt')) }, '000.00.24.H44'), `error ${grpc.status.UNAVAILABLE}`);
      await waitFor('the client\'s departure reported', () => seen.length === 1);
      assertRefusal(seen[0]);
      // A child that expects another node at this address refuses the same way.
      clock.ms += REFUSAL_LOG_EVERY_MS;
      assert.equal(await dial(readTlsFiles(child), '000.00.99.H44'), `error ${grpc.status.UNAVAILABLE}`);
      await waitFor('the second departure reported', () => seen.length === 2);
      assertRefusal(seen[1]);
      // A client whose handshake the server finished, gone before HTTP/2's preface: named by its certificate.
      clock.ms += REFUSAL_LOG_EVERY_MS;
      const announced = once(http2ServersOf(server)![0]!, 'session');
      const raw = tls.connect({ host: '127.0.0.1', port: bound, ca: readFileSync(join(pki, 'ca.crt')), ALPNProtocols: ['h2'], checkServerIdentity: () => undefined, ...pair(pki, 'node-000.46.24.H44') });
      raw.on('error', () => undefined);
      await once(raw, 'secureConnect');
      await announced;
      raw.destroy();
      await waitFor('the silent client reported', () => seen.length === 3);
      assert.deepEqual([seen[2]!.kind, seen[2]!.code, seen[2]!.client], ['refused-by-client', 'CLOSED_BEFORE_HTTP2_PREFACE', 'node 000.46.24.H44']);
      // A client that accepts the certificate speaks HTTP/2: nothing is reported.
      clock.ms += REFUSAL_LOG_EVERY_MS;
      assert.equal(await dial(readTlsFiles(child), '000.00.24.H44'), 'end');
      await new Promise((r) => setTimeout(r, 300));
      assert.equal(seen.length, 3, `a client that spoke HTTP/2 is not reported: ${JSON.stringify(seen[3])}`);
      // A TCP port check (connect, close, not a byte sent) is no refusal: a failed handshake, at info.
      const probe = tcpConnect(bound, '127.0.0.1');
      probe.on('error', () => undefined);
      await once(probe, 'connect');
      probe.destroy();
      await waitFor('the port check reported', () => seen.length === 4);
      assert.equal(seen[3]!.kind, 'handshake', JSON.stringify(seen[3]));
      assert.match(seen[3]!.reason, /before starting TLS: a TCP port check, or a scan/);
    } finally {
      server.forceShutdown();
    }
  });

  it('says a client that finished its handshake and then sent no HTTP/2 (HTTP/1.1, random bytes) spoke something else, not that it refused the certificate', async () => {
    const { server, bound, seen, clock } = await watchedLinkServer();
    const agency = net.net.agencyCerts.get('000.00.24.H44')!;
    try {
      for (const bytes of [Buffer.from('GET / HTTP/1.1\r\n\r\n'), Buffer.from('9c3f0a7781e2d4b05566aa10ffee0001c0de', 'hex')]) {
        clock.ms += REFUSAL_LOG_EVERY_MS;
        const n = seen.length;
        const raw = tls.connect({ host: '127.0.0.1', port: bound, ca: readFileSync(join(pki, 'ca.crt')), ALPNProtocols: ['h2'], checkServerIdentity: () => undefined, cert: readFileSync(agency.cert), key: readFileSync(agency.key) });
        raw.on('error', () => undefined);
        await once(raw, 'secureConnect');
        raw.write(bytes);
        raw.resume();
        await once(raw, 'close');
        await waitFor('the client reported', () => seen.length === n + 1);
        const r = seen[seen.length - 1]!;
        assert.deepEqual([r.kind, r.code, r.client], ['not-http2', 'NOT_HTTP2_AFTER_HANDSHAKE', 'agency 000.00.24.H44'], JSON.stringify(r));
        assert.match(r.from, /^127\.0\.0\.1:\d+$/);
        assert.match(r.reason, /finished the TLS handshake, this node's certificate accepted, then sent bytes that are not HTTP\/2 \(.*bad client magic.*\): it is no gRPC client/);
        assert.match(r.reason, /HTTP\/1\.1 client .*ALPN h2/);
        assert.doesNotMatch(r.reason, /refused that certificate/);
      }
      assert.equal(seen.length, 2, `one report per client: ${JSON.stringify(seen)}`);
      // A client that sent HTTP/2's preface and then reset its connection spoke no wrong bytes.
      clock.ms += REFUSAL_LOG_EVERY_MS;
      const tcp = tcpConnect({ host: '127.0.0.1', port: bound });
      tcp.on('error', () => undefined);
      await once(tcp, 'connect');
      const raw = tls.connect({ socket: tcp, ca: readFileSync(join(pki, 'ca.crt')), ALPNProtocols: ['h2'], checkServerIdentity: () => undefined, cert: readFileSync(agency.cert), key: readFileSync(agency.key) });
      raw.on('error', () => undefined);
      await once(raw, 'secureConnect');
      raw.write('PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n');
      await new Promise((r) => setTimeout(r, 50));
      tcp.resetAndDestroy();
      await new Promise((r) => setTimeout(r, 300));
      assert.deepEqual(seen.slice(2).filter((r) => r.kind === 'not-http2'), [], 'a reset is not reported as bytes that are not HTTP/2');
    } finally {
      server.forceShutdown();
    }
  });

  it('a dialer refuses a server that only speaks TLS 1.1', async () => {
    const server = tls.createServer({ ...pair(join(net.dir, 'd24'), 'node-000.00.24.H44'), ca: readFileSync(join(pki, 'ca.crt')), requestCert: true, minVersion: 'TLSv1', maxVersion: 'TLSv1.1', ciphers: 'DEFAULT@SECLEVEL=0' });
    const seen: Error[] = [];
    let secure = 0;
    server.on('tlsClientError', (e) => seen.push(e));
    server.on('secureConnection', (s) => {
      secure++;
      s.destroy();
    });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    const files = { ca: join(pki, 'ca.crt'), cert: join(pki, 'node-000.46.24.H44.crt'), key: join(pki, 'node-000.46.24.H44.key') };
    const client = new (loadProto().LinkService)(`127.0.0.1:${(server.address() as AddressInfo).port}`, dialCredentials(readTlsFiles(files), '000.00.24.H44', 'node'), { 'grpc.ssl_target_name_override': 'x' }) as unknown as LinkServiceClient;
    const call = client.Connect();
    const [err] = (await once(call, 'error')) as [grpc.ServiceError];
    client.close();
    server.close();
    assert.equal(err.code, grpc.status.UNAVAILABLE);
    assert.equal(secure, 0, 'no TLS session was established');
    assert.match(String(seen[0]), /version|protocol/i);
  });

  it('keeps the admin channel on a 0600 Unix socket; the peer port has no AdminService', async () => {
    const st = statSync(net.node('d24').adminSocket);
    assert.ok(st.isSocket());
    assert.equal(st.mode & 0o777, 0o600);
    const files = { ca: join(pki, 'ca.crt'), cert: join(pki, 'node-000.46.24.H44.crt'), key: join(pki, 'node-000.46.24.H44.key') };
    const admin = new (loadProto().AdminService)(net.node('d24').address, dialCredentials(readTlsFiles(files), '000.00.24.H44', 'node'), { 'grpc.ssl_target_name_override': 'x' }) as unknown as AdminServiceClient;
    const err = await new Promise<grpc.ServiceError | null>((resolve) => admin.Status({}, (e) => resolve(e)));
    admin.close();
    assert.equal(err?.code, grpc.status.UNIMPLEMENTED, 'a valid peer certificate still reaches no admin call');
  });
});
