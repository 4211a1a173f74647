/**
 * What a compromised child can no longer do through its link (examiner probe, session 20): forge a
 * status or a non-delivery report in another agency's name (statuses travel unsigned), push files
 * for documents of senders outside its subtree, alter a body and leave the report to itself, or get
 * one document counted as refused once per altered file. Real nodes, real mutual TLS; the child is
 * a hand-driven link with the province's real node certificate.
 */
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { AgencyClient } from '../../src/client/agency-client.js';
import { buildNonDelivery, buildStatus } from '../../src/domain/status-message.js';
import type { Message } from '../../src/domain/types.js';
import { dialAsH44, H44_RELAY, H44_RELAY_TOPOLOGY, signedDocument, type FakePeer } from '../helpers/fake-peer.js';
import { startTestNetwork, type TestNetwork } from '../helpers/in-process-network.js';
import { waitFor } from '../../scripts/lib/wait-for.js';
import { AuditReader } from '../../src/store/sqlite/audit-reader.js';

const { NATIONAL, H44, H41 } = H44_RELAY;
const sha = (b: Buffer): string => createHash('sha256').update(b).digest('hex');

describe('a compromised child (real network)', () => {
  let t: TestNetwork;
  let child: FakePeer;
  /** A document the national agency sent to H41: h44's subtree has no part in it. */
  let doc: Message;

  before(async () => {
    t = await startTestNetwork(H44_RELAY_TOPOLOGY);
    await t.waitLinksUp();
    await t.stop('h44');
    child = await dialAsH44(t);
    const national = t.net.nodes.get('national')!;
    const client = new AgencyClient({ address: national.address, nodeCode: NATIONAL, tls: { ca: join(t.net.pkiDir, 'ca.crt'), ...t.net.agencyCerts.get(NATIONAL)! } });
    try {
      const sent = await client.send({ from: NATIONAL, to: [H41], priority: 0, document: { subject: 'Công văn gửi tỉnh H41', documentType: 'Công văn' }, body: Buffer.from('nội dung') });
      await t.waitInbox(H41, (x) => x.id === sent.messageId, 'the national document at H41');
      doc = t.node('national').store.message(sent.messageId)!.message;
    } finally {
      client.close();
    }
  });

  after(async () => {
    child?.close();
    await t?.close();
  });

  /** lienthong_documents_refused_total at the national node for the child and `reason`. */
  async function refused(reason: string): Promise<number> {
    const metrics = await t.node('national').metrics.registry.metrics();
    const m = new RegExp(`lienthong_documents_refused_total\\{peer="${H44}",edge="link",reason="${reason}",node="${NATIONAL}"\\} (\\d+)`).exec(metrics);
    return m ? Number(m[1]) : 0;
  }

  const statusesAtNational = () => t.node('national').store.statusesFor(doc.id).map((s) => `${s.reporter}:${s.code}`);

  it('refuses a status whose reporter is outside its subtree, though its sender is inside', async () => {
    const forged = buildStatus({ about: doc, code: '06', reporter: H41, to: NATIONAL, recipient: H41, reason: 'Hoàn thành', nowMs: Date.now(), expirySeconds: 600 });
    const ack = await child.transfer({ ...forged, from: H44 }, [NATIONAL]);
    assert.equal(ack.result, 'ACK_RESULT_REFUSED_PERMANENT');
    assert.equal(ack.errorCode, 'INVALID_DOCUMENT');
    assert.match(ack.errorMessage, new RegExp(`from peer ${H44}: its reporter ${H41} is not its sender ${H44}`));
    const [ndr] = buildNonDelivery(doc, [H41], 'EXPIRED', 'không chuyển được', H41, Date.now(), 600);
    const ack2 = await child.transfer({ ...ndr!, from: H44, status: { ...ndr!.status!, reporter: H44 } }, [NATIONAL]);
    assert.equal(ack2.errorCode, 'INVALID_DOCUMENT');
    assert.match(ack2.errorMessage, new RegExp(`a non-delivery report from ${H44} names node ${H41} as where it was made`));
    assert.deepEqual(statusesAtNational().filter((s) => !s.endsWith(':01')), [], 'no forged status reached the document');
  });

  it('refuses a status from its subtree about a document that agency did not receive', async () => {
    const forged = buildStatus({ about: doc, code: '06', reporter: H44, to: NATIONAL, recipient: H44, reason: 'Hoàn thành', nowMs: Date.now(), expirySeconds: 600 });
    const ack = await child.transfer(forged, [NATIONAL]);
    assert.equal(ack.result, 'ACK_RESULT_REFUSED_PERMANENT');
    assert.equal(ack.errorCode, 'SENDER_NOT_ALLOWED');
    assert.match(ack.errorMessage, new RegExp(`${H44} is not a recipient of document ${doc.id}`));
    assert.deepEqual(statusesAtNational().filter((s) => !s.endsWith(':01')), []);
    assert.ok((await refused('SENDER_NOT_ALLOWED')) >= 1);
  });

  it('refuses a file offered for a document of a sender outside its subtree, before storing any of it', async () => {
    const file = randomBytes(256 * 1024);
    const sha256 = sha(file);
    const before = await refused('SENDER_NOT_ALLOWED');
    child.send({ attachmentOffer: { sha256, size: file.length, recipients: [H41], messageId: doc.id, sender: H41 } });
    const answer = await waitFor('the answer to the offer', () => child.received.map((f) => f.attachmentStatus).find((s) => s?.sha256 === sha256));
    assert.equal(answer!.errorCode, 'SENDER_NOT_ALLOWED');
    assert.match(answer!.errorMessage, new RegExp(`${H44} may not hand over files of documents from ${H41}`));
    child.send({ attachmentChunk: { sha256, offset: 0, data: file } });
    await new Promise((r) => setTimeout(r, 300));
    assert.equal(t.node('national').files.has(sha256), false);
    assert.equal(t.node('national').files.usage().files, 0, 'nothing of it on disk, not even a partial file');
    assert.equal(await refused('SENDER_NOT_ALLOWED'), before + 1, 'counted with the peer and the reason');
  });

  it('takes a file whose offer names no sender (a node older than AttachmentOffer.sender) but does not pass it on ahead of a document', async () => {
    const file = randomBytes(128 * 1024);
    const sha256 = sha(file);
    child.send({ attachmentOffer: { sha256, size: file.length, recipients: [H41], messageId: '', sender: '' } });
    const answer = await waitFor('the answer to the offer', () => child.received.map((f) => f.attachmentStatus).find((s) => s?.sha256 === sha256));
    assert.equal(answer!.errorCode, '', answer!.errorMessage);
    child.send({ attachmentChunk: { sha256, offset: 0, data: file } });
    await waitFor('the file held', () => t.node('national').files.has(sha256));
    await new Promise((r) => setTimeout(r, 300));
    assert.equal(t.node('h41').files.has(sha256), false, 'not passed on to 000.00.00.H41 before a document needs it');
  });

  it('a body altered on the way is reported by the node that caught it, naming itself', async () => {
    const m = signedDocument(H44, [H41], 'Công văn bị sửa nội dung', t.net.agencyCerts.get(H44)!);
    const altered = { ...m, body: Buffer.from(m.body.toString('utf8').replace(/.$/u, 'X')) };
    const ack = await child.transfer(altered, [H41]);
    assert.equal(ack.result, 'ACK_RESULT_REFUSED_PERMANENT');
    assert.equal(ack.errorCode, 'SIGNATURE_INVALID', 'the refusal that tells the peer this node reported it');
    assert.match(ack.errorMessage, new RegExp(`signature check failed at node ${NATIONAL} \\(copy received from ${H44}\\): message ${m.id}: its body does not match the SHA-256 its sender signed`));
    const report = await child.nextTransfer((x) => x.message?.status?.refMessageId === m.id, 'the non-delivery report');
    assert.equal(report.message!.status!.code, 'NON_DELIVERY');
    assert.equal(report.message!.status!.nodeCode, NATIONAL);
    assert.equal(report.message!.status!.errorCode, 'SIGNATURE_INVALID');
    assert.equal(t.node('national').store.message(m.id), null, 'the altered copy is not kept');
  });

  it('refuses a copy whose path it rewrote (another node last, a node twice), and keeps none of them; a hop time far off is taken as a wrong clock', async () => {
    const { D24_AGENCY } = H44_RELAY;
    const cases: { path: string[] | null; times?: number[]; why: RegExp }[] = [
      { path: ['000.00.00.H29'], why: new RegExp(`handed over by peer ${H44} ends at 000\\.00\\.00\\.H29, not at ${H44}`) },
      { path: [D24_AGENCY, D24_AGENCY, H44], why: /names 000\.00\.24\.H44 twice/ },
    ];
    for (const c of cases) {
      const m = signedDocument(H44, [H41], 'Công văn với đường đi giả', t.net.agencyCerts.get(H44)!);
      const ack = c.path
        ? await child.transfer(m, [H41], c.path)
        : await child.transferWithTrace(m, [H41], [D24_AGENCY, H44].map((nodeCode, i) => ({ nodeCode, atMs: c.times![i]! })));
      assert.equal(ack.result, 'ACK_RESULT_REFUSED_PERMANENT', JSON.stringify(c.path));
      assert.equal(ack.errorCode, 'INVALID_DOCUMENT');
      assert.match(ack.errorMessage, c.why);
      assert.equal(t.node('national').store.message(m.id), null, 'the copy is not kept');
      // The audit log's refusal says what the copy was and whom it was for, not only its id.
      const entry = await waitFor(`the refusal of ${m.id} in the audit log`, () => {
        const reader = AuditReader.open(join(t.net.nodes.get('national')!.dataDir, 'lienthong.sqlite'));
        try {
          return [...reader.entries()].find((e) => e.event === 'refused' && e.messageId === m.id);
        } finally {
          reader.close();
        }
      });
      assert.deepEqual([entry.kind, entry.sender, entry.recipients, entry.peer, entry.code], ['document', H44, [H41], H44, 'INVALID_DOCUMENT']);
    }
    // Refused, a copy stamped by a node whose clock is far off was lost with its report (HOP_TIME_ODD is logged instead).
    const skewed = signedDocument(H44, [H41], 'Công văn qua nút lệch đồng hồ', t.net.agencyCerts.get(H44)!);
    const ack = await child.transferWithTrace(skewed, [H41], [D24_AGENCY, H44].map((nodeCode, i) => ({ nodeCode, atMs: [1, Date.now()][i]! })));
    assert.equal(ack.result, 'ACK_RESULT_ACCEPTED', ack.errorMessage);
    assert.deepEqual(t.node('national').store.message(skewed.id)!.trace.map((h) => h.atMs).slice(0, 1), [1], 'the path as stamped');
    const honest = signedDocument(H44, [H41], 'Công văn đi đúng đường', t.net.agencyCerts.get(H44)!);
    assert.equal((await child.transfer(honest, [H41], [D24_AGENCY, H44])).result, 'ACK_RESULT_ACCEPTED', 'a true path of two nodes');
    assert.deepEqual(t.node('national').store.message(honest.id)!.trace.map((h) => h.nodeCode), [D24_AGENCY, H44, NATIONAL]);
  });

  it('one document whose files were altered is refused once, however many files', async () => {
    const m = signedDocument(H44, [H41], 'Hồ sơ hai tệp bị sửa', t.net.agencyCerts.get(H44)!);
    for (const file of [randomBytes(64 * 1024), randomBytes(96 * 1024)]) {
      const sha256 = sha(file);
      child.send({ attachmentOffer: { sha256, size: file.length, recipients: [H41], messageId: m.id, sender: H44 } });
      await waitFor('the offer answered', () => child.received.map((f) => f.attachmentStatus).find((s) => s?.sha256 === sha256));
      const altered = Buffer.from(file);
      altered[10]! ^= 0x01;
      child.send({ attachmentChunk: { sha256, offset: 0, data: altered } });
      const refusal = await waitFor('the file refused', () => child.received.map((f) => f.attachmentStatus).find((s) => s?.sha256 === sha256 && s.errorCode));
      assert.equal(refusal!.errorCode, 'ATTACHMENT_ALTERED');
    }
    assert.equal(await refused('ATTACHMENT_ALTERED'), 1);
  });
});
