/**
 * The client certificate is read once per connection (src/service/auth-context-per-connection.ts),
 * on a real grpc-js server over mutual TLS on 127.0.0.1: many calls on one connection read it once
 * and each still gets its caller's identity; another connection with another agency's certificate
 * gets its own; revocation is still checked on every call of a connection already read.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import tls from 'node:tls';
import * as grpc from '@grpc/grpc-js';
import { callerIdentity, serverCredentials } from '../../src/link/tls-credentials.js';
import { createCa, type PemPair } from '../../src/pki/ca.js';
import { issueCertificate } from '../../src/pki/issue.js';
import type { CertIdentity } from '../../src/pki/identity.js';
import { authContextPerConnection } from '../../src/service/auth-context-per-connection.js';
import { statusEndsCall } from '../../src/service/status-ends-call.js';

const raw = (b: Buffer): Buffer => b;
const WHO: grpc.ServiceDefinition = {
  who: { path: '/test.Who/Who', requestStream: false, responseStream: false, requestSerialize: raw, requestDeserialize: raw, responseSerialize: raw, responseDeserialize: raw },
};
const WhoClient = grpc.makeGenericClientConstructor(WHO, 'Who') as unknown as new (address: string, creds: grpc.ChannelCredentials) => grpc.Client & {
  who(req: Buffer, cb: (err: grpc.ServiceError | null, res?: Buffer) => void): void;
};

let ca: PemPair;
let server: grpc.Server;
let address: string;
const revoked = new Set<string>();
/**
 * Calls of TLSSocket.getPeerCertificate() as grpc-js's server makes them (without `detailed`; the
 * client's own check of the server certificate passes `true`).
 */
let reads = 0;
const original = tls.TLSSocket.prototype.getPeerCertificate;

function clientWithSerial(code: string): { client: InstanceType<typeof WhoClient>; serial: string } {
  const pair = issueCertificate({ caCertPem: ca.certPem, caKeyPem: ca.keyPem, code, role: 'agency' });
  const creds = grpc.credentials.createSsl(Buffer.from(ca.certPem), Buffer.from(pair.keyPem), Buffer.from(pair.certPem));
  return { client: new WhoClient(address, creds), serial: new X509Certificate(pair.certPem).serialNumber.toUpperCase() };
}

function clientFor(code: string): InstanceType<typeof WhoClient> {
  return clientWithSerial(code).client;
}

function who(client: InstanceType<typeof WhoClient>): Promise<string> {
  return new Promise((resolve, reject) => client.who(Buffer.alloc(0), (err, res) => (err ? reject(err) : resolve(res!.toString()))));
}

before(async () => {
  ca = createCa({});
  const node = issueCertificate({ caCertPem: ca.certPem, caKeyPem: ca.keyPem, code: '000.00.24.H44', role: 'node' });
  tls.TLSSocket.prototype.getPeerCertificate = function (this: tls.TLSSocket, detailed?: boolean) {
    if (!detailed) reads++;
    return original.call(this, detailed as true);
  } as typeof original;
  server = new grpc.Server({ interceptors: [authContextPerConnection, statusEndsCall] });
  server.addService(WHO, {
    who: (call: grpc.ServerUnaryCall<Buffer, Buffer>, cb: grpc.sendUnaryData<Buffer>) => {
      try {
        const id = callerIdentity(call, (i: CertIdentity) => (revoked.has(i.serial) ? `certificate ${i.serial} is revoked` : null));
        cb(null, Buffer.from(`${id.role} ${id.code}`));
      } catch (err) {
        cb({ code: grpc.status.UNAUTHENTICATED, details: (err as Error).message });
      }
    },
  });
  const creds = serverCredentials({ ca: Buffer.from(ca.certPem), cert: Buffer.from(node.certPem), key: Buffer.from(node.keyPem) });
  const port = await new Promise<number>((resolve, reject) => server.bindAsync('127.0.0.1:0', creds, (err, p) => (err ? reject(err) : resolve(p))));
  address = `127.0.0.1:${port}`;
});

after(() => {
  tls.TLSSocket.prototype.getPeerCertificate = original;
  server.forceShutdown();
});

describe('client certificates read once per connection', () => {
  it('reads a connection\'s certificate once, not on every call, and each connection\'s its own', async () => {
    const first = clientFor('000.46.24.H44');
    const second = clientFor('000.47.24.H44');
    try {
      // The first call opens the connection (grpc-js may look at the certificate then as well).
      assert.equal(await who(first), 'agency 000.46.24.H44');
      let before = reads;
      for (let i = 0; i < 5; i++) assert.equal(await who(first), 'agency 000.46.24.H44');
      assert.equal(reads - before, 0, 'later calls on the connection do not read its certificate again');
      assert.equal(await who(second), 'agency 000.47.24.H44');
      assert.ok(reads > before, 'a new connection has its certificate read');
      before = reads;
      const together = await Promise.all([who(first), who(second), who(first), who(second)]);
      assert.deepEqual(together, ['agency 000.46.24.H44', 'agency 000.47.24.H44', 'agency 000.46.24.H44', 'agency 000.47.24.H44']);
      assert.equal(reads - before, 0, 'each connection keeps its own certificate');
    } finally {
      first.close();
      second.close();
    }
  });

  it('still refuses a call once the connection\'s certificate is revoked', async () => {
    const { client, serial } = clientWithSerial('000.48.24.H44');
    try {
      assert.equal(await who(client), 'agency 000.48.24.H44');
      revoked.add(serial);
      await assert.rejects(who(client), (err: grpc.ServiceError) => err.code === grpc.status.UNAUTHENTICATED && /revoked/.test(err.details));
    } finally {
      client.close();
    }
  });
});
