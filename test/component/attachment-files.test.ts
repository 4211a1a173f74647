/**
 * Attachment files on a real disk and a real SQLite store: a file whose bytes do not match its
 * SHA-256 is refused and dropped; a partial file survives a restart and resumes; files go only once
 * no message needs them and the retention has passed; a document over the size limit is refused at
 * the edge.
 */
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, it } from 'node:test';
import type { LienthongError } from '../../src/domain/errors.js';
import type { LinkFrame } from '../../src/gen/lienthong/v1/LinkFrame.js';
import { buildRouteTable } from '../../src/domain/route-table.js';
import { AttachmentReceiver } from '../../src/link/attachment-receiver.js';
import { EdxmlGateway } from '../../src/node/edxml-gateway.js';
import { silentLogger } from '../../src/node/logger.js';
import { Relay } from '../../src/node/relay.js';
import { FileAttachmentStore } from '../../src/store/files/file-attachment-store.js';
import { openSqliteStore } from '../../src/store/sqlite/open.js';
import type { SqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import { UNCHECKED_SIGNATURES } from '../helpers/unchecked-signatures.js';
import { waitFor } from '../../scripts/lib/wait-for.js';

const sha = (b: Buffer): string => createHash('sha256').update(b).digest('hex');
const SELF = '000.00.00.H44';
const AGENCY = '000.00.01.H44';

/** An edXML Attachment with its base64 text. */
const attachmentXml = (cid: string, base64: string): string =>
  `<Attachment><ContentId>${cid}</ContentId><AttachmentName>${cid.slice(4)}.pdf</AttachmentName><ContentType>application/pdf</ContentType><ContentTransferEncoded>${base64}</ContentTransferEncoded></Attachment>`;

/** A package from SELF to AGENCY, number `n`, its manifest naming `refs`, up to its attachments. */
const packageHead = (n: number, subject: string, refs: string[]): string => `<?xml version="1.0" encoding="UTF-8"?>
<edXML xmlns="http://www.mic.gov.vn/TBT/QCVN_102_2016"><edXMLEnvelope><edXMLHeader><MessageHeader>
<From><OrganId>${SELF}</OrganId></From><To><OrganId>${AGENCY}</OrganId></To>
<Code><CodeNumber>${n}</CodeNumber><CodeNotation>UBND</CodeNotation></Code>
<PromulgationInfo><Place>Hà Tĩnh</Place><PromulgationDate>2026/01/05</PromulgationDate></PromulgationInfo>
<DocumentType><Type>1</Type><TypeName>Công văn</TypeName></DocumentType><Subject>${subject}</Subject>
<OtherInfo><Priority>0</Priority></OtherInfo></MessageHeader></edXMLHeader>
<edXMLBody><edXMLManifest>${refs.map((r) => `<Reference><ContentId>${r}</ContentId><AttachmentName>${r.slice(4)}.pdf</AttachmentName></Reference>`).join('')}</edXMLManifest></edXMLBody></edXMLEnvelope>
<AttachmentEncoded>`;

describe('attachment files', () => {
  let dir: string;
  let files: FileAttachmentStore;
  let store: SqliteStore;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'lienthong-files-'));
    files = new FileAttachmentStore(join(dir, 'attachments'));
    store = openSqliteStore({ path: join(dir, 'db.sqlite') });
  });
  afterEach(async () => {
    await files.close();
    store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const receiver = (frames: LinkFrame[], owner = 'peer#1') =>
    new AttachmentReceiver({ peer: 'peer', owner, files, write: (f) => frames.push(f) > 0, log: silentLogger(), maxBytes: 1e9, syncBytes: 64 * 1024 });
  const statuses = (frames: LinkFrame[]) => frames.flatMap((f) => (f.attachmentStatus ? [f.attachmentStatus] : []));
  const settle = () => new Promise((r) => setTimeout(r, 50));
  /** This node's relay and edXML gateway, SELF and AGENCY attached, documents up to `maxDocumentBytes`. */
  const edge = (maxDocumentBytes = 1e9) => {
    const table = buildRouteTable({ self: SELF, attached: [SELF, AGENCY], children: [], laterals: [], statics: [] });
    const relay = new Relay(SELF, store, table, { maxDocumentBytes, expirySeconds: 3600, maxHops: 32 }, Date.now, silentLogger(), files, UNCHECKED_SIGNATURES);
    return { relay, gateway: new EdxmlGateway({ relay, store, files, maxDocumentBytes, now: Date.now }) };
  };

  it('refuses a file whose bytes do not match its SHA-256, keeps nothing of it and names its document to the node', async () => {
    const good = randomBytes(200_000);
    const altered = Buffer.from(good);
    altered[123_456] ^= 0xff;
    const frames: LinkFrame[] = [];
    const reported: { messageId: string; sender: string; reason: string }[] = [];
    const r = new AttachmentReceiver({
      peer: 'peer', owner: 'peer#1', files, write: (f) => frames.push(f) > 0, log: silentLogger(), maxBytes: 1e9, syncBytes: 64 * 1024,
      onAltered: async (offer, reason) => reported.push({ messageId: offer.messageId, sender: offer.sender, reason }) > 0,
    });
    r.onOffer({ sha256: sha(good), size: good.length, recipients: ['000.00.00.H41'], messageId: 'm', sender: '000.00.00.H44' });
    await waitFor('the offer answered', () => statuses(frames).length > 0);
    r.onChunk({ sha256: sha(good), offset: 0, data: altered.subarray(0, 100_000) });
    r.onChunk({ sha256: sha(good), offset: 100_000, data: altered.subarray(100_000) });
    await waitFor('the file refused', () => statuses(frames).some((st) => st.errorCode));
    const last = statuses(frames).at(-1)!;
    assert.equal(last.errorCode, 'ATTACHMENT_ALTERED');
    assert.match(String(last.errorMessage), /file \w+ of message m from peer does not match its SHA-256 \(.*corrupted or altered/);
    assert.equal(reported.length, 1);
    assert.equal(reported[0]!.messageId, 'm');
    assert.equal(reported[0]!.sender, '000.00.00.H44');
    assert.equal(`${reported[0]!.reason}: the document is refused and its sender told`, last.errorMessage);
    assert.equal(files.has(sha(good)), false);
    assert.equal(files.info(sha(good)), null, 'the partial file is gone too');
    await r.close();
  });

  it('holds back the last byte of an arriving file from readers until it matched its SHA-256', async () => {
    for (const altered of [false, true]) {
      const good = randomBytes(100_000);
      const bytes = Buffer.from(good);
      if (altered) bytes[10] ^= 0x01;
      const incoming = await files.openIncoming(sha(good), good.length, `peer#hold-${altered}`);
      const reader = await files.openReader(sha(good));
      await incoming.append(0, bytes);
      assert.equal(reader.available(), good.length - 1, 'every byte but the last may be passed on');
      let last: 'pending' | 'ready' | string = 'pending';
      reader.waitFor(good.length - 1).then(() => (last = 'ready'), (e: Error & { code?: string }) => (last = e.code ?? 'error'));
      await settle();
      assert.equal(last, 'pending', 'the last byte waits for the check');
      await incoming.finish().catch(() => undefined);
      await waitFor('the last byte released or refused', () => last !== 'pending');
      assert.equal(last, altered ? 'ATTACHMENT_CORRUPT' : 'ready');
      if (!altered) {
        assert.equal(reader.available(), good.length);
        const tail = Buffer.alloc(1);
        await reader.readInto(good.length - 1, tail);
        assert.equal(tail[0], good[good.length - 1]);
      }
      await reader.close();
    }
  });

  it('keeps the durable prefix of a cut transfer across a restart and resumes from it', async () => {
    const data = randomBytes(300_000);
    const frames: LinkFrame[] = [];
    const r = receiver(frames);
    r.onOffer({ sha256: sha(data), size: data.length, recipients: [], messageId: 'm', sender: '' });
    await waitFor('the offer answered', () => statuses(frames).length > 0);
    r.onChunk({ sha256: sha(data), offset: 0, data: data.subarray(0, 180_000) });
    await waitFor('the chunk written', () => files.info(sha(data))?.bytes === 180_000);
    await r.close(); // the link is cut
    await files.close(); // and the node restarts
    files = new FileAttachmentStore(join(dir, 'attachments'));

    const again: LinkFrame[] = [];
    const r2 = receiver(again, 'peer#2');
    r2.onOffer({ sha256: sha(data), size: data.length, recipients: [], messageId: 'm', sender: '' });
    await waitFor('the offer answered', () => statuses(again).length > 0);
    const answer = statuses(again)[0]!;
    assert.equal(answer.committed, 180_000, 'the offer is answered with the bytes already held');
    r2.onChunk({ sha256: sha(data), offset: 180_000, data: data.subarray(180_000) });
    await waitFor('the file complete', () => statuses(again).at(-1)!.complete);
    assert.equal(statuses(again).at(-1)!.complete, true);
    assert.ok(files.has(sha(data)));
    await r2.close();
  });

  it('lets one link at a time receive a file: another gets PEER_BUSY and offers again later', async () => {
    const data = randomBytes(10_000);
    const a: LinkFrame[] = [];
    const b: LinkFrame[] = [];
    const ra = receiver(a, 'peer-a#1');
    const rb = receiver(b, 'peer-b#1');
    ra.onOffer({ sha256: sha(data), size: data.length, recipients: [], messageId: 'm', sender: '' });
    await waitFor('the first offer answered', () => statuses(a).length > 0);
    rb.onOffer({ sha256: sha(data), size: data.length, recipients: [], messageId: 'm', sender: '' });
    await waitFor('the second offer answered', () => statuses(b).length > 0);
    assert.equal(statuses(b)[0]!.errorCode, 'PEER_BUSY');
    await ra.close();
    await rb.close();
  });

  it('collects a file only when no message needs it and the retention has passed', async () => {
    const table = buildRouteTable({ self: SELF, attached: [SELF, AGENCY], children: [], laterals: [], statics: [] });
    let now = Date.now();
    const relay = new Relay(SELF, store, table, { maxDocumentBytes: 1e9, expirySeconds: 3600, maxHops: 32 }, () => now, silentLogger(), files, UNCHECKED_SIGNATURES);
    const data = randomBytes(50_000);
    const w = files.upload();
    await w.write(data);
    const { sha256, size } = await w.finish();
    const sent = await relay.submit({
      from: SELF, to: [AGENCY], priority: 0, document: { subject: 'Tờ trình' }, body: Buffer.alloc(0),
      attachments: [{ contentId: 'cid:a', contentType: 'application/pdf', description: '', attachmentName: 'Tờ trình.pdf', sha256, size }],
    });
    const retention = 60_000;
    assert.equal(await files.collect(new Set(), Date.now() + 1), 0, 'kept while the upload holds it');
    assert.equal(files.release(sha256), false);
    const collect = () => files.collect(store.attachmentsInUse(now - retention), Date.now() + 1);
    assert.equal(await collect(), 0, 'kept while the inbox item is unacknowledged');
    await relay.acknowledge(AGENCY, [sent.messageId]);
    now += 1_000;
    assert.equal(await collect(), 0, 'kept during the retention after delivery');
    now += retention;
    assert.equal(await collect(), 1, 'collected after the retention');
    assert.equal(files.has(sha256), false);
    assert.equal(existsSync(join(dir, 'attachments', 'complete', sha256.slice(0, 2), sha256)), false);
  });

  it('deletes at once the files of a package refused after they were stored, unless a message needs them', async () => {
    const { gateway } = edge();
    const first = randomBytes(40_000);
    const second = randomBytes(30_000);
    const attachment = attachmentXml;
    const xml = (attachments: string, refs: string[]) => `${packageHead(2, 'Hồ sơ bị từ chối', refs)}${attachments}</AttachmentEncoded></edXML>`;
    const send = (text: string, opts: Parameters<EdxmlGateway['send']>[2] = {}) =>
      gateway.send(() => SELF, (async function* () {
        yield Buffer.from(text);
      })(), opts);
    const held = (data: Buffer) => existsSync(join(dir, 'attachments', 'complete', sha(data).slice(0, 2), sha(data)));

    // Refused after parsing: a declaration of an attachment the package lacks.
    const good = xml(attachment('cid:a', first.toString('base64')), ['cid:a']);
    await assert.rejects(send(good, { files: [{ contentId: 'cid:khong-co', sha256: sha(second), size: second.length }] }), /no Attachment with that ContentId/);
    assert.equal(held(first), false, 'the refused package left no file');
    // Refused while parsing: the second attachment's base64 is broken after the first was stored.
    const broken = xml(attachment('cid:a', first.toString('base64')) + attachment('cid:b', `${second.toString('base64').slice(0, 400)}!!!!`), ['cid:a', 'cid:b']);
    await assert.rejects(send(broken), /Attachment\[2\]\/ContentTransferEncoded: invalid base64/);
    assert.equal(held(first), false, 'the file stored before the error went too');
    // A file a message holds stays, though a refused package brought it too.
    const accepted = await send(good);
    assert.equal(accepted.kind, 'document');
    await assert.rejects(send(good, { files: [{ contentId: 'cid:khong-co', sha256: sha(second), size: second.length }] }), /no Attachment with that ContentId/);
    assert.equal(held(first), true, 'kept for the accepted document');
    assert.equal(files.has(sha(first)), true);
    assert.equal(store.counters().accepted, 1);
  });

  it('a package failing after its declared file arrived keeps that file for another package still carrying it', async () => {
    const { gateway } = edge();
    const pdf = randomBytes(40_000);
    const other = randomBytes(30_000);
    const att = attachmentXml;
    const head = (n: number) => `${packageHead(n, 'Hai gói cùng tệp', ['cid:a', 'cid:b'])}${att('cid:a', pdf.toString('base64'))}`;
    const gate = () => {
      let open!: () => void;
      return { opened: new Promise<void>((r) => (open = r)), open: () => open() };
    };
    const [gateA, gateB] = [gate(), gate()];
    // B's hold on the PDF cannot be watched from here: give it time (ample even on a loaded machine).
    const settle = () => new Promise((r) => setTimeout(r, 500));
    // A declares the PDF (it arrives as a new file), then its second attachment is broken.
    const a = gateway.send(() => SELF, (async function* () {
      yield Buffer.from(head(2));
      await gateA.opened;
      yield Buffer.from(`${att('cid:b', `${other.toString('base64').slice(0, 400)}!!!!`)}</AttachmentEncoded></edXML>`);
    })(), { files: [{ contentId: 'cid:a', sha256: sha(pdf), size: pdf.length }] });
    await waitFor('A\'s PDF stored', () => files.has(sha(pdf)));
    // B carries the same PDF, undeclared, and is still arriving when A fails.
    const b = gateway.send(() => SELF, (async function* () {
      yield Buffer.from(head(1));
      await gateB.opened;
      yield Buffer.from(`${att('cid:b', other.toString('base64'))}</AttachmentEncoded></edXML>`);
    })(), {});
    await settle();
    gateA.open();
    await assert.rejects(a, /Attachment\[2\]\/ContentTransferEncoded: invalid base64/);
    assert.equal(files.has(sha(pdf)), true, 'the PDF B holds stays');
    gateB.open();
    const accepted = await b;
    assert.equal(accepted.kind, 'document');
    assert.equal(files.has(sha(pdf)), true);
  });

  it('a file held while a document naming it is taken in is not collected; letting go twice counts once', async () => {
    const w = files.upload();
    await w.write(randomBytes(10_000));
    const { sha256 } = await w.finish();
    files.release(sha256);
    const first = files.hold([sha256]);
    const second = files.hold([sha256]);
    assert.equal(await files.collect(new Set(), Date.now() + 1), 0, 'not collected while held');
    first();
    first();
    assert.equal(await files.collect(new Set(), Date.now() + 1), 0, 'still held by the second');
    assert.equal(files.has(sha256), true);
    second();
    assert.equal(await files.collect(new Set(), Date.now() + 1), 1, 'collected once nothing holds it');
  });

  it('checks a held file again: one damaged on the disk is moved aside, no longer held, and taken afresh', async () => {
    const data = randomBytes(3 * 1024 * 1024 + 1);
    const upload = async () => {
      const w = files.upload();
      await w.write(data);
      const { sha256 } = await w.finish();
      files.release(sha256);
      return sha256;
    };
    const sha256 = await upload();
    assert.deepEqual(await files.recheck(sha256), { state: 'intact' });
    assert.deepEqual(await files.recheck('00'.repeat(32)), { state: 'absent' });
    const path = join(dir, 'attachments', 'complete', sha256.slice(0, 2), sha256);
    const damaged = Buffer.from(data);
    damaged.write('XXXXXXXX', 1_000_000);
    writeFileSync(path, damaged);
    const r = await files.recheck(sha256);
    assert.deepEqual(r, { state: 'damaged', path, found: sha(damaged), movedTo: join(dir, 'attachments', 'quarantine', sha256) });
    assert.equal(files.has(sha256), false);
    assert.equal(existsSync(path), false);
    await assert.rejects(files.openReader(sha256), (e: LienthongError) => e.code === 'ATTACHMENT_MISSING' && /damaged on this node's disk/.test(e.message));
    // Taken afresh: an upload of the same bytes holds the file again.
    assert.equal(await upload(), sha256);
    assert.equal(files.has(sha256), true);
    assert.deepEqual(await files.recheck(sha256), { state: 'intact' });
  });

  it('refuses at the edge a package whose files exceed maxDocumentBytes', async () => {
    const { gateway } = edge(100_000);
    const big = randomBytes(3_000_000).toString('base64');
    const xml = `<?xml version="1.0" encoding="UTF-8"?>
<edXML xmlns="http://www.mic.gov.vn/TBT/QCVN_102_2016"><edXMLEnvelope><edXMLHeader><MessageHeader>
<From><OrganId>${SELF}</OrganId></From><To><OrganId>${AGENCY}</OrganId></To>
<Code><CodeNumber>1</CodeNumber><CodeNotation>UBND</CodeNotation></Code>
<PromulgationInfo><Place>Hà Tĩnh</Place><PromulgationDate>2026/01/05</PromulgationDate></PromulgationInfo>
<DocumentType><Type>1</Type><TypeName>Công văn</TypeName></DocumentType><Subject>Hồ sơ quá lớn</Subject>
<OtherInfo><Priority>0</Priority></OtherInfo></MessageHeader></edXMLHeader>
<edXMLBody><edXMLManifest><Reference><ContentId>cid:big</ContentId><AttachmentName>lon.pdf</AttachmentName></Reference></edXMLManifest></edXMLBody></edXMLEnvelope>
<AttachmentEncoded><Attachment><ContentId>cid:big</ContentId><AttachmentName>lon.pdf</AttachmentName><ContentType>application/pdf</ContentType><ContentTransferEncoded>${big}</ContentTransferEncoded></Attachment></AttachmentEncoded></edXML>`;
    const bytes = Buffer.from(xml);
    let read = 0;
    async function* source() {
      for (let at = 0; at < bytes.length; at += 16_384) {
        read = at + 16_384;
        yield bytes.subarray(at, at + 16_384);
      }
    }
    await assert.rejects(gateway.send(() => SELF, source(), {}), (err: Error & { code?: string }) => {
      assert.equal(err.code, 'DOCUMENT_TOO_LARGE');
      assert.match(err.message, /^edXML: the decoded attachments exceed 100000 bytes, the most a document may hold on this node \(limits\.maxDocumentBytes\)/);
      return true;
    });
    assert.ok(read < 400_000, `refused once the decoded file passed the limit, not at the end of the package (read ${read} of ${bytes.length} bytes)`);
    assert.equal(store.counters().accepted, 0, 'nothing was taken in');
    assert.deepEqual(files.usage(), { files: 0, bytes: 0 }, 'no file left');
  });

  it('refuses declared files over maxDocumentBytes before reading the package, in words a CLI user can act on', async () => {
    const { gateway } = edge(100_000);
    let read = false;
    async function* source() {
      read = true;
      yield Buffer.from('<edXML/>');
    }
    const files = [{ contentId: 'cid:big', sha256: 'a'.repeat(64), size: 120_000 }];
    await assert.rejects(gateway.send(() => SELF, source(), { files }), (err: Error & { code?: string }) => {
      assert.equal(err.code, 'DOCUMENT_TOO_LARGE');
      assert.match(err.message, /^the attached files \(send --attach, or SendEdxmlOptions\.files\) come to 120000 bytes, this node accepts at most 100000 per document \(limits\.maxDocumentBytes\): send fewer or smaller files/);
      return true;
    });
    assert.equal(read, false, 'refused before any of the package was read');
  });
});
