/**
 * HTTP/2 flow-control windows (src/link/flow-control.ts) on a real grpc-js server and client over
 * mutual TLS on 127.0.0.1, set up as a node's peer port and a dialer are: both ends advertise the
 * wider window for their streams and open their connection's window to it, and a file's worth of
 * 1 MiB messages crosses a stream both ways intact.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import type { ServerHttp2Session } from 'node:http2';
import * as grpc from '@grpc/grpc-js';
import { FLOW_CONTROL_WINDOW_BYTES, widenServerWindows } from '../../src/link/flow-control.js';
import { CHANNEL_OPTIONS, dialCredentials, serverCredentials } from '../../src/link/tls-credentials.js';
import { createCa } from '../../src/pki/ca.js';
import { issueCertificate } from '../../src/pki/issue.js';

const NODE = '000.00.24.H44';
const HTTP2_DEFAULT_WINDOW = 65_535;
const raw = (b: Buffer): Buffer => b;
const ECHO: grpc.ServiceDefinition = {
  echo: { path: '/test.Echo/Echo', requestStream: true, responseStream: true, requestSerialize: raw, requestDeserialize: raw, responseSerialize: raw, responseDeserialize: raw },
};
const EchoClient = grpc.makeGenericClientConstructor(ECHO, 'Echo') as unknown as new (address: string, creds: grpc.ChannelCredentials, options: grpc.ChannelOptions) => grpc.Client & {
  echo(): grpc.ClientDuplexStream<Buffer, Buffer>;
};

let server: grpc.Server;
let client: InstanceType<typeof EchoClient>;
const sessions: ServerHttp2Session[] = [];

before(async () => {
  const ca = createCa({});
  const node = issueCertificate({ caCertPem: ca.certPem, caKeyPem: ca.keyPem, code: NODE, role: 'node' });
  const child = issueCertificate({ caCertPem: ca.certPem, caKeyPem: ca.keyPem, code: '000.46.24.H44', role: 'node' });
  server = new grpc.Server();
  server.addService(ECHO, {
    echo: (call: grpc.ServerDuplexStream<Buffer, Buffer>) => {
      call.on('data', (m: Buffer) => call.write(m));
      call.on('end', () => call.end());
    },
  });
  const creds = serverCredentials({ ca: Buffer.from(ca.certPem), cert: Buffer.from(node.certPem), key: Buffer.from(node.keyPem) });
  const port = await new Promise<number>((resolve, reject) => server.bindAsync('127.0.0.1:0', creds, (err, p) => (err ? reject(err) : resolve(p))));
  assert.equal(widenServerWindows(server), true, 'grpc-js exposes its HTTP/2 servers');
  for (const h of (server as unknown as { http2Servers: Map<{ on(e: 'session', f: (s: ServerHttp2Session) => void): void }, unknown> }).http2Servers.keys()) {
    h.on('session', (s) => sessions.push(s));
  }
  const dial = dialCredentials({ ca: Buffer.from(ca.certPem), cert: Buffer.from(child.certPem), key: Buffer.from(child.keyPem) }, NODE, 'node');
  client = new EchoClient(`127.0.0.1:${port}`, dial, { ...CHANNEL_OPTIONS, 'grpc.ssl_target_name_override': 'lienthong-node' });
});

after(() => {
  client.close();
  server.forceShutdown();
});

/** Sends `count` messages of `size` bytes on one stream and returns the SHA-256 of what came back. */
function echo(count: number, size: number): Promise<{ sent: string; back: string; bytes: number }> {
  return new Promise((resolve, reject) => {
    const call = client.echo();
    const sent = createHash('sha256');
    const back = createHash('sha256');
    let bytes = 0;
    call.on('data', (m: Buffer) => {
      back.update(m);
      bytes += m.length;
    });
    call.on('error', reject);
    call.on('end', () => resolve({ sent: sent.digest('hex'), back: back.digest('hex'), bytes }));
    for (let i = 0; i < count; i++) {
      const m = Buffer.alloc(size, i);
      m.writeUInt32BE(i, 0);
      sent.update(m);
      call.write(m);
    }
    call.end();
  });
}

describe('HTTP/2 flow-control windows', () => {
  it('are the wider window on both ends of a connection, for its streams and for itself', async () => {
    assert.ok(FLOW_CONTROL_WINDOW_BYTES >= 1024 * 1024, 'at least a whole 1 MiB chunk fits the window');
    await echo(1, 16);
    assert.equal(sessions.length, 1, 'one connection');
    const s = sessions[0]!;
    assert.equal(s.localSettings.initialWindowSize, FLOW_CONTROL_WINDOW_BYTES, "the server's streams take the window");
    assert.equal(s.remoteSettings.initialWindowSize, FLOW_CONTROL_WINDOW_BYTES, "the dialer's streams take the window");
    assert.ok(s.state.effectiveLocalWindowSize! >= FLOW_CONTROL_WINDOW_BYTES, `the server's connection window is ${s.state.effectiveLocalWindowSize}, not HTTP/2's ${HTTP2_DEFAULT_WINDOW}`);
    assert.ok(s.state.remoteWindowSize! > HTTP2_DEFAULT_WINDOW, `the dialer's connection window is ${s.state.remoteWindowSize}, not HTTP/2's ${HTTP2_DEFAULT_WINDOW}`);
  });

  it('carries 24 MiB in 1 MiB messages each way on one stream, intact', async () => {
    const r = await echo(24, 1024 * 1024);
    assert.equal(r.bytes, 24 * 1024 * 1024);
    assert.equal(r.back, r.sent);
  });
});
