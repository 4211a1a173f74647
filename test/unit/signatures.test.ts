/**
 * The signed form and the signature checks of a node, with real keys and certificates from a
 * network CA and real worker threads.
 */
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { createPrivateKey, generateKeyPairSync, X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { buildDocument } from '../../src/domain/envelope.js';
import { LienthongError } from '../../src/domain/errors.js';
import { newMessageId } from '../../src/domain/ids.js';
import { signedForm } from '../../src/domain/signed-form.js';
import { buildStatus } from '../../src/domain/status-message.js';
import type { Message } from '../../src/domain/types.js';
import { initPkiDir, issueToDir } from '../../src/pki/files.js';
import { loadProto } from '../../src/service/proto.js';
import { algorithmFor } from '../../src/signing/signature-crypto.js';
import { messageFromPb, messageToPb } from '../../src/service/wire.js';
import { loadAgencyKeys } from '../../src/signing/agency-keys.js';
import { DocumentSignatures } from '../../src/signing/document-signatures.js';
import { signEnvelope } from '../../src/signing/sign-envelope.js';
import { SignaturePool, STARTING_TURN_BUDGET_US } from '../../src/signing/signature-pool.js';
import { jobsWithin } from '../../src/signing/signature-jobs.js';
import { waitFor } from '../../scripts/lib/wait-for.js';
import { SignerCertificates } from '../../src/signing/signer-certificates.js';

const NODE = '000.00.00.H44';
const AGENCY = '000.00.24.H44';
const OTHER = '000.00.00.H41';

function doc(from: string, subject: string, extra: Partial<Parameters<typeof buildDocument>[0]> = {}): Message {
  return buildDocument(
    { from, to: [OTHER, '000.46.24.H44'], priority: 1, document: { subject, codeNumber: '12', codeNotation: 'QĐ-UBND' }, body: Buffer.from('nội dung'), ...extra },
    { maxDocumentBytes: 1e9, expirySeconds: 3_600 },
    Date.now(),
  );
}

/** Through the protobuf encoding a link uses, and back. */
function overTheWire(m: Message): Message {
  const method = loadProto().LinkService.service.Connect;
  const bytes = method.requestSerialize({ frame: { transfer: { seq: 1, message: messageToPb(m), recipients: m.to, trace: [] } } });
  const back = method.requestDeserialize(bytes) as { frame: { transfer: { message: Parameters<typeof messageFromPb>[0] } } };
  return messageFromPb(back.frame.transfer.message);
}

describe('signed form', () => {
  it('is the same after a trip over the wire, for documents with attachments and for statuses', () => {
    const m = doc(AGENCY, 'Quyết định phê duyệt', {
      attachments: [{ contentId: 'cid:phu-luc', contentType: 'application/pdf', description: '', attachmentName: 'Phụ lục.pdf', sha256: 'a'.repeat(64), size: 12 }],
    });
    assert.ok(signedForm(m).equals(signedForm(overTheWire(m))));
    const s = buildStatus({ about: m, code: '03', reporter: OTHER, to: AGENCY, recipient: OTHER, reason: 'Đã phân công', nowMs: Date.now(), expirySeconds: 60 });
    assert.ok(signedForm(s).equals(signedForm(overTheWire(s))));
  });

  it('changes with any field but not with the body or the signature', () => {
    const m = doc(AGENCY, 'Công văn');
    const base = signedForm(m).toString();
    const variants: Message[] = [
      { ...m, id: newMessageId() },
      { ...m, from: OTHER },
      { ...m, to: [...m.to].reverse() },
      { ...m, priority: 0 },
      { ...m, createdAtMs: m.createdAtMs + 1 },
      { ...m, expiresAtMs: m.expiresAtMs + 1 },
      { ...m, bodySha256: 'b'.repeat(64) },
      { ...m, document: { ...m.document!, subject: 'Công vǎn' } },
      { ...m, document: { ...m.document!, subject: 'Công văn'.normalize('NFD') } },
    ];
    for (const v of variants) assert.notEqual(signedForm(v).toString(), base);
    const other: Message = { ...m, body: Buffer.from('khác'), signature: { algorithm: 'Ed25519', certificate: 'x', value: 'y' } };
    assert.equal(signedForm(other).toString(), base);
  });

  it('is RFC 8785 JSON: sorted keys, defaults left out, NFC text kept', () => {
    const form = JSON.parse(signedForm(doc(AGENCY, 'Thông báo')).toString('utf8')) as Record<string, unknown>;
    assert.deepEqual(Object.keys(form), [...Object.keys(form)].sort());
    assert.equal(form.form, 'lienthong-envelope-v1');
    assert.equal((form.document as Record<string, unknown>).dueDate, undefined);
    assert.equal((form.document as Record<string, unknown>).subject, 'Thông báo');
    assert.equal(form.attachments, undefined);
  });
});

describe('signature checks at a node', () => {
  let dir: string;
  let pool: SignaturePool;
  let sigs: DocumentSignatures;
  const revoked = new Set<string>();
  let agencyFiles: { certPath: string; keyPath: string };
  let otherFiles: { certPath: string; keyPath: string };

  const signWith = (m: Message, files: { certPath: string; keyPath: string }): Message => {
    m.signature = signEnvelope(m, createPrivateKey(readFileSync(files.keyPath)), new X509Certificate(readFileSync(files.certPath)).raw);
    return m;
  };
  const refused = (pattern: RegExp) => (err: unknown) => err instanceof LienthongError && err.code === 'SIGNATURE_INVALID' && pattern.test(err.message);

  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'lienthong-sig-'));
    initPkiDir(dir, { commonName: 'test CA' });
    agencyFiles = issueToDir(dir, { code: AGENCY, role: 'agency' });
    otherFiles = issueToDir(dir, { code: OTHER, role: 'agency' });
    const ca = new X509Certificate(readFileSync(join(dir, 'ca.crt')));
    const { keys, pems } = loadAgencyKeys([{ code: AGENCY, cert: agencyFiles.certPath, key: agencyFiles.keyPath }], ca);
    pool = new SignaturePool(1, pems);
    sigs = new DocumentSignatures(NODE, new SignerCertificates(ca, { isRevoked: (s) => revoked.has(s) }), pool, keys);
  });

  after(async () => {
    await pool?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('signs for an agency whose key it holds, and verifies in the worker threads', async () => {
    const m = doc(AGENCY, 'Ký thay');
    m.signature = await sigs.sign(m);
    const signer = await sigs.verify(overTheWire(m));
    assert.equal(signer?.code, AGENCY);
    assert.equal(signer?.verifiedAtNode, NODE);
    const many = await Promise.all(Array.from({ length: 300 }, () => sigs.verify(m)));
    assert.equal(many.length, 300);
  });

  it('starts a worker only when there is work, and stops it once idle', async () => {
    const ca = new X509Certificate(readFileSync(join(dir, 'ca.crt')));
    const { keys, pems } = loadAgencyKeys([{ code: AGENCY, cert: agencyFiles.certPath, key: agencyFiles.keyPath }], ca);
    const lazy = new SignaturePool(2, pems, { idleMs: 100 });
    try {
      assert.equal(lazy.running, 0, 'no worker before the first document');
      const s = new DocumentSignatures(NODE, new SignerCertificates(ca, { isRevoked: () => false }), lazy, keys);
      const m = doc(AGENCY, 'Khởi động khi cần');
      m.signature = await s.sign(m);
      assert.equal((await s.verify(m))?.code, AGENCY);
      assert.equal(lazy.running, 0, 'a lone signature and a lone check need no worker');
      const signed = await Promise.all(Array.from({ length: 20 }, (_, i) => s.sign(doc(AGENCY, `Văn bản ${i}`))));
      assert.equal(signed.length, 20);
      assert.ok(lazy.running >= 1 && lazy.running <= 2, 'twenty signatures in one turn start a worker');
      await new Promise((r) => setTimeout(r, 400));
      assert.equal(lazy.running, 0, 'idle workers stop');
      await Promise.all(Array.from({ length: 60 }, () => s.verify(m)));
      assert.ok(lazy.running >= 1, 'and start again for the next batch');
    } finally {
      await lazy.close();
    }
  });

  it('checks a lone document and a small batch on the event loop and hands a large batch to a worker', async () => {
    const ca = new X509Certificate(readFileSync(join(dir, 'ca.crt')));
    const { keys, pems } = loadAgencyKeys([{ code: AGENCY, cert: agencyFiles.certPath, key: agencyFiles.keyPath }], ca);
    const p = new SignaturePool(1, pems);
    try {
      const s = new DocumentSignatures(NODE, new SignerCertificates(ca, { isRevoked: () => false }), p, keys);
      const m = signWith(doc(OTHER, 'Một mình'), otherFiles);
      assert.equal((await s.verify(overTheWire(m)))?.code, OTHER);
      await assert.rejects(s.verify({ ...m, priority: 2 }), refused(/altered after/));
      await assert.rejects(s.verify({ ...m, signature: { ...m.signature!, value: Buffer.from('rác').toString('base64') } }), refused(/altered/));
      assert.equal(p.running, 0, 'a lone check needs no worker');
      const few = await Promise.all(Array.from({ length: 20 }, () => s.verify(m)));
      assert.ok(few.every((x) => x?.code === OTHER));
      assert.equal(p.running, 0, 'twenty checks in one turn (≈ 0.5 ms) are checked here too');
      const many = await Promise.all(Array.from({ length: 60 }, () => s.verify(m)));
      assert.ok(many.every((x) => x?.code === OTHER));
      assert.equal(p.running, 1, 'sixty checks in one turn go to a worker');
    } finally {
      await p.close();
    }
  });

  it('answers work still in a worker when the pool closes (SHUTTING_DOWN, not a promise that never settles)', { timeout: 10_000 }, async () => {
    const ca = new X509Certificate(readFileSync(join(dir, 'ca.crt')));
    const { keys, pems } = loadAgencyKeys([{ code: AGENCY, cert: agencyFiles.certPath, key: agencyFiles.keyPath }], ca);
    const closing = new SignaturePool(1, pems);
    const s = new DocumentSignatures(NODE, new SignerCertificates(ca, { isRevoked: () => false }), closing, keys);
    const m = doc(AGENCY, 'Đang ký khi dừng');
    await Promise.all(Array.from({ length: 20 }, () => s.sign(m))); // starts a worker
    await waitFor('a worker ready', () => closing.ready === 1);
    const settled = Promise.allSettled(Array.from({ length: 200 }, () => s.sign(m)));
    await new Promise((r) => setImmediate(r)); // the batch is in the worker now
    await closing.close();
    const outcomes = await settled;
    assert.ok(outcomes.every((o) => o.status === 'fulfilled' || (o.reason as LienthongError).code === 'SHUTTING_DOWN'), 'every request settled, done or SHUTTING_DOWN');
  });

  it('never holds a batch for a worker to start: checks it here meanwhile, and hands the next ones over', async () => {
    const ca = new X509Certificate(readFileSync(join(dir, 'ca.crt')));
    const { keys, pems } = loadAgencyKeys([{ code: AGENCY, cert: agencyFiles.certPath, key: agencyFiles.keyPath }], ca);
    const p = new SignaturePool(2, pems);
    try {
      const s = new DocumentSignatures(NODE, new SignerCertificates(ca, { isRevoked: () => false }), p, keys);
      const m = signWith(doc(OTHER, 'Không chờ luồng'), otherFiles);
      const first = await Promise.all(Array.from({ length: 60 }, () => s.verify(m)));
      assert.ok(first.every((x) => x?.code === OTHER));
      assert.equal(p.handedOff, 0, 'checked here: no worker was ready');
      assert.equal(p.running, 1, 'and one started for the next batches');
      await waitFor('the worker ready', () => p.ready === 1);
      const next = await Promise.all(Array.from({ length: 60 }, () => s.verify(m)));
      assert.ok(next.every((x) => x?.code === OTHER));
      assert.equal(p.handedOff, 60, 'the next batch went to the worker');
      await assert.rejects(Promise.all([s.verify({ ...m, priority: 2 }), ...Array.from({ length: 59 }, () => s.verify(m))]), refused(/altered after/));
    } finally {
      await p.close();
    }
  });

  it('works through a large queue a turn\'s budget at a time while no worker is ready', async () => {
    const ca = new X509Certificate(readFileSync(join(dir, 'ca.crt')));
    const { keys, pems } = loadAgencyKeys([{ code: AGENCY, cert: agencyFiles.certPath, key: agencyFiles.keyPath }], ca);
    const p = new SignaturePool(1, pems);
    try {
      const s = new DocumentSignatures(NODE, new SignerCertificates(ca, { isRevoked: () => false }), p, keys);
      let done = 0;
      const all = Promise.all(Array.from({ length: 200 }, (_, i) => s.sign(doc(AGENCY, `Lô ${i}`)).then(() => done++)));
      await new Promise((r) => setImmediate(r)); // the pool's first turn ran just before this one
      const perTurn = jobsWithin(Array.from({ length: 200 }, () => ({ op: 'sign', algorithm: 'RSA-SHA256', data: Buffer.alloc(0), keyId: AGENCY }) as const), STARTING_TURN_BUDGET_US);
      assert.equal(perTurn, 80, '20 ms of RSA signatures');
      assert.equal(done, perTurn, 'one turn did a turn\'s budget, not all 200');
      await all;
      assert.equal(done, 200);
    } finally {
      await p.close();
    }
  });

  it('carries on without workers when one cannot start: reports it, and does not start one per batch', async () => {
    const ca = new X509Certificate(readFileSync(join(dir, 'ca.crt')));
    const { keys, pems } = loadAgencyKeys([{ code: AGENCY, cert: agencyFiles.certPath, key: agencyFiles.keyPath }], ca);
    const failures: string[] = [];
    const workerUrl = new URL('../../../test/fixtures/workers/failing-worker.mjs', import.meta.url);
    const p = new SignaturePool(2, pems, { workerUrl, onWorkerFailure: (m) => failures.push(m) });
    try {
      const s = new DocumentSignatures(NODE, new SignerCertificates(ca, { isRevoked: () => false }), p, keys);
      const m = signWith(doc(OTHER, 'Không có luồng'), otherFiles);
      for (let round = 0; round < 5; round++) {
        const checked = await Promise.all(Array.from({ length: 60 }, () => s.verify(m)));
        assert.ok(checked.every((x) => x?.code === OTHER), 'every check answered, on the event loop');
        await waitFor('the worker to fail', () => p.running === 0 || null, 5_000, 10);
      }
      assert.equal(failures.length, 1, `one start, reported once, in five rounds: ${failures.join(' | ')}`);
      assert.match(failures[0]!, /^a signature worker failed before it was ready \(.*this worker cannot start.*\): signatures are checked and made on the event loop, slower; the next start in 1 s$/);
      assert.equal(p.handedOff, 0);
    } finally {
      await p.close();
    }
  });

  it('refuses to sign for an agency whose key it does not hold', async () => {
    await assert.rejects(sigs.sign(doc(OTHER, 'Không có khóa')), refused(/holds no signing key/));
  });

  it('accepts a signature made in the agency software, refuses it once altered', async () => {
    const m = signWith(doc(OTHER, 'Tự ký'), otherFiles);
    assert.equal((await sigs.verify(m))?.code, OTHER);
    await assert.rejects(sigs.verify({ ...m, priority: 2 }), refused(/altered after 000.00.00.H41 signed it/));
    await assert.rejects(sigs.verify({ ...m, signature: { ...m.signature!, value: Buffer.from('rác').toString('base64') } }), refused(/altered/));
  });

  it('refuses the wrong signer, an unknown algorithm, a garbled certificate and a revoked one', async () => {
    const m = signWith(doc(AGENCY, 'Ký nhầm'), otherFiles);
    await assert.rejects(sigs.verify(m), refused(/signed with the agency certificate of 000.00.00.H41/));
    const good = signWith(doc(OTHER, 'Đúng'), otherFiles);
    await assert.rejects(sigs.verify({ ...good, signature: { ...good.signature!, algorithm: 'MD5' as never } }), refused(/not one of/));
    await assert.rejects(sigs.verify({ ...good, signature: { ...good.signature!, algorithm: 'Ed25519' } }), refused(/holds a key for RSA-SHA256/));
    await assert.rejects(sigs.verify({ ...good, signature: { ...good.signature!, certificate: 'AAAA' } }), refused(/not a readable/));
    revoked.add(new X509Certificate(readFileSync(otherFiles.certPath)).serialNumber.toUpperCase());
    try {
      await assert.rejects(sigs.verify(good), refused(/is revoked/));
    } finally {
      revoked.clear();
    }
  });

  it('refuses a document made outside its signer certificate\'s validity', async () => {
    const m = signWith(doc(OTHER, 'Quá cũ'), otherFiles);
    const old = signWith({ ...m, createdAtMs: Date.parse('2001-01-01T00:00:00Z') }, otherFiles);
    await assert.rejects(sigs.verify(old), refused(/was not valid when the message was made/));
  });

  it('refuses an unsigned document; lets an unsigned status through', async () => {
    await assert.rejects(sigs.verify(doc(AGENCY, 'Chưa ký')), refused(/is not signed/));
    const s = buildStatus({ about: doc(AGENCY, 'x'), code: '03', reporter: OTHER, to: AGENCY, recipient: OTHER, reason: '', nowMs: Date.now(), expirySeconds: 60 });
    assert.equal(await sigs.verify(s), null);
  });

  const hasOpenssl = spawnSync('openssl', ['version']).status === 0;
  for (const [algorithm, type, options] of [['Ed25519', 'ed25519', {}], ['ECDSA-SHA256', 'ec', { namedCurve: 'P-256' }]] as const) {
    it(`verifies a document signed with an ${algorithm} agency key (certificate issued by the network CA with openssl)`, { skip: hasOpenssl ? false : 'openssl is not installed' }, async () => {
      const { privateKey } = generateKeyPairSync(type as 'ed25519', options);
      const keyPath = join(dir, `${type}.key`);
      writeFileSync(keyPath, privateKey.export({ type: 'pkcs8', format: 'pem' }));
      writeFileSync(join(dir, 'ext.cnf'), `subjectAltName=URI:urn:lienthong:agency:${OTHER}\n`);
      execFileSync('openssl', ['req', '-new', '-key', keyPath, '-subj', `/CN=${OTHER}`, '-out', join(dir, `${type}.csr`)]);
      execFileSync('openssl', ['x509', '-req', '-in', join(dir, `${type}.csr`), '-CA', join(dir, 'ca.crt'), '-CAkey', join(dir, 'ca.key'), '-set_serial', '4242', '-days', '30', '-extfile', join(dir, 'ext.cnf'), '-out', join(dir, `${type}.crt`)], { stdio: 'ignore' });
      const m = signWith(doc(OTHER, `Ký bằng ${algorithm}`), { certPath: join(dir, `${type}.crt`), keyPath });
      assert.equal(m.signature?.algorithm, algorithm);
      assert.equal((await sigs.verify(m))?.code, OTHER);
      await assert.rejects(sigs.verify({ ...m, priority: 4 }), refused(/altered/));
    });
  }

  it('refuses agency keys that are not what the configuration says', () => {
    const ca = new X509Certificate(readFileSync(join(dir, 'ca.crt')));
    assert.throws(() => loadAgencyKeys([{ code: AGENCY, cert: otherFiles.certPath, key: otherFiles.keyPath }], ca), /is the agency certificate of 000.00.00.H41/);
    assert.throws(() => loadAgencyKeys([{ code: AGENCY, cert: agencyFiles.certPath, key: otherFiles.keyPath }], ca), /is not the key of/);
    assert.throws(() => loadAgencyKeys([{ code: AGENCY, cert: join(dir, 'nope.crt'), key: agencyFiles.keyPath }], ca), /cannot read the certificate/);
  });
});

describe('keys that cannot sign', () => {
  it('are named by type (and curve), with no article to get wrong ("a ec", "a ed448")', () => {
    const ec = generateKeyPairSync('ec', { namedCurve: 'secp384r1' }).privateKey;
    assert.throws(() => algorithmFor(ec), (e: LienthongError) => e.code === 'SIGNATURE_INVALID' && /^a key of type ec \(secp384r1\) cannot sign documents: use RSA/.test(e.message));
    assert.throws(() => algorithmFor(generateKeyPairSync('ed448').privateKey), { message: /^a key of type ed448 cannot sign documents/ });
  });
});
