import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { LienthongError } from '../../src/domain/errors.js';
import { encodeBase64Stream } from '../../src/edxml/edxml-base64.js';
import { emptyBusiness, emptyOrganization, emptyStaffInfo } from '../../src/edxml/edxml-document.js';
import { exportEdxml } from '../../src/edxml/edxml-export.js';
import { parseEdxml } from '../../src/edxml/edxml-parse.js';
import type { AttachmentSource, DocumentPackage, EdxmlPackage } from '../../src/edxml/edxml-types.js';
import { BlobDir, blobDirs, collect, inPieces } from '../helpers/edxml-blob-dir.js';

const FIXTURES = fileURLToPath(new URL('../../../test/fixtures/edxml/', import.meta.url));
const NOW = (): number => Date.UTC(2025, 6, 15, 3, 0, 0);
const GOOD = readdirSync(FIXTURES).filter((f) => f.endsWith('.xml')).sort();

const blobDir = blobDirs();

async function parseFixture(name: string): Promise<{ pkg: EdxmlPackage; dir: BlobDir }> {
  const dir = await blobDir();
  const pkg = await parseEdxml(createReadStream(join(FIXTURES, name)), dir, { now: NOW });
  return { pkg, dir };
}

async function exportText(pkg: EdxmlPackage, source: AttachmentSource): Promise<string> {
  return (await collect(exportEdxml(pkg, source))).toString('utf8');
}

/** Local names of the children of the first `parent` element in `xml`, in order. */
function childOrder(xml: string, parent: string): string[] {
  const open = new RegExp(`<edXML:${parent}[\\s>]`).exec(xml);
  assert.ok(open, `no <edXML:${parent}> in the output`);
  const start = xml.indexOf('>', open.index) + 1;
  const inner = xml.slice(start, xml.indexOf(`</edXML:${parent}>`, start));
  const names: string[] = [];
  let depth = 0;
  for (const m of inner.matchAll(/<(\/?)edXML:(\w+)[^>]*?(\/?)>/g)) {
    if (m[1]) depth--;
    else {
      if (depth === 0) names.push(m[2]!);
      if (!m[3]) depth++;
    }
  }
  return names;
}

describe('edXML export: round trip', () => {
  it('covers every good fixture', () => {
    assert.ok(GOOD.length >= 16, GOOD.join(', '));
  });

  for (const name of GOOD) {
    it(`${name}: parse(export(pkg)) deep-equals pkg and the attachments come back byte for byte`, async () => {
      const { pkg, dir } = await parseFixture(name);
      const again = await blobDir();
      const back = await parseEdxml(exportEdxml(pkg, dir.source), again, { now: NOW });
      assert.deepEqual(back, pkg);
      if (pkg.kind === 'document') {
        for (const a of pkg.attachments) assert.deepEqual(await again.read(a.sha256), await dir.read(a.sha256));
      }
    });
  }
});

describe('edXML export: what is written', () => {
  it('a document: declaration, namespace, the standard element order, dates yyyy/MM/dd, timestamps +07:00', async () => {
    const { pkg, dir } = await parseFixture('cong-van.xml');
    const xml = await exportText(pkg, dir.source);
    assert.ok(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<edXML:edXML xmlns:edXML="http://www.mic.gov.vn/TBT/QCVN_102_2016">'));
    assert.deepEqual(childOrder(xml, 'edXML'), ['edXMLEnvelope', 'AttachmentEncoded']);
    assert.deepEqual(childOrder(xml, 'edXMLEnvelope'), ['edXMLHeader', 'edXMLBody']);
    assert.deepEqual(childOrder(xml, 'MessageHeader'), [
      'From', 'To', 'To', 'Code', 'PromulgationInfo', 'DocumentType', 'Subject', 'Content', 'SignerInfo',
      'DueDate', 'ToPlaces', 'OtherInfo', 'SteeringType', 'DocumentId',
    ]);
    assert.deepEqual(childOrder(xml, 'From'), ['OrganId', 'OrganizationInCharge', 'OrganName', 'OrganAdd', 'Email', 'Telephone', 'Fax', 'Website']);
    assert.deepEqual(childOrder(xml, 'TraceHeaderList'), ['TraceHeader', 'Bussiness']);
    assert.match(xml, /<edXML:PromulgationDate>2025\/06\/30<\/edXML:PromulgationDate>/);
    assert.match(xml, /<edXML:DueDate>2025\/07\/15<\/edXML:DueDate>/);
    assert.match(xml, /<edXML:Timestamp>2025-06-30T15:42:10\.000\+07:00<\/edXML:Timestamp>/);
    assert.match(xml, /<edXML:BussinessDocType>0<\/edXML:BussinessDocType>/);
    assert.match(xml, /<edXML:Subject>Về việc triển khai kết nối, liên thông gửi, nhận văn bản điện tử sau sắp xếp đơn vị hành chính<\/edXML:Subject>/);
  });

  it('a document answering others writes ResponseFor between OtherInfo and SteeringType', async () => {
    const { pkg, dir } = await parseFixture('revoke.xml');
    const order = childOrder(await exportText(pkg, dir.source), 'MessageHeader');
    assert.deepEqual(order.slice(-4), ['OtherInfo', 'ResponseFor', 'SteeringType', 'DocumentId']);
  });

  it('the Business spelling the package used is kept', async () => {
    const { pkg, dir } = await parseFixture('business-spelling.xml');
    const xml = await exportText(pkg, dir.source);
    assert.match(xml, /<edXML:Business>\s*<edXML:BusinessDocType>0<\/edXML:BusinessDocType>\s*<edXML:BusinessDocReason\/>/);
    assert.doesNotMatch(xml, /Bussiness/);
  });

  it('a status package: Status with its fields, no body and no attachments', async () => {
    const { pkg, dir } = await parseFixture('status-02.xml');
    const xml = await exportText(pkg, dir.source);
    assert.deepEqual(childOrder(xml, 'edXMLHeader'), ['Status', 'TraceHeaderList']);
    assert.deepEqual(childOrder(xml, 'Status'), ['ResponseFor', 'From', 'StaffInfo', 'StatusCode', 'Description', 'Timestamp']);
    assert.match(xml, /<edXML:StatusCode>02<\/edXML:StatusCode>/);
    assert.doesNotMatch(xml, /edXMLBody|AttachmentEncoded/);
  });

  it('attachments are base64 in lines of 76 characters', async () => {
    const { pkg, dir } = await parseFixture('quyet-dinh-phu-luc.xml');
    const xml = await exportText(pkg, dir.source);
    const bodies = [...xml.matchAll(/<edXML:ContentTransferEncoded>\n([\s\S]*?)\s*<\/edXML:ContentTransferEncoded>/g)].map((m) => m[1]!);
    assert.equal(bodies.length, 3);
    const doc = pkg as DocumentPackage;
    for (const [i, body] of bodies.entries()) {
      const lines = body.split('\n');
      for (const line of lines.slice(0, -1)) assert.equal(line.length, 76);
      assert.ok(lines.at(-1)!.length <= 76);
      assert.deepEqual(Buffer.from(body, 'base64'), await dir.read(doc.attachments[i]!.sha256));
    }
  });

  it('text is escaped: markup characters, CR and quotes survive the round trip', async () => {
    const { pkg, dir } = await parseFixture('cong-van.xml');
    const doc = pkg as DocumentPackage;
    const tricky: DocumentPackage = {
      ...doc,
      header: {
        ...doc.header,
        subject: 'Về việc <b>bổ sung</b> & "sửa đổi" \'Điều 3\' ]]> xong',
        content: 'Dòng 1\r\nDòng 2\tcó tab\nDòng 3 &amp; không phải thực thể',
      },
    };
    const xml = await exportText(tricky, dir.source);
    assert.match(xml, /Về việc &lt;b&gt;bổ sung&lt;\/b&gt; &amp; "sửa đổi" 'Điều 3' \]\]&gt; xong/);
    const back = await parseEdxml(inPieces(Buffer.from(xml), 1000), await blobDir(), { now: NOW });
    assert.deepEqual(back, tricky);
  });

  it('a character XML cannot carry is refused, not written', async () => {
    const { pkg, dir } = await parseFixture('status-01.xml');
    const bad = { ...pkg, description: 'Đã đến\u0007' } as EdxmlPackage;
    await assert.rejects(
      exportText(bad, dir.source),
      (err: unknown) => err instanceof LienthongError && err.code === 'INVALID_EDXML' && /Description: holds U\+0007/.test(err.message),
    );
  });

  it('a package built in code (empty values) round-trips', async () => {
    const pkg: DocumentPackage = {
      kind: 'document',
      header: {
        from: { ...emptyOrganization(), organId: '000.46.24.H44', organName: 'UBND xã Quảng Long' },
        to: [{ ...emptyOrganization(), organId: '000.00.24.H44' }],
        documentId: '',
        codeNumber: '15',
        codeNotation: 'BC-UBND',
        promulgationPlace: '',
        promulgationDate: '2025-07-14',
        documentType: { type: 0, typeDetail: 0, typeName: 'Báo cáo' },
        subject: 'Báo cáo tình hình tiếp nhận hồ sơ',
        content: '',
        signerInfo: { competence: '', position: '', fullName: '' },
        dueDate: '',
        toPlaces: [],
        otherInfo: { priority: 0, sphereOfPromulgation: '', typerNotation: '', promulgationAmount: 0, pageAmount: 0, appendixes: [] },
        steeringType: 0,
        responseFor: [],
      },
      traceHeaders: [],
      business: emptyBusiness(),
      attachments: [],
    };
    const back = await parseEdxml(exportEdxml(pkg, () => assert.fail('no attachment to read')), await blobDir(), { now: NOW });
    assert.deepEqual(back, pkg);
    assert.deepEqual(emptyStaffInfo(), pkg.business.staffInfo);
  });
});

describe('edXML export: streaming', () => {
  it('a 5 MB attachment read in 64 KiB chunks is written in bounded pieces and parses back to the same bytes', async () => {
    const { pkg, dir } = await parseFixture('cong-van.xml');
    const doc = pkg as DocumentPackage;
    const bytes = randomBytes(5 * 1024 * 1024 + 7);
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    const big: DocumentPackage = { ...doc, attachments: [{ ...doc.attachments[0]!, sha256, size: bytes.length }] };
    const sizes: number[] = [];
    async function* measured(): AsyncGenerator<Buffer> {
      for await (const piece of exportEdxml(big, () => inPieces(bytes, 64 * 1024))) {
        sizes.push(piece.length);
        yield piece;
      }
    }
    const again = await blobDir();
    const back = await parseEdxml(measured(), again, { now: NOW });
    assert.deepEqual(back, big);
    assert.ok(sizes.length > 50, `${sizes.length} pieces: the attachment was not streamed`);
    assert.ok(Math.max(...sizes) <= 400 * 1024, `a piece of ${Math.max(...sizes)} bytes`);
    assert.ok(dir.begun.length === 1);
  });

  it('an attachment whose stored bytes do not match its SHA-256 fails with ATTACHMENT_CORRUPT', async () => {
    const { pkg, dir } = await parseFixture('cong-van.xml');
    const doc = pkg as DocumentPackage;
    const original = await dir.read(doc.attachments[0]!.sha256);
    const damaged = Buffer.from(original);
    damaged[100] ^= 0xff;
    await assert.rejects(
      exportText(pkg, () => inPieces(damaged, 1000)),
      (err: unknown) =>
        err instanceof LienthongError && err.code === 'ATTACHMENT_CORRUPT' && err.message.includes(doc.attachments[0]!.sha256),
    );
  });

  it('encodeBase64Stream gives standard base64 whatever the chunk sizes, lines aligned to 57 bytes', async () => {
    const bytes = randomBytes(10_000);
    const expected = bytes.toString('base64');
    for (const size of [1, 2, 56, 57, 58, 1000, 10_000]) {
      const pieces: string[] = [];
      for await (const p of encodeBase64Stream(inPieces(bytes, size), 57 * 3)) pieces.push(p);
      const text = pieces.join('');
      assert.equal(text.replace(/\n/g, ''), expected, `chunks of ${size}`);
      assert.ok(text.split('\n').slice(0, -2).every((l) => l.length === 76), `chunks of ${size}`);
      assert.ok(pieces.every((p) => p.length <= 3 * 77), `chunks of ${size}: a piece of ${Math.max(...pieces.map((p) => p.length))}`);
    }
  });
});
