/**
 * End-to-end signatures on a real network (mutual TLS, SQLite, worker threads): a relay that
 * alters a signed document, a document signed by the wrong agency or by another CA's certificate,
 * an unsigned one; documents signed in the agency's software and shown with their signer at the
 * recipient. The misbehaving relay is a hand-driven link with the province's real certificate.
 */
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { AgencyClient } from '../../src/client/agency-client.js';
import { LienthongError } from '../../src/domain/errors.js';
import type { Message } from '../../src/domain/types.js';
import { derivedMessageId } from '../../src/domain/ids.js';
import { initPkiDir, issueToDir } from '../../src/pki/files.js';
import { dialAsH44, H44_RELAY, H44_RELAY_TOPOLOGY, signedDocument, type FakePeer } from '../helpers/fake-peer.js';
import { startTestNetwork, type TestNetwork } from '../helpers/in-process-network.js';
import { waitFor } from '../../scripts/lib/wait-for.js';

const { NATIONAL, H44, D24_AGENCY, H41 } = H44_RELAY;

describe('end-to-end signatures (real network)', () => {
  let t: TestNetwork;
  let relay: FakePeer;

  before(async () => {
    // Nodes hold no agency keys here: every document is signed by its agency's software.
    t = await startTestNetwork(H44_RELAY_TOPOLOGY, { nodeSigns: false });
    await t.waitLinksUp();
    await t.stop('h44');
    const h44 = t.net.nodes.get('h44')!;
    relay = await dialAsH44(t);
    assert.ok(h44);
  });

  after(async () => {
    relay?.close();
    await t?.close();
  });

  it('carries a document signed in the agency software and shows its signer at the recipient', async () => {
    const m = signedDocument(H44, [H41], 'Công văn ký số', t.net.agencyCerts.get(H44)!);
    const ack = await relay.transfer(m, [H41]);
    assert.equal(ack.result, 'ACK_RESULT_ACCEPTED', ack.errorMessage);
    await t.waitInbox(H41, (x) => x.id === m.id, 'the signed document');
    const h41 = t.net.nodes.get('h41')!;
    const client = new AgencyClient({ address: h41.address, nodeCode: H41, tls: { ca: join(t.net.pkiDir, 'ca.crt'), ...t.net.agencyCerts.get(H41)! } });
    try {
      const item = (await client.inbox(H41)).find((i) => i.message?.id === m.id);
      assert.ok(item?.signer, 'the inbox item names its signer');
      assert.equal(item.signer.code, H44);
      assert.equal(item.signer.role, 'agency');
      assert.equal(item.signer.verified, true);
      assert.equal(item.signer.verifiedAtNode, H41);
      assert.equal(item.signer.algorithm, 'RSA-SHA256');
    } finally {
      client.close();
    }
  });

  it('refuses a document a relay altered by one byte, and reports to the sender where the check failed', async () => {
    const m = signedDocument(H44, [H41], 'Quyết định số 12', t.net.agencyCerts.get(H44)!);
    const altered: Message = { ...m, document: { ...m.document!, subject: 'Quyết định số 13' } };
    const ack = await relay.transfer(altered, [H41]);
    assert.equal(ack.result, 'ACK_RESULT_REFUSED_PERMANENT');
    assert.equal(ack.errorCode, 'SIGNATURE_INVALID');
    assert.match(ack.errorMessage, new RegExp(`signature check failed at node ${NATIONAL}.*altered after ${H44} signed it`));
    const report = await relay.nextTransfer((x) => x.message?.status?.refMessageId === m.id, 'the non-delivery report about the altered document');
    assert.equal(report.message!.status!.code, 'NON_DELIVERY');
    assert.equal(report.message!.status!.errorCode, 'SIGNATURE_INVALID');
    assert.equal(report.message!.status!.nodeCode, NATIONAL);
    assert.deepEqual(report.message!.to, [H44]);
    // A later good document arrives; the altered one never does.
    const good = signedDocument(H44, [H41], 'Công văn sau', t.net.agencyCerts.get(H44)!);
    assert.equal((await relay.transfer(good, [H41])).result, 'ACK_RESULT_ACCEPTED');
    await t.waitInbox(H41, (x) => x.id === good.id, 'the later document');
    assert.equal(t.node('h41').store.message(m.id), null);
    assert.equal(t.node('national').store.message(m.id), null);
    // Counted with the peer and the reason.
    const metrics = await t.node('national').metrics.registry.metrics();
    assert.match(metrics, new RegExp(`lienthong_documents_refused_total\\{peer="${H44}",edge="link",reason="SIGNATURE_INVALID",node="${NATIONAL}"\\} [1-9]`));
  });

  it('refuses a document whose file a relay altered, and reports to the sender where the check failed', async () => {
    const m = signedDocument(H44, [H41], 'Hồ sơ kèm tệp', t.net.agencyCerts.get(H44)!);
    const file = randomBytes(300 * 1024);
    const sha256 = createHash('sha256').update(file).digest('hex');
    const statusOf = () => relay.received.map((f) => f.attachmentStatus).filter((s) => s?.sha256 === sha256);
    relay.send({ attachmentOffer: { sha256, size: file.length, recipients: [H41], messageId: m.id, sender: H44 } });
    await waitFor('the national node answers the offer', () => statusOf()[0]);
    const altered = Buffer.from(file);
    altered[altered.length - 1]! ^= 0x01;
    relay.send({ attachmentChunk: { sha256, offset: 0, data: altered } });
    const refusal = await waitFor('the file refused', () => statusOf().find((s) => s!.errorCode));
    assert.equal(refusal!.errorCode, 'ATTACHMENT_ALTERED');
    assert.match(refusal!.errorMessage, new RegExp(`file ${sha256} of message ${m.id} from ${H44} does not match its SHA-256`));
    // The node that caught it tells the sender, naming itself.
    const report = await relay.nextTransfer((x) => x.message?.status?.refMessageId === m.id, 'the non-delivery report about the altered file');
    assert.equal(report.message!.status!.code, 'NON_DELIVERY');
    assert.equal(report.message!.status!.errorCode, 'ATTACHMENT_ALTERED');
    assert.equal(report.message!.status!.nodeCode, NATIONAL);
    assert.equal(report.message!.status!.recipient, H41);
    assert.match(report.message!.status!.reason, new RegExp(`checked at node ${NATIONAL}`));
    assert.deepEqual(report.message!.to, [H44]);
    assert.equal(t.node('national').files.has(sha256), false, 'the altered bytes are not kept');
    const metrics = await t.node('national').metrics.registry.metrics();
    assert.match(metrics, new RegExp(`lienthong_documents_refused_total\\{peer="${H44}",edge="link",reason="ATTACHMENT_ALTERED",node="${NATIONAL}"\\} 1`));
  });

  it('refuses a file whose offer names a sender the peer may not hand over, before any of it arrives, and makes no report about it', async () => {
    const file = randomBytes(64 * 1024);
    const sha256 = createHash('sha256').update(file).digest('hex');
    const statusOf = () => relay.received.map((f) => f.attachmentStatus).filter((s) => s?.sha256 === sha256);
    const m = signedDocument(H44, [H41], 'Không thuộc tỉnh này', t.net.agencyCerts.get(H44)!);
    // h44 is a child of the national node: H41 is not in its subtree.
    relay.send({ attachmentOffer: { sha256, size: file.length, recipients: [H44], messageId: m.id, sender: H41 } });
    const refusal = await waitFor('the national node answers the offer', () => statusOf()[0]);
    assert.equal(refusal!.errorCode, 'SENDER_NOT_ALLOWED');
    const altered = Buffer.from(file);
    altered[0]! ^= 0x01;
    relay.send({ attachmentChunk: { sha256, offset: 0, data: altered } });
    await new Promise((r) => setTimeout(r, 300));
    const report = derivedMessageId(m.id, 'status', 'NON_DELIVERY', NATIONAL, H41, H44);
    assert.equal(t.node('national').store.message(report), null, 'no non-delivery report sent to an agency outside the peer\'s subtree');
    assert.equal(t.node('national').files.has(sha256), false);
  });

  it('sends no report of its own when the next hop refuses a copy as SIGNATURE_INVALID (that node reported it); other refusals it reports', async () => {
    const national = t.net.nodes.get('national')!;
    const client = new AgencyClient({ address: national.address, nodeCode: NATIONAL, tls: { ca: join(t.net.pkiDir, 'ca.crt'), ...t.net.agencyCerts.get(NATIONAL)! } });
    try {
      const doc = (subject: string) => ({ from: NATIONAL, to: [D24_AGENCY], priority: 0, document: { subject, documentType: 'Công văn' }, body: Buffer.from(subject) });
      const bad = await client.send(doc('Chữ ký bị từ chối ở tỉnh'));
      const other = await client.send(doc('Bị từ chối vì lý do khác'));
      await relay.refuseNext((x) => x.message?.id === bad.messageId, 'the first copy', 'SIGNATURE_INVALID', `signature check failed at node ${H44} (copy received from ${NATIONAL}): the signer's certificate is revoked`);
      await relay.refuseNext((x) => x.message?.id === other.messageId, 'the second copy', 'INVALID_DOCUMENT', 'a rule this test breaks');
      const report = await t.waitInbox(NATIONAL, (x) => x.status?.refMessageId === other.messageId, 'the report about the second copy');
      assert.equal(report.status!.code, 'NON_DELIVERY');
      assert.equal(report.status!.errorCode, 'INVALID_DOCUMENT');
      await waitFor('the first copy failed', () => t.node('national').store.recipients(bad.messageId).some((r) => r.state === 'failed'));
      const reports = t.node('national').store.inbox(NATIONAL, 0, 10_000, true).filter((i) => i.message.status?.refMessageId === bad.messageId);
      assert.deepEqual(reports, [], 'the node that refused it reports a SIGNATURE_INVALID copy: a second report would be a duplicate');
    } finally {
      client.close();
    }
  });

  it('refuses an altered attachment list, recipient list, priority and body hash alike', async () => {
    const base = signedDocument(H44, [H41], 'Giấy mời họp', t.net.agencyCerts.get(H44)!);
    const edits: Array<[string, Message]> = [
      ['priority', { ...base, priority: 3 }],
      ['recipients', { ...base, to: [H41, NATIONAL] }],
      ['expiry', { ...base, expiresAtMs: base.expiresAtMs + 86_400_000 }],
      ['due date', { ...base, document: { ...base.document!, dueDate: '2026-12-31' } }],
    ];
    for (const [what, m] of edits) {
      const ack = await relay.transfer(m, [H41]);
      assert.equal(ack.errorCode, 'SIGNATURE_INVALID', `${what}: ${ack.errorMessage}`);
    }
  });

  it('refuses a document signed by another agency than its sender', async () => {
    const m = signedDocument(H44, [H41], 'Mạo danh', t.net.agencyCerts.get(D24_AGENCY)!);
    const ack = await relay.transfer(m, [H41]);
    assert.equal(ack.errorCode, 'SIGNATURE_INVALID');
    assert.match(ack.errorMessage, new RegExp(`sent as ${H44} but signed with the agency certificate of ${D24_AGENCY}`));
  });

  it('refuses a document signed with a certificate from another CA', async () => {
    const other = join(t.dir, 'other-ca');
    mkdirSync(other);
    initPkiDir(other, { commonName: 'some other CA' });
    const forged = issueToDir(other, { code: H44, role: 'agency' });
    const m = signedDocument(H44, [H41], 'Chứng thư lạ', { cert: forged.certPath, key: forged.keyPath });
    const ack = await relay.transfer(m, [H41]);
    assert.equal(ack.errorCode, 'SIGNATURE_INVALID');
    assert.match(ack.errorMessage, /not issued by this network's CA/);
  });

  it('refuses an unsigned document from a peer', async () => {
    const m = signedDocument(H44, [H41], 'Không ký', t.net.agencyCerts.get(H44)!);
    delete m.signature;
    const ack = await relay.transfer(m, [H41]);
    assert.equal(ack.errorCode, 'SIGNATURE_INVALID');
    assert.match(ack.errorMessage, /is not signed/);
  });

  it('an agency client signs by default; unsigned, a node without the agency key refuses with what to do', async () => {
    const h41 = t.net.nodes.get('h41')!;
    const tls = { ca: join(t.net.pkiDir, 'ca.crt'), ...t.net.agencyCerts.get(H41)! };
    const signing = new AgencyClient({ address: h41.address, nodeCode: H41, tls });
    const unsigned = new AgencyClient({ address: h41.address, nodeCode: H41, tls, sign: false });
    try {
      const sent = await signing.send({ from: H41, to: [NATIONAL], document: { subject: 'Báo cáo tháng' }, body: Buffer.from('báo cáo') });
      const got = await t.waitInbox(NATIONAL, (x) => x.id === sent.messageId, 'the client-signed report');
      assert.equal(got.signature?.algorithm, 'RSA-SHA256');
      await assert.rejects(
        unsigned.send({ from: H41, to: [NATIONAL], document: { subject: 'Không ký' }, body: Buffer.from('x') }),
        (err: LienthongError) => err.code === 'SIGNATURE_INVALID' && /signing\.agencyKeys/.test(err.message),
      );
      // Software that signs other bytes than the node's form hears the form the node built, to compare.
      const signed = signing.signRequest({ from: H41, to: [NATIONAL], document: { subject: 'Ký một đằng' }, body: Buffer.from('x') });
      await assert.rejects(
        signing.send({ ...signed, document: { subject: 'gửi một nẻo' } }),
        (err: LienthongError) =>
          err.code === 'SIGNATURE_INVALID' &&
          /does not match its envelope.*or the sending software signed other bytes than the node's signed form of it \(README, "Signing in an agency's own software"\): \{"bodySha256":"[0-9a-f]{64}",.*"subject":"gửi một nẻo"\}.*"form":"lienthong-envelope-v1"/.test(err.message),
      );
      // A signature without the times it covers is refused naming them, not checked against the node's clock.
      await assert.rejects(
        signing.send({ ...signed, createdAtMs: 0, expiresAtMs: 0 }),
        (err: LienthongError) => err.code === 'INVALID_ARGUMENT' && /^SendRequest\.created_at_ms and SendRequest\.expires_at_ms are missing/.test(err.message),
      );
    } finally {
      signing.close();
      unsigned.close();
    }
  });
});
