/**
 * edXML packages signed in the agency's own software, on a real network (mutual TLS, SQLite,
 * attachment files on disk) whose nodes hold no agency keys: the two-call flow (SendEdxml with
 * form_only answers the bytes to sign, then the package again with the signature), what form_only
 * leaves behind (nothing), a signature over other bytes, partial option sets, a relay altering the
 * signed document, and already_sent on a status package sent twice.
 */
import assert from 'node:assert/strict';
import { createHash, createPrivateKey, randomBytes, X509Certificate } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { AgencyClient, type SendEdxmlOptions } from '../../src/client/agency-client.js';
import { LienthongError } from '../../src/domain/errors.js';
import { isMessageId } from '../../src/domain/ids.js';
import { signedForm } from '../../src/domain/signed-form.js';
import type { Message } from '../../src/domain/types.js';
import { emptyBusiness } from '../../src/edxml/edxml-document.js';
import { exportEdxml } from '../../src/edxml/edxml-export.js';
import type { DocumentPackage } from '../../src/edxml/edxml-types.js';
import { decisionHeader } from '../helpers/edxml-headers.js';
import { algorithmFor, signBytes } from '../../src/signing/signature-crypto.js';
import { dialAsH44, H44_RELAY, H44_RELAY_TOPOLOGY, type FakePeer } from '../helpers/fake-peer.js';
import { startTestNetwork, type TestNetwork } from '../helpers/in-process-network.js';

const { NATIONAL, H44, D24_AGENCY, H41 } = H44_RELAY;
/** The sender: attached to h44, which holds no key for it (nodeSigns: false). */
const SENDER = D24_AGENCY;

const sha = (b: Buffer): string => createHash('sha256').update(b).digest('hex');

interface Built {
  bytes: Buffer;
  /** The first file (declared in the tests that declare one) and the second (never declared). */
  big: Buffer;
  other: Buffer;
}

/** A document package from `from` to H41 as the agency's software writes it, with fresh files. */
async function documentPackage(subject: string, o: { from?: string; bigBytes?: number; otherBytes?: number } = {}): Promise<Built> {
  const from = o.from ?? SENDER;
  const big = randomBytes(o.bigBytes ?? 3 * 1024 * 1024);
  const other = randomBytes(o.otherBytes ?? 1024 * 1024);
  const files = new Map([[sha(big), big], [sha(other), other]]);
  const pkg: DocumentPackage = {
    kind: 'document',
    header: decisionHeader(from, [H41], subject, { organName: 'UBND huyện Thạch Hà', codeNumber: String(subject.length), promulgationDate: '2026-01-15' }),
    traceHeaders: [{ organId: from, timestampMs: Date.UTC(2026, 0, 15, 1, 0, 0) }],
    business: emptyBusiness(),
    attachments: [
      { contentId: 'cid:ho-so', contentType: 'application/zip', description: 'Hồ sơ', attachmentName: 'Hồ sơ.zip', sha256: sha(big), size: big.length },
      { contentId: 'cid:phu-luc', contentType: 'application/pdf', description: '', attachmentName: 'Phụ lục I.pdf', sha256: sha(other), size: other.length },
    ].filter((a) => a.size > 0),
  };
  const pieces: Buffer[] = [];
  for await (const p of exportEdxml(pkg, async function* (ref) {
    yield files.get(ref.sha256)!;
  })) pieces.push(p);
  return { bytes: Buffer.concat(pieces), big, other };
}

/** The first file declared (SendEdxmlOptions.files), the second not. */
const declared = (b: Built): SendEdxmlOptions['files'] => [{ contentId: 'cid:ho-so', sha256: sha(b.big), size: b.big.length }];

/** A status package from H41 answering the document `messageId` (by its message id). */
function statusPackage(messageId: string, code: string): Buffer {
  return Buffer.from(`<?xml version="1.0" encoding="UTF-8"?>
<edXML:edXML xmlns:edXML="http://www.mic.gov.vn/TBT/QCVN_102_2016">
  <edXML:edXMLEnvelope>
    <edXML:edXMLHeader>
      <edXML:Status>
        <edXML:ResponseFor>
          <edXML:OrganId>${SENDER}</edXML:OrganId>
          <edXML:Code/>
          <edXML:PromulgationDate/>
          <edXML:DocumentId>${messageId}</edXML:DocumentId>
        </edXML:ResponseFor>
        <edXML:From><edXML:OrganId>${H41}</edXML:OrganId></edXML:From>
        <edXML:StatusCode>${code}</edXML:StatusCode>
        <edXML:Description>Đã tiếp nhận</edXML:Description>
        <edXML:Timestamp>2026-01-15T09:00:00+07:00</edXML:Timestamp>
      </edXML:Status>
    </edXML:edXMLHeader>
  </edXML:edXMLEnvelope>
</edXML:edXML>
`);
}

/** Every file under `dir`, relative, with its size: what a node keeps on disk there. */
function filesUnder(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string, rel: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      if (e.isDirectory()) walk(join(d, e.name), `${rel}${e.name}/`);
      else out.push(`${rel}${e.name} ${statSync(join(d, e.name)).size}`);
    }
  };
  walk(dir, '');
  return out.sort();
}

async function* once(bytes: Buffer): AsyncGenerator<Buffer> {
  yield bytes;
}

const refusedWith = (code: string, pattern: RegExp) => (err: unknown) => {
  assert.ok(err instanceof LienthongError, String(err));
  assert.equal(err.code, code, err.message);
  assert.match(err.message, pattern);
  return true;
};

describe('edXML packages signed in the agency\'s software (real network, nodes without agency keys)', () => {
  let t: TestNetwork;
  const clients: AgencyClient[] = [];
  const clientOf = (agency: string, nodeName: string, sign = true): AgencyClient => {
    const node = t.net.nodes.get(nodeName)!;
    const c = new AgencyClient({ address: t.node(nodeName).address, nodeCode: node.code, tls: { ca: join(t.net.pkiDir, 'ca.crt'), ...t.net.agencyCerts.get(agency)! }, sign });
    clients.push(c);
    return c;
  };
  const senderKey = () => createPrivateKey(readFileSync(t.net.agencyCerts.get(SENDER)!.key));
  /** The document delivered in the first test (answered by the status test). */
  let delivered = '';

  before(async () => {
    t = await startTestNetwork(H44_RELAY_TOPOLOGY, { nodeSigns: false });
    await t.waitLinksUp();
  });
  after(async () => {
    for (const c of clients) c.close();
    await t?.close();
  });

  it('signs a package with a 3 MB file (declared) and a 1 MB one (not) in two calls: delivered two hops away, its signer shown and verified', async () => {
    const client = clientOf(SENDER, 'h44');
    const built = await documentPackage('Quyết định phê duyệt hồ sơ');
    // Read once, the package cannot be signed here, and the node, holding no key, says what to do.
    await assert.rejects(client.sendEdxml(once(built.bytes)), refusedWith('SIGNATURE_INVALID', /holds no signing key for it: .*form_only/));

    const sent = await client.sendEdxml(built.bytes, { files: declared(built) });
    assert.equal(sent.duplicate, false);
    assert.equal(Number(sent.attachmentBytes), built.big.length + built.other.length);
    delivered = sent.messageId;

    const atRecipient = await t.waitInbox(H41, (m) => m.id === sent.messageId, 'the client-signed package');
    const reader = clientOf(H41, 'h41');
    const item = (await reader.inbox(H41)).find((i) => i.message?.id === sent.messageId);
    assert.ok(item?.signer, 'the inbox item names its signer');
    assert.equal(item.signer.code, SENDER);
    assert.equal(item.signer.role, 'agency');
    assert.equal(item.signer.verified, true);
    assert.equal(item.signer.verifiedAtNode, H41);
    assert.equal(item.message?.edxml?.header?.signerFullName, 'Nguyễn Văn Đức');
    for (const file of [built.big, built.other]) {
      const parts: Buffer[] = [];
      for await (const p of reader.fetchAttachment(H41, sent.messageId, sha(file))) parts.push(p);
      assert.equal(sha(Buffer.concat(parts)), sha(file), 'the file arrives whole');
    }
    // form_only answers exactly the form verified two hops away, for the same id and times.
    const again = await client.edxmlFormToSign(once(built.bytes), { messageId: sent.messageId, createdAtMs: atRecipient.createdAtMs, expiresAtMs: atRecipient.expiresAtMs });
    assert.equal(again.signedForm.toString('utf8'), signedForm(atRecipient).toString('utf8'));
  });

  it('form_only keeps nothing, passes nothing on, and still checks the sender and the declarations', async () => {
    const client = clientOf(SENDER, 'h44');
    const built = await documentPackage('Báo cáo chỉ xin dạng ký');
    const h44 = t.node('h44');
    const dirs = ['h44', 'national'].map((n) => join(t.net.nodes.get(n)!.dataDir, 'attachments'));
    const before = dirs.map(filesUnder);
    const outboxBefore = h44.store.outbox({ limit: 100_000 }).length;
    const now = Date.now();
    const times = { createdAtMs: now, expiresAtMs: now + 3_600_000 };

    const asked = '0190f5c2-7d3a-7b1e-9c4f-2a6b8e1d5f70';
    const form = await client.edxmlFormToSign(once(built.bytes), { ...times, messageId: asked.toUpperCase(), files: declared(built) });
    assert.equal(form.messageId, asked, 'the id as the node writes it, lowercase');
    const parsed = JSON.parse(form.signedForm.toString('utf8')) as Record<string, unknown>;
    assert.equal(parsed.id, asked);
    assert.equal(parsed.from, SENDER);
    assert.equal(parsed.createdAtMs, times.createdAtMs);
    assert.deepEqual((parsed.attachments as { sha256: string }[]).map((a) => a.sha256), [sha(built.big), sha(built.other)]);
    assert.ok((parsed.edxml as { header: { subject: string } }).header.subject === 'Báo cáo chỉ xin dạng ký');
    // Without a message id the node chooses one and answers it.
    const chosen = await client.edxmlFormToSign(once(built.bytes), times);
    assert.ok(isMessageId(chosen.messageId), chosen.messageId);

    assert.equal(h44.store.message(asked), null, 'no message stored');
    assert.equal(h44.store.message(chosen.messageId), null);
    assert.equal(h44.store.outbox({ limit: 100_000 }).length, outboxBefore, 'nothing queued');
    assert.equal(h44.files.has(sha(built.big)), false, 'the declared file is not kept');
    assert.equal(h44.files.has(sha(built.other)), false, 'nor the other');
    assert.deepEqual(dirs.map(filesUnder), before, 'no file written at the node or passed on to the next hop');
    assert.equal(t.node('national').store.message(asked), null);

    // The same checks as a send: the sender, the declarations, the size limit.
    const other = await documentPackage('Gửi thay cơ quan khác', { from: H44, bigBytes: 1000, otherBytes: 0 });
    await assert.rejects(client.edxmlFormToSign(once(other.bytes), times), refusedWith('SENDER_NOT_ALLOWED', new RegExp(`${H44}.*${SENDER}`)));
    await assert.rejects(
      client.edxmlFormToSign(once(built.bytes), { ...times, files: [{ contentId: 'cid:ho-so', sha256: sha(built.other), size: built.big.length }] }),
      refusedWith('ATTACHMENT_CORRUPT', /cid:ho-so/),
    );
    await assert.rejects(
      client.edxmlFormToSign(once(built.bytes), { ...times, files: [{ contentId: 'cid:ho-so', sha256: sha(built.big), size: 2 ** 40 }] }),
      refusedWith('DOCUMENT_TOO_LARGE', /limits\.maxDocumentBytes/),
    );
    assert.deepEqual(dirs.map(filesUnder), before, 'refused form_only calls keep nothing either');
  });

  it('refuses a signature over other bytes with the form the node built, keeping nothing; refuses partial option sets naming the field', async () => {
    const client = clientOf(SENDER, 'h44');
    const built = await documentPackage('Công văn ký sai dạng');
    const now = Date.now();
    const times = { createdAtMs: now, expiresAtMs: now + 3_600_000 };
    const messageId = '0190f5c2-7d3a-7b1e-9c4f-2a6b8e1d5f71';
    const { signedForm: form } = await client.edxmlFormToSign(once(built.bytes), { ...times, messageId });
    const key = senderKey();
    const algorithm = algorithmFor(key);
    const der = new X509Certificate(readFileSync(t.net.agencyCerts.get(SENDER)!.cert)).raw;
    // Software that reproduced the form itself and got the subject's case wrong.
    const own = Buffer.from(form.toString('utf8').replace('Công văn ký sai dạng', 'công văn ký sai dạng'));
    assert.notDeepEqual(own, form);
    const signature = { algorithm, certificate: der, value: signBytes(algorithm, own, key) };
    await assert.rejects(
      client.sendEdxml(once(built.bytes), { ...times, messageId, signature, files: declared(built) }),
      refusedWith('SIGNATURE_INVALID', /does not match its envelope.*SendEdxml with form_only answers these bytes whole\): \{"attachments":\[\{"attachmentName":"Hồ sơ\.zip".*"form":"lienthong-envelope-v1","from":"000\.00\.24\.H44","id":"0190f5c2-7d3a-7b1e-9c4f-2a6b8e1d5f71"/),
    );
    const h44 = t.node('h44');
    assert.equal(h44.store.message(messageId), null);
    assert.equal(h44.files.has(sha(built.big)), false, 'the refused package\'s declared file is deleted');
    assert.equal(h44.files.has(sha(built.other)), false, 'and its other file');
    // The same signature over the node's bytes goes through: only the bytes were wrong.
    const good = { algorithm, certificate: der, value: signBytes(algorithm, form, key) };
    const sent = await client.sendEdxml(once(built.bytes), { ...times, messageId, signature: good });
    assert.equal(sent.messageId, messageId);
    await t.waitInbox(H41, (m) => m.id === messageId, 'the package signed over the node\'s bytes');

    await assert.rejects(client.sendEdxml(once(built.bytes), { messageId, signature: good }), refusedWith('INVALID_ARGUMENT', /^SendEdxmlOptions\.created_at_ms and SendEdxmlOptions\.expires_at_ms are missing/));
    await assert.rejects(client.sendEdxml(once(built.bytes), { ...times, signature: good }), refusedWith('INVALID_ARGUMENT', /^SendEdxmlOptions\.message_id is missing/));
    await assert.rejects(clientOf(SENDER, 'h44', false).sendEdxml(once(built.bytes), { messageId, createdAtMs: now }), refusedWith('INVALID_ARGUMENT', /^SendEdxmlOptions\.created_at_ms is set without SendEdxmlOptions\.signature/));
    await assert.rejects(client.edxmlFormToSign(once(built.bytes), { ...times, signature: good } as never), refusedWith('INVALID_ARGUMENT', /^SendEdxmlOptions\.form_only asks for the bytes to sign, but SendEdxmlOptions\.signature is set/));
    await assert.rejects(client.edxmlFormToSign(once(built.bytes), { createdAtMs: now } as never), refusedWith('INVALID_ARGUMENT', /^SendEdxmlOptions\.expires_at_ms is missing/));
  });

  it('a status package goes unsigned: form_only answers no form, a signature is refused; sent twice, the second answer is already_sent', async () => {
    assert.ok(delivered, 'the first test delivered a document');
    const client = clientOf(H41, 'h41');
    const status = statusPackage(delivered, '03');
    const now = Date.now();
    const times = { createdAtMs: now, expiresAtMs: now + 3_600_000 };
    const form = await client.edxmlFormToSign(once(status), times);
    assert.deepEqual(form, { messageId: '', signedForm: Buffer.alloc(0) });
    assert.deepEqual((await client.trace(H41, delivered)).statuses, [], 'form_only sent no status');
    const bogus = { algorithm: 'RSA-SHA256', certificate: Buffer.from('x'), value: Buffer.from('y') };
    await assert.rejects(client.sendEdxml(once(status), { ...times, messageId: '0190f5c2-7d3a-7b1e-9c4f-2a6b8e1d5f72', signature: bogus }), refusedWith('INVALID_ARGUMENT', /signature is set on a status package: statuses travel unsigned/));

    // The client signs by default: given bytes, it asks for the form, gets none, and sends the status unsigned.
    const first = await client.sendEdxml(status);
    assert.equal(first.alreadySent, false);
    assert.equal(first.statusMessageIds.length, 1);
    const second = await client.sendEdxml(status);
    assert.equal(second.alreadySent, true, 'the same status again: nothing new sent');
    assert.deepEqual(second.statusMessageIds, first.statusMessageIds);
    await t.waitInbox(SENDER, (m) => m.id === first.statusMessageIds[0], 'status 03 at the sender');
  });

  it('a relay that alters the edXML part of a client-signed document is caught at the next node', async () => {
    // The national node is down: the document waits at h44, where the test takes it before playing h44.
    await t.stop('national');
    const client = clientOf(SENDER, 'h44');
    const built = await documentPackage('Thông báo không kèm tệp', { bigBytes: 0, otherBytes: 0 });
    const sent = await client.sendEdxml(built.bytes);
    const m: Message = t.node('h44').store.message(sent.messageId)!.message;
    assert.ok(m.signature && m.edxml);
    await t.stop('h44');
    await t.start('national');
    let relay: FakePeer | undefined;
    try {
      relay = await dialAsH44(t);
      const altered: Message = { ...m, edxml: { ...m.edxml, header: { ...m.edxml.header, signerInfo: { ...m.edxml.header.signerInfo, fullName: 'Trần Văn Giả' } } } };
      const refused = await relay.transfer(altered, [H41]);
      assert.equal(refused.errorCode, 'SIGNATURE_INVALID', refused.errorMessage);
      assert.match(refused.errorMessage, new RegExp(`signature check failed at node ${NATIONAL}.*altered after ${SENDER} signed it`));
      const accepted = await relay.transfer(m, [H41]);
      assert.equal(accepted.result, 'ACK_RESULT_ACCEPTED', accepted.errorMessage);
      const got = await t.waitInbox(H41, (x) => x.id === m.id, 'the unaltered copy');
      assert.equal(got.edxml?.header.signerInfo.fullName, 'Nguyễn Văn Đức');
    } finally {
      relay?.close();
    }
  });
});
