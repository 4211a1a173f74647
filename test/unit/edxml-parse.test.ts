import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { LienthongError } from '../../src/domain/errors.js';
import { Base64Decoder } from '../../src/edxml/edxml-base64.js';
import { documentIdOf } from '../../src/edxml/edxml-document.js';
import { parseEdxml } from '../../src/edxml/edxml-parse.js';
import { parseEdxmlDate, parseEdxmlTimestamp } from '../../src/edxml/edxml-time.js';
import type { AttachmentSink, EdxmlPackage, StatusPackage } from '../../src/edxml/edxml-types.js';
import { asDocument, blobDirs, inPieces } from '../helpers/edxml-blob-dir.js';

const FIXTURES = fileURLToPath(new URL('../../../test/fixtures/edxml/', import.meta.url));
/** 2025-07-15 10:00 in Vietnam. */
const NOW = (): number => Date.UTC(2025, 6, 15, 3, 0, 0);
/** Vietnam local time (UTC+7) as epoch ms. */
const vn = (y: number, mo: number, d: number, h = 0, mi = 0, s = 0): number => Date.UTC(y, mo - 1, d, h - 7, mi, s);

const fixture = (name: string): Buffer => readFileSync(join(FIXTURES, name));
const sha256 = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

/** The attachments of a fixture decoded straight from its text, independently of the parser. */
function attachmentsIn(xml: string): Buffer[] {
  const re = /<(?:edXML:)?ContentTransferEncoded>([\s\S]*?)<\/(?:edXML:)?ContentTransferEncoded>/g;
  return [...xml.matchAll(re)].map((m) => Buffer.from(m[1]!.replace(/\s+/g, ''), 'base64'));
}

const blobDir = blobDirs();

async function parseFile(name: string, sink?: AttachmentSink): Promise<EdxmlPackage> {
  return parseEdxml(createReadStream(join(FIXTURES, name)), sink ?? (await blobDir()), { now: NOW });
}

function asStatus(pkg: EdxmlPackage): StatusPackage {
  assert.equal(pkg.kind, 'status');
  return pkg as StatusPackage;
}

/** Asserts that `run` rejects with `code` and a message matching every pattern. */
async function refused(run: Promise<unknown>, code: string, ...patterns: RegExp[]): Promise<LienthongError> {
  let caught: unknown;
  await run.then(
    () => assert.fail('expected the package to be refused'),
    (err: unknown) => (caught = err),
  );
  assert.ok(caught instanceof LienthongError, `expected LienthongError, got ${String(caught)}`);
  assert.equal(caught.code, code, caught.message);
  for (const p of patterns) assert.match(caught.message, p);
  return caught;
}

describe('edXML parse: document packages', () => {
  it('cong-van.xml: a công văn from the Government Office to two provinces, one PDF', async () => {
    const dir = await blobDir();
    const pkg = asDocument(await parseFile('cong-van.xml', dir));
    const h = pkg.header;
    assert.equal(h.from.organId, '000.00.00.G22');
    assert.equal(h.from.organName, 'Văn phòng Chính phủ');
    assert.equal(h.from.website, 'https://vpcp.chinhphu.vn');
    assert.deepEqual(h.to.map((o) => o.organId), ['000.00.00.H49', '000.00.00.H41']);
    assert.equal(h.to[0]!.organName, 'Ủy ban nhân dân tỉnh Quảng Ninh');
    assert.equal(h.codeNumber, '7816');
    assert.equal(h.codeNotation, 'VPCP-TTĐT');
    assert.equal(h.promulgationPlace, 'Hà Nội');
    assert.equal(h.promulgationDate, '2025-06-30');
    assert.equal(h.documentId, '000.00.00.G22,2025/06/30,7816/VPCP-TTĐT');
    assert.equal(documentIdOf(h), h.documentId, 'the DocumentId is the one the standard builds');
    assert.deepEqual(h.documentType, { type: 1, typeDetail: 18, typeName: 'Công văn' });
    assert.equal(h.subject, 'Về việc triển khai kết nối, liên thông gửi, nhận văn bản điện tử sau sắp xếp đơn vị hành chính');
    assert.deepEqual(h.signerInfo, { competence: 'KT. Bộ trưởng, Chủ nhiệm', position: 'Phó Chủ nhiệm', fullName: 'Nguyễn Sỹ Hiệp' });
    assert.equal(h.dueDate, '2025-07-15');
    assert.deepEqual(h.toPlaces, ['Như trên', 'Lưu: VT, TTĐT (2b)']);
    assert.equal(h.otherInfo.priority, 1);
    assert.equal(h.otherInfo.pageAmount, 2);
    assert.equal(h.otherInfo.promulgationAmount, 5);
    assert.deepEqual(h.otherInfo.appendixes, []);
    assert.deepEqual(h.responseFor, []);
    assert.deepEqual(pkg.traceHeaders, [{ organId: '000.00.00.G22', timestampMs: vn(2025, 6, 30, 15, 42, 10) }]);
    assert.equal(pkg.business.docType, 0);
    assert.equal(pkg.business.spelling, 'Bussiness');
    assert.equal(pkg.business.staffInfo.staff, 'Nguyễn Thị Hồng Nhung');

    const [pdf] = attachmentsIn(fixture('cong-van.xml').toString('utf8'));
    assert.equal(pkg.attachments.length, 1);
    assert.deepEqual(pkg.attachments[0], {
      contentId: 'cid:7816-vpcp-ttdt',
      contentType: 'application/pdf',
      description: 'Công văn số 7816/VPCP-TTĐT',
      attachmentName: '7816-VPCP-TTĐT.pdf',
      sha256: sha256(pdf!),
      size: pdf!.length,
    });
    const stored = await dir.read(pkg.attachments[0]!.sha256);
    assert.deepEqual(stored, pdf, 'the sink received exactly the decoded bytes');
    assert.equal(stored.subarray(0, 5).toString('latin1'), '%PDF-');
    assert.deepEqual(dir.begun, [{ contentId: 'cid:7816-vpcp-ttdt', attachmentName: '7816-VPCP-TTĐT.pdf', contentType: 'application/pdf' }]);
  });

  it('quyet-dinh-phu-luc.xml: a quyết định with two appendixes, default namespace, dates with dashes', async () => {
    const dir = await blobDir();
    const pkg = asDocument(await parseFile('quyet-dinh-phu-luc.xml', dir));
    assert.equal(pkg.header.from.organId, '000.00.00.H49');
    assert.deepEqual(pkg.header.to.map((o) => o.organId), ['000.00.01.H49', '000.00.02.H49', '000.00.24.H44', '000.46.24.H44']);
    assert.equal(pkg.header.documentType.typeName, 'Quyết định');
    assert.equal(pkg.header.codeNotation, 'QĐ-UBND');
    assert.equal(pkg.header.promulgationDate, '2025-06-27');
    assert.deepEqual(pkg.header.otherInfo.appendixes, ['Phụ lục I: Danh mục thủ tục hành chính', 'Phụ lục II: Quy trình nội bộ']);
    assert.deepEqual(pkg.traceHeaders, [{ organId: '000.00.00.H49', timestampMs: vn(2025, 6, 27, 16, 5) }]);
    const files = attachmentsIn(fixture('quyet-dinh-phu-luc.xml').toString('utf8'));
    assert.equal(files.length, 3);
    assert.deepEqual(
      pkg.attachments.map((a) => [a.attachmentName, a.sha256, a.size]),
      [
        ['QĐ 1520-QĐ-UBND.pdf', sha256(files[0]!), files[0]!.length],
        ['Phụ lục I - Danh mục thủ tục hành chính.pdf', sha256(files[1]!), files[1]!.length],
        ['Phụ lục II - Quy trình nội bộ.pdf', sha256(files[2]!), files[2]!.length],
      ],
    );
    for (const [i, a] of pkg.attachments.entries()) assert.deepEqual(await dir.read(a.sha256), files[i]);
  });

  it('revoke.xml: BussinessDocType 1 names the revoked document in ResponseFor', async () => {
    const pkg = asDocument(await parseFile('revoke.xml'));
    assert.equal(pkg.business.docType, 1);
    assert.equal(pkg.business.docReason, 'Thu hồi do sai sót về thể thức văn bản');
    assert.deepEqual(pkg.header.responseFor, [
      { organId: '000.00.00.H49', code: '1490/UBND-TH', promulgationDate: '2025-06-20', documentId: '000.00.00.H49,2025/06/20,1490/UBND-TH' },
    ]);
  });

  it('update.xml: BussinessDocType 2 names the earlier document in ReplacementInfoList', async () => {
    const pkg = asDocument(await parseFile('update.xml'));
    assert.equal(pkg.business.docType, 2);
    assert.deepEqual(pkg.header.responseFor, []);
    assert.deepEqual(pkg.business.replacementInfoList, [{ documentId: '000.00.24.H44,2025/06/18,210/KH-UBND', organIds: [] }]);
    assert.equal(pkg.header.from.organId, '000.00.24.H44');
    assert.deepEqual(pkg.header.to.map((o) => o.organId), ['000.46.24.H44']);
  });

  it('replace.xml: BussinessDocType 3 lists the replaced documents and who received them', async () => {
    const pkg = asDocument(await parseFile('replace.xml'));
    assert.equal(pkg.business.docType, 3);
    assert.deepEqual(pkg.business.replacementInfoList, [
      { documentId: '000.00.00.H49,2025/06/27,1520/QĐ-UBND', organIds: ['000.00.01.H49', '000.00.02.H49'] },
      { documentId: '000.00.00.H49,2025/06/27,1521/QĐ-UBND', organIds: ['000.00.01.H49'] },
    ]);
    assert.deepEqual(
      pkg.traceHeaders.map((t) => t.organId),
      ['000.00.00.H49', '000.00.00.G22'],
    );
  });

  it('business-spelling.xml: the Business spelling is read and remembered', async () => {
    const pkg = asDocument(await parseFile('business-spelling.xml'));
    assert.equal(pkg.business.spelling, 'Business');
    assert.equal(pkg.business.docType, 0);
    assert.equal(pkg.business.paper, 1);
    assert.equal(pkg.header.otherInfo.priority, 2);
    assert.equal(pkg.header.from.organName, 'Bộ Tài chính');
    assert.deepEqual(pkg.traceHeaders, [{ organId: '000.00.00.G12', timestampMs: Date.UTC(2025, 6, 2, 8, 0, 0) }]);
  });

  it('cong-van-nfd.xml: text written decomposed (NFD) comes out composed (NFC)', async () => {
    const raw = fixture('cong-van-nfd.xml').toString('utf8');
    assert.notEqual(raw, raw.normalize('NFC'), 'the fixture really is NFD');
    const nfd = asDocument(await parseFile('cong-van-nfd.xml'));
    const nfc = asDocument(await parseFile('cong-van.xml'));
    assert.equal(nfd.header.subject, 'Về việc triển khai kết nối, liên thông gửi, nhận văn bản điện tử sau sắp xếp đơn vị hành chính');
    assert.equal(nfd.header.subject, nfd.header.subject.normalize('NFC'));
    assert.equal(nfd.attachments[0]!.attachmentName, '7816-VPCP-TTĐT.pdf');
    assert.deepEqual(nfd, nfc, 'the NFD package reads exactly like the NFC one');
  });

  it('the XML-DSig Signature and unknown elements are skipped; a prefix or none reads the same', async () => {
    const text = fixture('cong-van.xml')
      .toString('utf8')
      .replace('<edXML:SteeringType>', '<edXML:Future><edXML:Nested>giá trị mới</edXML:Nested></edXML:Future><edXML:SteeringType>');
    assert.match(text, /<Signature xmlns="http:\/\/www.w3.org\/2000\/09\/xmldsig#">/);
    const withExtra = await parseEdxml(inPieces(Buffer.from(text), 4096), await blobDir(), { now: NOW });
    const plain = text.replace(/edXML:/g, '').replace('xmlns:edXML=', 'xmlns=');
    const unprefixed = await parseEdxml(inPieces(Buffer.from(plain), 4096), await blobDir(), { now: NOW });
    assert.deepEqual(withExtra, await parseFile('cong-van.xml'));
    assert.deepEqual(unprefixed, withExtra);
  });

  it('the result does not depend on how the bytes are cut (7-byte pieces split characters and base64 groups)', async () => {
    const whole = await parseFile('quyet-dinh-phu-luc.xml');
    const pieces = await parseEdxml(inPieces(fixture('quyet-dinh-phu-luc.xml'), 7), await blobDir(), { now: NOW });
    assert.deepEqual(pieces, whole);
  });

  it('a PromulgationDate of today in Vietnam is accepted even while it is still yesterday in UTC', async () => {
    const text = fixture('cong-van.xml')
      .toString('utf8')
      .replace('2025/06/30</edXML:PromulgationDate>', '2025/07/16</edXML:PromulgationDate>')
      .replace('2025/07/15</edXML:DueDate>', '2025/07/31</edXML:DueDate>');
    const lateEvening = (): number => Date.UTC(2025, 6, 15, 18, 0); // 2025-07-16 01:00 in Vietnam
    const pkg = asDocument(await parseEdxml(inPieces(Buffer.from(text), 65536), await blobDir(), { now: lateEvening }));
    assert.equal(pkg.header.promulgationDate, '2025-07-16');
    const earlier = (): number => Date.UTC(2025, 6, 15, 16, 0); // 2025-07-15 23:00 in Vietnam
    await refused(
      parseEdxml(inPieces(Buffer.from(text), 65536), await blobDir(), { now: earlier }),
      'INVALID_EDXML',
      /PromulgationDate: 2025-07-16 is in the future \(today is 2025-07-15 in Vietnam\)/,
    );
  });
});

describe('edXML parse: status packages', () => {
  const EXPECTED: Record<string, { description: RegExp; timestampMs: number; from: string }> = {
    '01': { description: /^Đã đến$/, timestampMs: vn(2025, 7, 1, 8, 30), from: '000.00.00.H49' },
    '02': { description: /^Từ chối tiếp nhận: văn bản gửi nhầm đơn vị/, timestampMs: vn(2025, 7, 1, 8, 45), from: '000.00.00.H49' },
    '03': { description: /vào sổ văn bản đến số 2315$/, timestampMs: vn(2025, 7, 1, 9, 0), from: '000.00.00.H49' },
    '04': { description: /^Phân công/, timestampMs: vn(2025, 7, 1, 10, 15, 30), from: '000.00.00.H49' },
    '05': { description: /^Đang xử lý/, timestampMs: vn(2025, 7, 2, 14, 0), from: '000.00.00.H49' },
    '06': { description: /^Hoàn thành/, timestampMs: Date.UTC(2025, 6, 3, 1, 20), from: '000.00.00.H49' },
    '13': { description: /^Đề nghị lấy lại/, timestampMs: vn(2025, 7, 1, 11, 0), from: '000.00.00.G22' },
    '15': { description: /^Đồng ý/, timestampMs: vn(2025, 7, 1, 11, 20), from: '000.00.00.H49' },
    '16': { description: /^Từ chối lấy lại/, timestampMs: vn(2025, 7, 1, 11, 25), from: '000.00.00.H49' },
  };
  for (const [code, want] of Object.entries(EXPECTED)) {
    it(`status-${code}.xml: status ${code} about Công văn 7816/VPCP-TTĐT`, async () => {
      const dir = await blobDir();
      const pkg = asStatus(await parseFile(`status-${code}.xml`, dir));
      assert.equal(pkg.statusCode, code);
      assert.match(pkg.description, want.description);
      assert.equal(pkg.timestampMs, want.timestampMs);
      assert.equal(pkg.from.organId, want.from);
      assert.deepEqual(pkg.responseFor, {
        organId: '000.00.00.G22',
        code: '7816/VPCP-TTĐT',
        promulgationDate: '2025-06-30',
        documentId: '000.00.00.G22,2025/06/30,7816/VPCP-TTĐT',
      });
      assert.equal(pkg.staffInfo.mobile, '0912345678');
      assert.deepEqual(pkg.traceHeaders, [{ organId: want.from, timestampMs: want.timestampMs }]);
      assert.equal(dir.begun.length, 0, 'a status package has no attachments');
    });
  }
});

describe('edXML parse: refused packages name the element and the rule', () => {
  const MH = 'edXML/edXMLEnvelope/edXMLHeader/MessageHeader';
  const BUSINESS = 'edXML/edXMLEnvelope/edXMLHeader/TraceHeaderList/Bussiness';
  const MANIFEST = 'edXML/edXMLEnvelope/edXMLBody/edXMLManifest';
  const STATUS = 'edXML/edXMLEnvelope/edXMLHeader/Status';
  const CONTENT = 'edXML/AttachmentEncoded/Attachment[1]/ContentTransferEncoded';
  /** File → the element path the message starts with, and the rule it states. */
  const BAD: Record<string, [path: string, rule: RegExp]> = {
    'missing-to.xml': [`${MH}/To`, /^is required \(at least one recipient\)$/],
    'duplicate-recipient.xml': [`${MH}/To[2]/OrganId`, /^duplicate recipient 000\.00\.00\.H41 \(already in To\[1\]\)$/],
    'two-organids-in-one-to.xml': [`${MH}/To[2]/OrganId`, /^appears twice where it may appear once: which one is meant is ambiguous; keep one$/],
    'priority-out-of-range.xml': [`${MH}/OtherInfo/Priority`, /^7 is outside 0–4$/],
    'subject-too-long.xml': [`${MH}/Subject`, /^is 612 characters, at most 500 allowed$/],
    'invalid-agency-code.xml': [`${MH}/From/OrganId`, /^"abc" is not an agency code \(has 1 dot-separated group\(s\), needs 4/],
    'code-number-too-long.xml': [`${MH}/Code/CodeNumber`, /^is 12 characters, at most 11 allowed$/],
    'code-notation-too-long.xml': [`${MH}/Code/CodeNotation`, /^is 35 characters, at most 30 allowed$/],
    'organ-name-too-long.xml': [`${MH}/To[2]/OrganName`, /^is 208 characters, at most 200 allowed$/],
    'future-promulgation-date.xml': [`${MH}/PromulgationInfo/PromulgationDate`, /^2025-08-01 is in the future/],
    'due-before-promulgation.xml': [`${MH}/DueDate`, /^2025-06-20 is before PromulgationDate 2025-06-30: a document cannot be due before it is issued$/],
    'attachment-name-too-long.xml': [`${MANIFEST}/Reference[1]/AttachmentName`, /^is 205 characters, at most 200 allowed$/],
    'attachment-without-name.xml': [`${MANIFEST}/Reference[1]/AttachmentName`, /^is required, here or in the Attachment with ContentId cid:7816-vpcp-ttdt: the file's name/],
    'attachment-name-path.xml': [`${MANIFEST}/Reference[1]/AttachmentName`, /^is a path \("\.\.\/\.\.\/Phụ lục\/công văn\.pdf"\), not a file name/],
    'attachment-name-differs.xml': ['edXML/AttachmentEncoded/Attachment[1]/AttachmentName', /^"Phụ lục\.pdf" differs from "7816-VPCP-TTĐT\.pdf" in edXML\/edXMLEnvelope\/edXMLBody\/edXMLManifest\/Reference\[1\]\/AttachmentName \(ContentId cid:7816-vpcp-ttdt\): the file would reach the recipient under one name/],
    'reference-without-attachment.xml': [`${MANIFEST}/Reference[2]`, /^refers to cid:phu-luc but no Attachment has that ContentId$/],
    'attachment-without-reference.xml': [
      'edXML/AttachmentEncoded/Attachment[2]',
      /^has ContentId cid:khong-co-trong-manifest but no edXMLManifest Reference names it$/,
    ],
    'bad-base64.xml': [CONTENT, /^invalid base64 \(character "\*" \(U\+002A\) at character \d+\)$/],
    'truncated-base64.xml': [CONTENT, /^invalid base64 \(\d+ characters is not a multiple of 4/],
    'not-well-formed.xml': [`${MH}/Subject`, /^not well-formed XML at line:column 49:132 \(Unexpected close tag\)$/],
    'declaration-not-first.xml': ['edXML', /^has an XML declaration \(<\?xml …\?>\) at character 2, but it may only be the package's very first characters: remove what comes before it$/],
    'not-xml.xml': ['edXML', /^is not XML \(Non-whitespace before first tag at line:column 1:1\)$/],
    'wrong-namespace.xml': ['edXML', /^is in namespace "[^"]*QCVN_102_2015", expected "http:\/\/www\.mic\.gov\.vn\/TBT\/QCVN_102_2016"$/],
    'wrong-root.xml': ['edXML', /^is missing: the root element is <edXML:edXMLPackage>, expected <edXML>$/],
    'bad-doc-type.xml': [`${BUSINESS}/BussinessDocType`, /^5 is outside 0–3$/],
    'replace-without-list.xml': [`${BUSINESS}/ReplacementInfoList`, /^is required when BussinessDocType is 3 \(replace\)/],
    'revoke-without-reference.xml': [`${MH}/ResponseFor`, /^is required when BussinessDocType is 1 \(revoke\)/],
    'missing-subject.xml': [`${MH}/Subject`, /^is required \(the subject, trích yếu, of the document\)$/],
    'blank-subject.xml': [`${MH}/Subject`, /^is required \(the subject, trích yếu, of the document\)$/],
    'revoke-of-another-agencys-document.xml': [
      `${MH}/ResponseFor[1]/OrganId`,
      /^is 000\.00\.00\.G22: a revoke \(BussinessDocType 1\) may only name a document its sender 000\.00\.00\.H49 issued$/,
    ],
    'revoke-naming-no-issuer.xml': [
      `${MH}/ResponseFor[1]`,
      /^cannot tell who issued the document it names: a revoke \(BussinessDocType 1\) may only name a document its sender 000\.00\.00\.H49 issued, so give its OrganId/,
    ],
    'replace-of-another-agencys-document.xml': [
      `${BUSINESS}/ReplacementInfoList/ReplacementInfo[2]/DocumentId`,
      /^000\.00\.00\.H41,2025\/06\/27,1521\/QĐ-UBND was issued by 000\.00\.00\.H41: a replace \(BussinessDocType 3\) may only name a document its sender 000\.00\.00\.H49 issued$/,
    ],
    'status-bad-code.xml': [`${STATUS}/StatusCode`, /^"07" is not one of 01–06, 13, 15, 16$/],
    'status-missing-response-for.xml': [`${STATUS}/ResponseFor`, /^is required \(the document this status is about\)$/],
    'misspelt-priority.xml': [`${MH}/OtherInfo/Priorty`, /^is no element edXML has here: did you mean Priority\? \(an element by another name is not read: what it says would be lost\)$/],
    'envelope-in-other-namespace.xml': ['edXML/edXMLEnvelope', /^is required: the one here is in namespace "urn:vendor:other", expected "http:\/\/www\.mic\.gov\.vn\/TBT\/QCVN_102_2016" \(a default xmlns on it or a parent applies to its children too\)$/],
    'body-outside-envelope.xml': ['edXML/edXMLBody', /^is part of the envelope: put it inside edXMLEnvelope$/],
  };

  it('every file in bad/ has an expectation here', () => {
    assert.deepEqual(readdirSync(join(FIXTURES, 'bad')).sort(), Object.keys(BAD).sort());
  });

  for (const [name, [path, rule]] of Object.entries(BAD)) {
    it(`bad/${name}`, async () => {
      const dir = await blobDir();
      const err = await refused(parseFile(`bad/${name}`, dir), 'INVALID_EDXML');
      assert.ok(err.message.startsWith(`${path}: `), `"${err.message}" does not start with "${path}: "`);
      assert.match(err.message.slice(path.length + 2), rule);
      assert.equal(dir.aborted, dir.begun.length, 'every writer started was aborted');
      assert.deepEqual(await dir.files(), [], 'nothing is left in the store');
    });
  }

  it('an element that may appear once and appears twice is refused, not read as its first copy', async () => {
    const good = fixture('cong-van.xml').toString('utf8');
    const twice = (element: string): string => {
      const start = good.indexOf(`<edXML:${element}>`);
      const end = good.indexOf(`</edXML:${element}>`, start) + `</edXML:${element}>`.length;
      return `${good.slice(0, end)}${good.slice(start, end)}${good.slice(end)}`;
    };
    const cases: [string, string][] = [
      [twice('From'), `${MH}/From`],
      [twice('Subject'), `${MH}/Subject`],
      [twice('Code'), `${MH}/Code`],
      [twice('OtherInfo'), `${MH}/OtherInfo`],
      [twice('MessageHeader'), 'edXML/edXMLEnvelope/edXMLHeader/MessageHeader'],
    ];
    for (const [text, path] of cases) {
      const dir = await blobDir();
      await refused(parseEdxml(inPieces(Buffer.from(text), 4096), dir, { now: NOW }), 'INVALID_EDXML', new RegExp(`^${path}: appears twice where it may appear once`));
      assert.deepEqual(await dir.files(), [], 'nothing is left in the store');
    }
    const both = good.replace('</edXML:TraceHeaderList>', '<edXML:Business><edXML:BusinessDocType>1</edXML:BusinessDocType></edXML:Business></edXML:TraceHeaderList>');
    assert.ok(both.includes('<edXML:Bussiness>'), 'the fixture spells it Bussiness');
    await refused(parseEdxml(inPieces(Buffer.from(both), 4096), await blobDir(), { now: NOW }), 'INVALID_EDXML', /TraceHeaderList\/Business: appears twice \(as Bussiness and Business\)/);
  });

  it('a revoke is never read as a new document, nor text the exporter could not write back (second examination)', async () => {
    const good = fixture('cong-van.xml').toString('utf8');
    const refusedWith = async (text: string, pattern: RegExp) => {
      const dir = await blobDir();
      await refused(parseEdxml(inPieces(Buffer.from(text), 4096), dir, { now: NOW }), 'INVALID_EDXML', pattern);
      assert.deepEqual(await dir.files(), [], 'nothing is left in the store');
    };
    // Both spellings of the doc type in one Bussiness: whichever came first used to win.
    await refusedWith(
      good.replace('<edXML:BussinessDocType>0</edXML:BussinessDocType>', '<edXML:BussinessDocType>0</edXML:BussinessDocType><edXML:BusinessDocType>1</edXML:BusinessDocType>'),
      /^edXML\/edXMLEnvelope\/edXMLHeader\/TraceHeaderList\/Bussiness\/BusinessDocType: appears twice \(as BussinessDocType and BusinessDocType\)/,
    );
    // A second Bussiness directly under edXMLHeader was ignored.
    await refusedWith(
      good.replace('</edXML:TraceHeaderList>', '</edXML:TraceHeaderList><edXML:Bussiness><edXML:BussinessDocType>1</edXML:BussinessDocType></edXML:Bussiness>'),
      /^edXML\/edXMLEnvelope\/edXMLHeader\/Bussiness: appears twice \(also in TraceHeaderList\)/,
    );
    // A raw control character (the XML parser lets it through; the exporter cannot write it).
    await refusedWith(good.replace('<edXML:Content>Văn phòng', '<edXML:Content>Văn\u0001 phòng'), /^edXML\/edXMLEnvelope\/edXMLHeader\/MessageHeader\/Content: holds U\+0001, a character XML 1\.0 cannot carry/);
    // A field in a namespace that is almost edXML's (another year) would read as empty.
    await refusedWith(
      good.replace('<edXML:Subject>', '<edXML:Subject xmlns:edXML="http://www.mic.gov.vn/TBT/QCVN_102_2015">'),
      /^edXML\/edXMLEnvelope\/edXMLHeader\/MessageHeader\/Subject: is in namespace "http:\/\/www\.mic\.gov\.vn\/TBT\/QCVN_102_2015", expected/,
    );
    // An invisible character in a code: two documents' codes would differ where nobody sees it.
    await refusedWith(good.replace('<edXML:CodeNumber>7816', '<edXML:CodeNumber>7816\u200b'), /^edXML\/edXMLEnvelope\/edXMLHeader\/MessageHeader\/Code\/CodeNumber: holds an invisible character U\+200B/);
    // Markup inside a text element: its words would be dropped.
    await refusedWith(
      good.replace('<edXML:Subject>Về việc', '<edXML:Subject>Về <b xmlns="http://www.w3.org/1999/xhtml">việc</b>'),
      /^edXML\/edXMLEnvelope\/edXMLHeader\/MessageHeader\/Subject: holds elements inside its text \(mixed content\)/,
    );
  });

  it('a failure after attachments were stored aborts all of them, finished ones included', async () => {
    const text = fixture('quyet-dinh-phu-luc.xml').toString('utf8');
    const last = text.lastIndexOf('</ContentTransferEncoded>');
    const broken = `${text.slice(0, last - 20)}!${text.slice(last - 19)}`;
    const dir = await blobDir();
    const run = parseEdxml(inPieces(Buffer.from(broken), 1024), dir, { now: NOW });
    await refused(run, 'INVALID_EDXML', /Attachment\[3\]\/ContentTransferEncoded: invalid base64 \(character "!"/);
    assert.equal(dir.begun.length, 3);
    assert.equal(dir.finished, 2, 'the first two attachments had been stored');
    assert.equal(dir.aborted, 3);
  });

  it('a sink that fails stops the parse with its own error, and the writers are aborted', async () => {
    const dir = await blobDir();
    const failing: AttachmentSink = {
      begin(info) {
        const w = dir.begin(info);
        return { ...w, write: async () => Promise.reject(new LienthongError('STORE_FULL', 'disk full')) };
      },
    };
    await refused(parseFile('cong-van.xml', failing), 'STORE_FULL', /disk full/);
    assert.equal(dir.aborted, 1);
  });

  it('a DOCTYPE, a second root and a non-UTF-8 declaration or byte are refused', async () => {
    const good = fixture('status-01.xml').toString('utf8');
    const cases: [string, RegExp][] = [
      [good.replace('<edXML:edXML ', '<!DOCTYPE edXML [<!ENTITY x "y">]>\n<edXML:edXML '), /^edXML: has a DOCTYPE/],
      [`${good}<edXML:edXML xmlns:edXML="http://www.mic.gov.vn/TBT/QCVN_102_2016"/>`, /^edXML: a second root element/],
      [good.replace('encoding="UTF-8"', 'encoding="windows-1258"'), /^edXML: declares encoding windows-1258; an edXML package is UTF-8$/],
      ['', /^edXML: is not XML/],
    ];
    for (const [text, pattern] of cases) {
      await refused(parseEdxml(inPieces(Buffer.from(text), 512), await blobDir(), { now: NOW }), 'INVALID_EDXML', pattern);
    }
    const latin = Buffer.concat([Buffer.from(good.slice(0, 200)), Buffer.from([0xe0, 0x20]), Buffer.from(good.slice(200))]);
    await refused(parseEdxml(inPieces(latin, 512), await blobDir(), { now: NOW }), 'INVALID_EDXML', /^edXML: is not UTF-8 text/);
  });

  it('maxBytes refuses a package as soon as it passes the limit, without reading the rest', async () => {
    await refused(
      parseEdxml(createReadStream(join(FIXTURES, 'cong-van.xml')), await blobDir(), { now: NOW, maxBytes: 4096 }),
      'DOCUMENT_TOO_LARGE',
      /exceed 4096 bytes, the most a package may hold on this node \(limits.maxDocumentBytes written as base64, plus 4 MiB of XML\)/,
    );
    let pulled = 0;
    async function* endless(): AsyncGenerator<Buffer> {
      for (const piece of largePackage(8 * 1024 * 1024).pieces) {
        pulled += piece.length;
        yield piece;
      }
    }
    const dir = await blobDir();
    await refused(parseEdxml(endless(), dir, { now: NOW, maxBytes: 1024 * 1024 }), 'DOCUMENT_TOO_LARGE');
    assert.ok(pulled <= 1024 * 1024 + 64 * 1024, `read ${pulled} bytes before refusing`);
    assert.equal(dir.aborted, 1);
  });
});

/**
 * cong-van.xml with its attachment replaced by `size` random bytes, as an iterable of 64 KiB pieces
 * generated on the fly, plus the bytes' SHA-256.
 */
function largePackage(size: number): { pieces: Iterable<Buffer>; sha256: string; size: number } {
  const tpl = fixture('cong-van.xml').toString('utf8');
  const open = tpl.indexOf('<edXML:ContentTransferEncoded>') + '<edXML:ContentTransferEncoded>'.length;
  const close = tpl.indexOf('</edXML:ContentTransferEncoded>');
  const seed = randomBytes(57 * 1024);
  const hash = createHash('sha256');
  for (let done = 0; done < size; done += seed.length) hash.update(seed.subarray(0, Math.min(seed.length, size - done)));
  function* text(): Generator<Buffer> {
    yield Buffer.from(tpl.slice(0, open) + '\n');
    for (let done = 0; done < size; done += seed.length) {
      const b64 = seed.subarray(0, Math.min(seed.length, size - done)).toString('base64');
      yield Buffer.from(b64.replace(/.{76}/g, '$&\n') + '\n');
    }
    yield Buffer.from(tpl.slice(close));
  }
  function* pieces(): Generator<Buffer> {
    let carry = Buffer.alloc(0);
    for (const t of text()) {
      carry = Buffer.concat([carry, t]);
      while (carry.length >= 65536) {
        yield carry.subarray(0, 65536);
        carry = carry.subarray(65536);
      }
    }
    if (carry.length > 0) yield carry;
  }
  return { pieces: { [Symbol.iterator]: pieces }, sha256: hash.digest('hex'), size };
}

describe('edXML parse: streaming', () => {
  it('a 20 MB attachment fed in 64 KiB chunks reaches the sink in pieces of at most 1 MiB', async () => {
    const big = largePackage(20 * 1024 * 1024);
    let pulled = 0;
    async function* source(): AsyncGenerator<Buffer> {
      for (const p of big.pieces) {
        pulled += p.length;
        yield p;
      }
    }
    const dir = await blobDir();
    let pulledAtFirstWrite = -1;
    const watched: AttachmentSink = {
      begin(info) {
        const w = dir.begin(info);
        return {
          ...w,
          write: (bytes) => {
            if (pulledAtFirstWrite < 0) pulledAtFirstWrite = pulled;
            return w.write(bytes);
          },
        };
      },
    };
    const pkg = asDocument(await parseEdxml(source(), watched, { now: NOW }));
    assert.ok(pulledAtFirstWrite > 0 && pulledAtFirstWrite < 2 * 1024 * 1024, `first write after reading ${pulledAtFirstWrite} bytes`);
    assert.equal(pkg.attachments[0]!.sha256, big.sha256);
    assert.equal(pkg.attachments[0]!.size, big.size);
    assert.equal(sha256(await dir.read(big.sha256)), big.sha256);
    assert.ok(dir.pieces.length >= 20, `only ${dir.pieces.length} writes: the attachment was not streamed`);
    assert.ok(Math.max(...dir.pieces) <= 1024 * 1024, `a write of ${Math.max(...dir.pieces)} bytes`);
    assert.equal(dir.pieces.reduce((a, b) => a + b, 0), big.size);
  });

  it('waits for each write: no more input is read while the sink is busy', async () => {
    const big = largePackage(4 * 1024 * 1024);
    let pulled = 0;
    async function* source(): AsyncGenerator<Buffer> {
      for (const p of big.pieces) {
        pulled += p.length;
        yield p;
      }
    }
    const dir = await blobDir();
    let writes = 0;
    let stalls = 0;
    const slow: AttachmentSink = {
      begin(info) {
        const w = dir.begin(info);
        return {
          ...w,
          write: async (bytes) => {
            writes++;
            const before = pulled;
            for (let i = 0; i < 20; i++) await new Promise((r) => setImmediate(r));
            if (pulled !== before) stalls++;
            await w.write(bytes);
          },
        };
      },
    };
    const pkg = asDocument(await parseEdxml(source(), slow, { now: NOW }));
    assert.equal(pkg.attachments[0]!.sha256, big.sha256);
    assert.ok(writes >= 4);
    assert.equal(stalls, 0, 'input was read while a write was pending');
  });

  it('fills a written 1 MiB buffer again: a large file costs a few buffers, and every write carries its own bytes', async () => {
    const big = largePackage(12 * 1024 * 1024);
    const buffers = new Set<ArrayBufferLike>();
    const hash = createHash('sha256');
    let full = 0;
    let size = 0;
    const keeping: AttachmentSink = {
      begin: () => ({
        write: async (bytes) => {
          if (bytes.length > 512 * 1024) full++;
          buffers.add(bytes.buffer);
          // Hashed after the parser has gone on reading: bytes reused too early would change the hash.
          const copy = Buffer.from(bytes);
          await new Promise((r) => setImmediate(r));
          assert.deepEqual(bytes, copy, 'the bytes of a pending write are left alone');
          hash.update(bytes);
          size += bytes.length;
        },
        finish: async () => ({ sha256: hash.digest('hex'), size }),
        abort: async () => undefined,
      }),
    };
    async function* source(): AsyncGenerator<Buffer> {
      yield* big.pieces;
    }
    const pkg = asDocument(await parseEdxml(source(), keeping, { now: NOW }));
    assert.equal(pkg.attachments[0]!.sha256, big.sha256);
    assert.equal(size, big.size);
    assert.ok(full >= 8, `${full} writes of over 512 KiB`);
    assert.ok(buffers.size <= 8, `${buffers.size} buffers for ${full} writes of over 512 KiB and the smaller first ones`);
  });
});

describe('edXML parse: pieces', () => {
  it('Base64Decoder gives the same bytes however the text is cut, with line breaks anywhere', () => {
    const bytes = randomBytes(10_000 + 2);
    const text = bytes.toString('base64').replace(/.{76}/g, '$&\r\n');
    for (const step of [1, 3, 4, 5, 77, 1000]) {
      const d = new Base64Decoder('x');
      const out: Buffer[] = [];
      for (let i = 0; i < text.length; i += step) out.push(d.push(text.slice(i, i + step)));
      d.end();
      assert.deepEqual(Buffer.concat(out), bytes, `step ${step}`);
    }
  });

  it('Base64Decoder refuses bad characters, misplaced padding and a cut-short end', () => {
    const bad: [string[], RegExp][] = [
      [['QUJD', 'R$Ey'], /character "\$" \(U\+0024\) at character 6/],
      [['QQ==QUJD'], /data after the padding/],
      [['QQ==', 'QUJD'], /data after the padded end/],
      [['Q===', ''], /padding "=" at character 2 in the middle of a group/],
      [['QUJDRA'], /6 characters is not a multiple of 4/],
    ];
    for (const [pieces, pattern] of bad) {
      const d = new Base64Decoder('edXML/AttachmentEncoded/Attachment[1]/ContentTransferEncoded');
      assert.throws(
        () => {
          for (const p of pieces) d.push(p);
          d.end();
        },
        (err: unknown) => err instanceof LienthongError && err.code === 'INVALID_EDXML' && pattern.test(err.message),
        pieces.join('|'),
      );
    }
    const split = new Base64Decoder('x');
    assert.deepEqual(Buffer.concat([split.push('QUI='), split.push('  \n')]), Buffer.from('AB'));
    const padSplit = new Base64Decoder('x');
    assert.deepEqual(Buffer.concat([padSplit.push('QQ='), padSplit.push('=')]), Buffer.from('A'));
    padSplit.end();
  });

  it('dates: yyyy/MM/dd, yyyy-MM-dd and dd/MM/yyyy read as YYYY-MM-DD; impossible dates are refused', () => {
    assert.equal(parseEdxmlDate('2025/07/01'), '2025-07-01');
    assert.equal(parseEdxmlDate('2025-7-1'), '2025-07-01');
    assert.equal(parseEdxmlDate('01/07/2025'), '2025-07-01');
    assert.equal(parseEdxmlDate('2024/02/29'), '2024-02-29');
    assert.equal(parseEdxmlDate('2025/02/29'), null);
    assert.equal(parseEdxmlDate('2025/13/01'), null);
    assert.equal(parseEdxmlDate('hôm nay'), null);
  });

  it('years outside 1000–9998 are not dates: 0050 is not silently 1950, and nothing exports as year 10000', () => {
    assert.equal(parseEdxmlTimestamp('0050/06/30 10:00:00'), null);
    assert.equal(parseEdxmlTimestamp('9999-12-31T20:00:00Z'), null);
    assert.equal(parseEdxmlDate('0025/01/01'), null);
    assert.equal(parseEdxmlDate('1000-01-01'), '1000-01-01');
  });

  it('timestamps: Vietnam local time unless an offset is given', () => {
    assert.equal(parseEdxmlTimestamp('2025/07/01 08:30:00'), Date.UTC(2025, 6, 1, 1, 30));
    assert.equal(parseEdxmlTimestamp('2025-07-01 08:30'), Date.UTC(2025, 6, 1, 1, 30));
    assert.equal(parseEdxmlTimestamp('01/07/2025 08:30:00'), Date.UTC(2025, 6, 1, 1, 30));
    assert.equal(parseEdxmlTimestamp('2025-07-01T08:30:00.123+07:00'), Date.UTC(2025, 6, 1, 1, 30, 0, 123));
    assert.equal(parseEdxmlTimestamp('2025-07-01T01:30:00Z'), Date.UTC(2025, 6, 1, 1, 30));
    assert.equal(parseEdxmlTimestamp('2025-07-01T03:30:00+0200'), Date.UTC(2025, 6, 1, 1, 30));
    assert.equal(parseEdxmlTimestamp('2025/07/01'), Date.UTC(2025, 5, 30, 17, 0));
    assert.equal(parseEdxmlTimestamp('2025/07/01 24:00:00'), null);
    assert.equal(parseEdxmlTimestamp('sáng nay'), null);
  });
});
