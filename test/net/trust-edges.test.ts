/**
 * Who may talk to a node: certificates from another CA, children forging senders, agencies acting
 * as someone else. Real nodes, real mutual TLS on 127.0.0.1.
 */
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import * as grpc from '@grpc/grpc-js';
import { AgencyClient } from '../../src/client/agency-client.js';
import type { LinkFrame__Output } from '../../src/gen/lienthong/v1/LinkFrame.js';
import type { LinkServiceClient } from '../../src/gen/lienthong/v1/LinkService.js';
import { dialCredentials, readTlsFiles } from '../../src/link/tls-credentials.js';
import { initPkiDir, issueToDir } from '../../src/pki/files.js';
import { loadProto } from '../../src/service/proto.js';
import { messageToPb } from '../../src/service/wire.js';
import { buildDocument } from '../../src/domain/envelope.js';
import { documentInput, startTestNetwork, type TestNetwork } from '../helpers/in-process-network.js';

const TOPOLOGY = [
  { name: 'h44', code: '000.00.00.H44', agencies: ['000.00.00.H44'] },
  { name: 'd24', code: '000.00.24.H44', parent: 'h44', agencies: ['000.00.24.H44'] },
  { name: 'c46', code: '000.46.24.H44', parent: 'd24', agencies: ['000.46.24.H44', '001.46.24.H44'] },
];

function linkClient(address: string, tls: { ca: string; cert: string; key: string }, expect: string): LinkServiceClient {
  const proto = loadProto();
  return new proto.LinkService(address, dialCredentials(readTlsFiles(tls), expect, 'node'), { 'grpc.ssl_target_name_override': 'x' }) as unknown as LinkServiceClient;
}

/** Opens a link as `code`, sends one transfer, returns the first ack (or the stream's error). */
function transferOnce(client: LinkServiceClient, code: string, frame: object): Promise<LinkFrame__Output | Error> {
  return new Promise((resolve) => {
    const call = client.Connect();
    let helloSeen = false;
    call.on('data', ({ frame: f }: { frame: LinkFrame__Output }) => {
      if (f.hello && !helloSeen) {
        helloSeen = true;
        call.write({ frame: { transfer: frame } });
      } else if (f.acks) {
        resolve(f);
        call.end();
      }
    });
    call.on('error', (e: Error) => resolve(e));
    call.write({ frame: { hello: { nodeCode: code, softwareVersion: 'test', window: 1 } } });
  });
}

describe('trust at the edges (real mutual TLS)', () => {
  let t: TestNetwork;
  let foreign: { ca: string; cert: string; key: string };

  before(async () => {
    t = await startTestNetwork(TOPOLOGY);
    await t.waitLinksUp();
    const other = join(t.dir, 'other-ca');
    mkdirSync(other);
    initPkiDir(other, { commonName: 'some other CA' });
    const f = issueToDir(other, { code: '000.46.24.H44', role: 'node' });
    foreign = { ca: join(t.net.pkiDir, 'ca.crt'), cert: f.certPath, key: f.keyPath };
  });
  after(async () => {
    await t.close();
  });

  it('refuses a node certificate from another CA at the TLS handshake', async () => {
    const d24 = t.net.nodes.get('d24')!;
    const client = linkClient(d24.address, foreign, d24.code);
    const r = await transferOnce(client, '000.46.24.H44', {});
    client.close();
    assert.ok(r instanceof Error, 'the stream fails');
    assert.equal((r as grpc.ServiceError).code, grpc.status.UNAVAILABLE);
  });

  it('refuses an agency certificate from another CA on the agency API', async () => {
    const c46 = t.net.nodes.get('c46')!;
    const other = join(t.dir, 'other-ca');
    const f = issueToDir(other, { code: '000.46.24.H44', role: 'agency' });
    const client = new AgencyClient({ address: c46.address, nodeCode: c46.code, tls: { ca: join(t.net.pkiDir, 'ca.crt'), cert: f.certPath, key: f.keyPath } });
    await assert.rejects(client.inbox('000.46.24.H44'), (e: Error & { code?: string }) => e.code === 'NODE_UNREACHABLE');
    client.close();
  });

  it('refuses a child that hands over a document from a sender outside its subtree (forged sender)', async () => {
    await t.stop('c46');
    const c46 = t.net.nodes.get('c46')!;
    const d24 = t.net.nodes.get('d24')!;
    const tls = { ca: join(t.net.pkiDir, 'ca.crt'), cert: join(t.dir, 'c46', 'node-000.46.24.H44.crt'), key: join(t.dir, 'c46', 'node-000.46.24.H44.key') };
    const forged = buildDocument(documentInput('000.00.07.H29', ['000.00.00.H44'], 'giả mạo'), { maxDocumentBytes: 1e6, expirySeconds: 60 }, Date.now());
    const client = linkClient(d24.address, tls, d24.code);
    const r = await transferOnce(client, c46.code, { seq: 1, message: messageToPb(forged), recipients: ['000.00.00.H44'], trace: [{ nodeCode: c46.code, atMs: Date.now() }] });
    client.close();
    assert.ok(!(r instanceof Error), `got an ack, not ${String(r)}`);
    const ack = (r as LinkFrame__Output).acks!.acks[0]!;
    assert.equal(ack.result, 'ACK_RESULT_REFUSED_PERMANENT');
    assert.equal(ack.errorCode, 'SENDER_NOT_ALLOWED');
    assert.equal(t.node('d24').store.message(forged.id), null, 'nothing stored');
    assert.ok(t.node('d24').store.counters().refused >= 1, 'the refusal is counted');
    await t.start('c46');
    await t.waitLinksUp();
  });

  it('refuses a node link from a code that is not a configured child', async () => {
    const h44 = t.net.nodes.get('h44')!;
    // c46 has a valid certificate, but it is not a child of h44.
    const tls = { ca: join(t.net.pkiDir, 'ca.crt'), cert: join(t.dir, 'c46', 'node-000.46.24.H44.crt'), key: join(t.dir, 'c46', 'node-000.46.24.H44.key') };
    const client = linkClient(h44.address, tls, h44.code);
    const r = await transferOnce(client, '000.46.24.H44', {});
    client.close();
    assert.ok(r instanceof Error);
    assert.equal((r as grpc.ServiceError).code, grpc.status.PERMISSION_DENIED);
    assert.match((r as grpc.ServiceError).details, /not a configured child/);
  });

  it('lets an agency act only as itself over the agency API', async () => {
    const c46 = t.net.nodes.get('c46')!;
    const client = new AgencyClient({ address: c46.address, nodeCode: c46.code, tls: { ca: join(t.net.pkiDir, 'ca.crt'), ...t.net.agencyCerts.get('000.46.24.H44')! } });
    try {
      const ok = await client.send({ from: '000.46.24.H44', to: ['001.46.24.H44'], priority: 0, document: { subject: 'nội bộ' }, body: Buffer.from('x') });
      assert.equal(ok.routes[0]!.decision, 'local');
      await assert.rejects(
        client.send({ from: '001.46.24.H44', to: ['000.46.24.H44'], priority: 0, document: { subject: 'mạo danh' }, body: Buffer.from('x') }),
        (e: Error & { code?: string }) => e.code === 'SENDER_NOT_ALLOWED',
      );
      await assert.rejects(client.inbox('001.46.24.H44'), (e: Error & { code?: string }) => e.code === 'NOT_AUTHORIZED');
      await assert.rejects(
        client.send({ from: '000.46.24.H44', to: ['000.46.24.H44'], priority: 9, document: { subject: 'x' }, body: Buffer.from('x') }),
        (e: Error & { code?: string; message: string }) => e.code === 'INVALID_DOCUMENT' && /priority/.test(e.message),
      );
    } finally {
      client.close();
    }
  });

  it('streams many sends over one call, each answered once committed, and keeps the sender honest', async () => {
    const c46 = t.net.nodes.get('c46')!;
    const client = new AgencyClient({ streamSends: true, address: c46.address, nodeCode: c46.code, tls: { ca: join(t.net.pkiDir, 'ca.crt'), ...t.net.agencyCerts.get('000.46.24.H44')! } });
    try {
      const sent = await Promise.all(Array.from({ length: 200 }, (_, i) =>
        client.send({ from: '000.46.24.H44', to: ['001.46.24.H44'], priority: i % 5, document: { subject: `luồng ${i}` }, body: Buffer.from(String(i)) })));
      assert.equal(new Set(sent.map((r) => r.messageId)).size, 200, 'every document accepted with its own id');
      const inbox = t.node('c46').store.inbox('001.46.24.H44', 0, 10_000, true).map((i) => i.message.id);
      for (const r of sent) assert.ok(inbox.includes(r.messageId), 'committed before it was answered');
      await assert.rejects(
        client.send({ from: '001.46.24.H44', to: ['000.46.24.H44'], priority: 0, document: { subject: 'mạo danh' }, body: Buffer.from('x') }),
        (e: Error & { code?: string }) => e.code === 'SENDER_NOT_ALLOWED',
      );
      const after = await client.send({ from: '000.46.24.H44', to: ['001.46.24.H44'], priority: 0, document: { subject: 'vẫn chạy' }, body: Buffer.from('y') });
      assert.ok(after.messageId, 'a refused document does not break the stream');
    } finally {
      client.close();
    }
  });

  it('refuses a second document under a seq still awaiting its answer on a SendStream, and takes in the first', async () => {
    const c46 = t.net.nodes.get('c46')!;
    const tls = { ca: join(t.net.pkiDir, 'ca.crt'), ...t.net.agencyCerts.get('000.46.24.H44')! };
    const signer = new AgencyClient({ address: c46.address, nodeCode: c46.code, tls });
    const raw = new (loadProto().AgencyService)(c46.address, dialCredentials(readTlsFiles(tls), c46.code, 'node'), { 'grpc.ssl_target_name_override': 'lienthong-node' }) as unknown as {
      SendStream(): grpc.ClientDuplexStream<object, { seq: number; errorCode: string; errorMessage: string; response: { messageId: string } | null }>;
      close(): void;
    };
    try {
      const req = (subject: string) => signer.signRequest({ from: '000.46.24.H44', to: ['001.46.24.H44'], priority: 0, document: { subject }, body: Buffer.from(subject) });
      const [a, b, c] = [req('số bảy'), req('số bảy lần nữa'), req('số tám')];
      const call = raw.SendStream();
      const answers: { seq: number; errorCode: string; errorMessage: string; response: { messageId: string } | null }[] = [];
      const done = new Promise<void>((resolve, reject) => {
        call.on('data', (r) => answers.push(r) === 3 && resolve());
        call.on('error', reject);
      });
      call.write({ seq: 7, request: a });
      call.write({ seq: 7, request: b });
      call.write({ seq: 8, request: c });
      await done;
      call.end();
      const sevens = answers.filter((r) => Number(r.seq) === 7);
      assert.equal(sevens.length, 2);
      const refused = sevens.find((r) => r.errorCode)!;
      assert.equal(refused.errorCode, 'INVALID_ARGUMENT');
      assert.match(refused.errorMessage, /seq 7 is already in flight on this stream/);
      const taken = sevens.find((r) => !r.errorCode)!;
      assert.equal(taken.response?.messageId, a.messageId, 'the first document under seq 7 was taken in');
      assert.equal(answers.find((r) => Number(r.seq) === 8)?.response?.messageId, c.messageId);
      const inbox = t.node('c46').store.inbox('001.46.24.H44', 0, 10_000, true).map((i) => i.message.id);
      assert.ok(inbox.includes(a.messageId!) && inbox.includes(c.messageId!));
      assert.ok(!inbox.includes(b.messageId!), 'the refused one was not taken in');
    } finally {
      raw.close();
      signer.close();
    }
  });

  it('refuses an agency certificate on the link, in English ("an agency certificate")', async () => {
    const d24 = t.net.nodes.get('d24')!;
    const client = linkClient(d24.address, { ca: join(t.net.pkiDir, 'ca.crt'), ...t.net.agencyCerts.get('000.46.24.H44')! }, d24.code);
    const r = await transferOnce(client, '000.46.24.H44', {});
    client.close();
    assert.ok(r instanceof Error, 'the stream fails');
    assert.equal((r as grpc.ServiceError).code, grpc.status.PERMISSION_DENIED);
    assert.match((r as grpc.ServiceError).details, /^NOT_AUTHORIZED: an agency certificate \(000\.46\.24\.H44\) cannot open a node link; use a node certificate$/);
  });

  it('refuses an agency certificate on a node the agency is not attached to', async () => {
    const d24 = t.net.nodes.get('d24')!;
    const client = new AgencyClient({ address: d24.address, nodeCode: d24.code, tls: { ca: join(t.net.pkiDir, 'ca.crt'), ...t.net.agencyCerts.get('000.46.24.H44')! } });
    await assert.rejects(client.inbox('000.46.24.H44'), (e: Error & { code?: string; message: string }) => e.code === 'NOT_AUTHORIZED' && /not attached/.test(e.message));
    client.close();
  });
});
