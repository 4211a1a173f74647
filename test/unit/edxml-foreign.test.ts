/**
 * edXML packages in the styles other vendors' software writes (test/fixtures/edxml/foreign, see the
 * README there): each is read through parseEdxml, the function behind SendEdxml and `lienthong send
 * --edxml`, its fields checked and the document the node would submit with them; each goes through
 * export and back unchanged. The refused ones (foreign/bad) fail with the element path and the rule.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { createReadStream, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { LienthongError } from '../../src/domain/errors.js';
import { exportEdxml } from '../../src/edxml/edxml-export.js';
import { sendInputFromPackage } from '../../src/edxml/edxml-message.js';
import { parseEdxml } from '../../src/edxml/edxml-parse.js';
import type { EdxmlPackage, StatusPackage } from '../../src/edxml/edxml-types.js';
import { asDocument, BlobDir, blobDirs, inPieces } from '../helpers/edxml-blob-dir.js';

const FOREIGN = fileURLToPath(new URL('../../../test/fixtures/edxml/foreign/', import.meta.url));
/** 2025-07-15 10:00 in Vietnam, as in the other edXML tests. */
const NOW = (): number => Date.UTC(2025, 6, 15, 3, 0, 0);
/** Vietnam local time (UTC+7) as epoch ms. */
const vn = (y: number, mo: number, d: number, h = 0, mi = 0, s = 0, ms = 0): number => Date.UTC(y, mo - 1, d, h - 7, mi, s, ms);
const sha256 = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');
const raw = (name: string): Buffer => readFileSync(join(FOREIGN, name));

const blobDir = blobDirs();

async function parseFile(name: string, dir?: BlobDir): Promise<EdxmlPackage> {
  return parseEdxml(createReadStream(join(FOREIGN, name)), dir ?? (await blobDir()), { now: NOW });
}

/**
 * The files a fixture carries, decoded from its text independently of the parser: CDATA markers,
 * the &#13; a Java serialiser writes for CR, and all whitespace dropped. Only for ASCII base64.
 */
function filesIn(name: string): Map<string, Buffer> {
  const text = raw(name).toString('utf8');
  const re = /<(?:\w+:)?ContentTransferEncoded>([\s\S]*?)<\/(?:\w+:)?ContentTransferEncoded>/g;
  const out = new Map<string, Buffer>();
  for (const m of text.matchAll(re)) {
    const b64 = m[1]!.replace(/<!\[CDATA\[|\]\]>/g, '').replace(/&#13;/g, '').replace(/\s+/g, '');
    const bytes = Buffer.from(b64, 'base64');
    out.set(sha256(bytes), bytes);
  }
  return out;
}

const PDF = '%PDF-';
const PNG = '\x89PNG';
const ZIP = 'PK\x03\x04';

/** What each document fixture must read as: a few header fields, the business part and the files. */
interface Expected {
  from: string;
  to: string[];
  documentId: string;
  promulgationDate: string;
  dueDate: string;
  subject: string;
  content?: string;
  priority: number;
  typeName: string;
  traceHeaders: { organId: string; timestampMs: number }[];
  business: { docType: number; spelling: 'Bussiness' | 'Business'; docReason?: string };
  /** [AttachmentName, ContentType, the file's first bytes], in manifest order. */
  files: [string, string, string][];
}

const DOCUMENTS: Record<string, Expected> = {
  'jaxb-ns2.xml': {
    from: '000.00.00.G22',
    to: ['000.00.00.H49', '000.00.12.H41'],
    documentId: '000.00.00.G22,2025/06/30,5123/VPCP-KSTT',
    promulgationDate: '2025-06-30',
    dueDate: '2025-07-15',
    subject: 'V/v đẩy mạnh cung cấp dịch vụ công trực tuyến toàn trình năm 2025',
    priority: 1,
    typeName: 'Công văn',
    traceHeaders: [{ organId: '000.00.00.G22', timestampMs: vn(2025, 6, 30, 15, 42, 10, 123) }],
    business: { docType: 0, spelling: 'Bussiness' },
    files: [['5123-VPCP-KSTT.signed.pdf', 'application/pdf', PDF]],
  },
  'dotnet-bom-crlf.xml': {
    from: '000.00.01.H49',
    to: ['000.00.00.H41'],
    documentId: '000.00.01.H49,2025/07/01,1872/STC-QLNS',
    promulgationDate: '2025-07-01',
    dueDate: '',
    subject: 'Về việc cập nhật số liệu quyết toán ngân sách năm 2024 (thay thế Phụ lục kèm Công văn số 1790/STC-QLNS)',
    // Written with CRLF, read as LF like every other line end in the file (XML 1.0 §2.11).
    content: 'Sở Tài chính tỉnh Quảng Ninh gửi lại Phụ lục số liệu đã điều chỉnh.\nĐề nghị Quý cơ quan sử dụng số liệu tại văn bản này.',
    priority: 0,
    typeName: 'Công văn',
    traceHeaders: [{ organId: '000.00.01.H49', timestampMs: vn(2025, 7, 1, 9, 15, 30, 123) }],
    business: { docType: 2, spelling: 'Business', docReason: 'Cập nhật do sai sót số liệu tại Phụ lục' },
    files: [
      ['1872-STC-QLNS.pdf', 'application/pdf', PDF],
      ['Phụ lục số liệu điều chỉnh.docx', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', ZIP],
    ],
  },
  'dom-one-line-cr-refs.xml': {
    from: '000.00.12.H41',
    to: ['000.00.00.G22', '000.00.01.H49'],
    documentId: '000.00.12.H41,2025/07/02,845/BC-SNNMT',
    promulgationDate: '2025-07-02',
    dueDate: '2025-07-10',
    subject: 'Báo cáo tình hình thiệt hại do mưa lũ và đề xuất hỗ trợ khắc phục hậu quả',
    // &#13; is a CR the sender meant: it stays (only raw line ends are normalised).
    content: 'Kính gửi: Văn phòng Chính phủ;\r\nSở Tài chính tỉnh Quảng Ninh.\r\nSố liệu chi tiết tại các tệp đính kèm.',
    priority: 2,
    typeName: 'Báo cáo',
    traceHeaders: [
      { organId: '000.00.12.H41', timestampMs: Date.UTC(2025, 6, 2, 1, 5, 0) },
      { organId: '000.00.00.H41', timestampMs: Date.UTC(2025, 6, 2, 1, 6, 12, 500) },
    ],
    business: { docType: 0, spelling: 'Bussiness' },
    files: [
      ['845-BC-SNNMT.pdf', 'application/pdf', PDF],
      ['Ảnh hiện trường.png', 'image/png', PNG],
      ['Số liệu thiệt hại.csv', 'text/csv; charset=utf-8', 'STT,'],
      ['Biểu mẫu 01.xml', 'application/xml', '<?xml'],
    ],
  },
  'template-cdata-comments.xml': {
    from: '000.00.00.H41',
    to: ['000.00.01.H49'],
    documentId: '000.00.00.H41,2025/07/02,3310/UBND-KT',
    promulgationDate: '2025-07-02',
    dueDate: '',
    subject: 'V/v phối hợp xử lý hồ sơ <đất đai> & tài sản công',
    content: 'Ủy ban nhân dân tỉnh Nghệ An đề nghị Sở Tài chính tỉnh Quảng Ninh phối hợp:\n- cung cấp hồ sơ giao đất;\n- cung cấp hồ sơ thanh lý tài sản công.',
    priority: 3,
    typeName: 'Công văn',
    traceHeaders: [{ organId: '000.00.00.H41', timestampMs: vn(2025, 7, 3, 14, 20) }],
    business: { docType: 0, spelling: 'Bussiness' },
    // Manifest order, although the Attachments come the other way round.
    files: [
      ['3310-UBND-KT.pdf', 'application/pdf', PDF],
      ['Danh mục hồ sơ.docx', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', ZIP],
    ],
  },
  'nfd-decomposed.xml': {
    from: '000.00.00.H49',
    to: ['000.00.00.G22'],
    documentId: '000.00.00.H49,2025/07/04,2210/BC-UBND',
    promulgationDate: '2025-07-04',
    dueDate: '',
    subject: 'Báo cáo kết quả sắp xếp đơn vị hành chính cấp xã và tổ chức chính quyền địa phương hai cấp',
    priority: 0,
    typeName: 'Báo cáo',
    traceHeaders: [{ organId: '000.00.00.H49', timestampMs: vn(2025, 7, 4, 16, 30) }],
    business: { docType: 0, spelling: 'Bussiness' },
    files: [['Báo cáo tổng hợp số 2210.pdf', 'application/pdf', PDF]],
  },
  'ascii-charrefs.xml': {
    from: '000.00.12.H41',
    to: ['000.00.00.H41'],
    documentId: '000.00.12.H41,2025/07/03,850/SNNMT-KH',
    promulgationDate: '2025-07-03',
    dueDate: '2025-07-20',
    subject: 'Về việc đăng ký kế hoạch vốn đầu tư công năm 2026',
    content: '',
    priority: 0,
    typeName: 'Công văn',
    traceHeaders: [{ organId: '000.00.12.H41', timestampMs: vn(2025, 7, 3, 10) }],
    business: { docType: 0, spelling: 'Bussiness' },
    files: [['Kế hoạch vốn 2026.txt', 'text/plain; charset=utf-8', 'KẾ HOẠCH']],
  },
};

const GOOD = readdirSync(FOREIGN).filter((f) => f.endsWith('.xml')).sort();

describe('edXML written by other software: read', () => {
  it('every foreign fixture has its expectations here', () => {
    assert.deepEqual(GOOD, [...Object.keys(DOCUMENTS), 'status-dotnet.xml'].sort());
    for (const name of GOOD) {
      const text = raw(name).toString(name === 'ascii-charrefs.xml' ? 'latin1' : 'utf8');
      assert.match(text.slice(0, 300), /<!-- foreign: /, `${name} says at its top which variation it shows`);
    }
  });

  for (const [name, want] of Object.entries(DOCUMENTS)) {
    it(`${name}: the header, trace, business part and files, and the document the node submits`, async () => {
      const dir = await blobDir();
      const pkg = asDocument(await parseFile(name, dir));
      const h = pkg.header;
      assert.equal(h.from.organId, want.from);
      assert.deepEqual(h.to.map((o) => o.organId), want.to);
      assert.equal(h.documentId, want.documentId);
      assert.equal(h.promulgationDate, want.promulgationDate);
      assert.equal(h.dueDate, want.dueDate);
      assert.equal(h.subject, want.subject);
      if (want.content !== undefined) assert.equal(h.content, want.content);
      assert.equal(h.otherInfo.priority, want.priority);
      assert.equal(h.documentType.typeName, want.typeName);
      assert.deepEqual(pkg.traceHeaders, want.traceHeaders);
      assert.equal(pkg.business.docType, want.business.docType);
      assert.equal(pkg.business.spelling, want.business.spelling);
      if (want.business.docReason !== undefined) assert.equal(pkg.business.docReason, want.business.docReason);
      for (const text of [h.subject, h.content, h.from.organName, h.signerInfo.fullName, ...pkg.attachments.map((a) => a.attachmentName)]) {
        assert.equal(text, text.normalize('NFC'), `"${text}" is NFC`);
      }

      assert.deepEqual(
        pkg.attachments.map((a) => [a.attachmentName, a.contentType]),
        want.files.map(([n, t]) => [n, t]),
      );
      const files = filesIn(name);
      assert.equal(files.size, want.files.length);
      for (const [i, a] of pkg.attachments.entries()) {
        const bytes = files.get(a.sha256);
        assert.ok(bytes, `${a.attachmentName}: the parser's SHA-256 is one of a file in the package`);
        assert.equal(a.size, bytes.length);
        const stored = await dir.read(a.sha256);
        assert.deepEqual(stored, bytes, `${a.attachmentName}: the sink holds exactly the file`);
        const magic = Buffer.from(want.files[i]![2], want.files[i]![2] === PNG ? 'latin1' : 'utf8');
        assert.deepEqual(stored.subarray(0, magic.length), magic, `${a.attachmentName} starts as its type does`);
      }

      // What SendEdxml hands the relay: sender, recipients, priority and the registry fields.
      const input = sendInputFromPackage(pkg);
      assert.equal(input.from, want.from);
      assert.deepEqual(input.to, want.to);
      assert.equal(input.priority, want.priority);
      assert.equal(input.document?.subject, want.subject);
      assert.equal(input.document?.promulgationDate, want.promulgationDate);
      assert.equal(input.document?.fileName, want.files[0]![0]);
      assert.deepEqual(input.attachments, pkg.attachments);
    });
  }

  it('dotnet-bom-crlf.xml: ResponseFor names the earlier document, dates written as DateTime read as dates', async () => {
    const pkg = asDocument(await parseFile('dotnet-bom-crlf.xml'));
    assert.deepEqual(pkg.header.responseFor, [
      { organId: '000.00.01.H49', code: '1790/STC-QLNS', promulgationDate: '2025-06-20', documentId: '000.00.01.H49,2025/06/20,1790/STC-QLNS' },
    ]);
    assert.deepEqual(pkg.header.otherInfo.appendixes, ['Phụ lục số liệu điều chỉnh']);
    assert.equal(pkg.business.staffInfo.staff, 'Đỗ Văn Quang');
  });

  it('template-cdata-comments.xml: a vendor element named Subject in its own namespace does not replace the Subject', async () => {
    const pkg = asDocument(await parseFile('template-cdata-comments.xml'));
    assert.doesNotMatch(pkg.header.subject, /không phải/);
    assert.equal(pkg.header.from.organAdd, 'Số 03 Trường Thi, phường Thành Vinh, tỉnh Nghệ An');
    assert.equal(pkg.header.codeNumber, '3310');
    assert.equal(pkg.header.codeNotation, 'UBND-KT');
    assert.deepEqual(pkg.header.signerInfo, { competence: 'KT. CHỦ TỊCH', position: 'PHÓ CHỦ TỊCH', fullName: 'Lê Hồng Vinh' });
    assert.equal(pkg.header.otherInfo.pageAmount, 2);
    assert.deepEqual(pkg.header.toPlaces, []);
    assert.equal(pkg.header.steeringType, 0);
  });

  it('nfd-decomposed.xml really is NFD, and reads as the same text composed', async () => {
    const text = raw('nfd-decomposed.xml').toString('utf8');
    assert.notEqual(text, text.normalize('NFC'));
    const composed = Buffer.from(text.normalize('NFC'));
    assert.deepEqual(await parseEdxml(inPieces(composed, 4096), await blobDir(), { now: NOW }), await parseFile('nfd-decomposed.xml'));
  });

  it('ascii-charrefs.xml is pure ASCII and reads like the same package written in UTF-8', async () => {
    const bytes = raw('ascii-charrefs.xml');
    assert.ok(bytes.every((b) => b < 0x80));
    const utf8 = bytes
      .toString('ascii')
      .replace('encoding="us-ascii"', 'encoding="UTF-8"')
      .replace(/&#x([0-9A-F]+);/g, (_, hex: string) => String.fromCodePoint(parseInt(hex, 16)));
    assert.deepEqual(await parseEdxml(inPieces(Buffer.from(utf8), 4096), await blobDir(), { now: NOW }), await parseFile('ascii-charrefs.xml'));
  });

  it('dotnet-bom-crlf.xml reads the same without its byte order mark and with LF line ends', async () => {
    const bytes = raw('dotnet-bom-crlf.xml');
    assert.deepEqual([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf]);
    const plain = Buffer.from(bytes.subarray(3).toString('utf8').replace(/\r\n/g, '\n'));
    assert.deepEqual(await parseEdxml(inPieces(plain, 4096), await blobDir(), { now: NOW }), await parseFile('dotnet-bom-crlf.xml'));
  });

  it('status-dotnet.xml: a status 03 with the number written 3, about the .NET document', async () => {
    const pkg = await parseFile('status-dotnet.xml');
    assert.equal(pkg.kind, 'status');
    const s = pkg as StatusPackage;
    assert.equal(s.statusCode, '03');
    assert.equal(s.from.organId, '000.00.00.H41');
    assert.deepEqual(s.responseFor, {
      organId: '000.00.01.H49',
      code: '1872/STC-QLNS',
      promulgationDate: '2025-07-01',
      documentId: '000.00.01.H49,2025/07/01,1872/STC-QLNS',
    });
    assert.equal(s.description, 'Đã tiếp nhận, vào sổ văn bản đến số 4512');
    assert.equal(s.timestampMs, vn(2025, 7, 2, 10, 20, 30, 500));
    assert.equal(s.staffInfo.email, 'vanthu@nghean.gov.vn');
  });

  for (const name of GOOD) {
    it(`${name}: the result does not depend on how the bytes are cut (1, 3 and 4096-byte pieces)`, async () => {
      const whole = await parseFile(name);
      for (const size of [1, 3, 4096]) {
        assert.deepEqual(await parseEdxml(inPieces(raw(name), size), await blobDir(), { now: NOW }), whole, `${size}-byte pieces`);
      }
    });
  }
});

describe('edXML written by other software: export and read again', () => {
  for (const name of GOOD) {
    it(`${name}: parse(export(pkg)) deep-equals pkg, files byte for byte`, async () => {
      const dir = await blobDir();
      const pkg = await parseFile(name, dir);
      const again = await blobDir();
      const back = await parseEdxml(exportEdxml(pkg, dir.source), again, { now: NOW });
      assert.deepEqual(back, pkg);
      if (pkg.kind === 'document') {
        for (const a of pkg.attachments) assert.deepEqual(await again.read(a.sha256), await dir.read(a.sha256));
      }
    });
  }
});

describe('edXML written by other software: refused, with the element and the rule', () => {
  const MH = 'edXML/edXMLEnvelope/edXMLHeader/MessageHeader';
  const NS = 'http://www.mic.gov.vn/TBT/QCVN_102_2016';
  /** File → the exact error message (INVALID_EDXML). */
  const BAD: Record<string, string | RegExp> = {
    'no-namespace.xml': `edXML: has no namespace: declare xmlns="${NS}" (QCVN 102:2016)`,
    'html-entity.xml':
      `${MH}/Subject: not well-formed XML at line:column 50:91: &nbsp; is not an XML entity ` +
      '(XML has only &lt; &gt; &amp; &quot; &apos; and references to characters it allows, such as &#160;)',
    'utf16-declared.xml':
      'edXML: declares encoding utf-16, but its bytes are UTF-8 (.NET writes this declaration when it serialises XML to a string): ' +
      'declare encoding="UTF-8"',
    'utf16-bom.xml': 'edXML: is not UTF-8 text: it starts with byte 0xFF, a UTF-16 byte order mark; save the package as UTF-8',
    'base64url.xml': /^edXML\/AttachmentEncoded\/Attachment\[1\]\/ContentTransferEncoded: invalid base64 \(character "[-_]" \(U\+00(2D|5F)\) at character \d+\)$/,
    'us-date.xml': `${MH}/PromulgationInfo/PromulgationDate: "06/30/2025" is not a date (write yyyy/MM/dd)`,
    'timestamp-12h.xml':
      'edXML/edXMLEnvelope/edXMLHeader/TraceHeaderList/TraceHeader[1]/Timestamp: "6/30/2025 3:42:10 PM" is not a timestamp ' +
      '(write yyyy/MM/dd HH:mm:ss, Vietnam time, or ISO 8601)',
  };

  it('every file in foreign/bad/ has an expectation here, and says why at its top', () => {
    assert.deepEqual(readdirSync(join(FOREIGN, 'bad')).sort(), Object.keys(BAD).sort());
    for (const name of Object.keys(BAD)) {
      const bytes = raw(join('bad', name));
      const text = name === 'utf16-bom.xml' ? bytes.subarray(2).toString('utf16le') : bytes.toString('utf8');
      assert.match(text.slice(0, 300), /<!-- foreign, refused: /, name);
    }
  });

  for (const [name, want] of Object.entries(BAD)) {
    it(`bad/${name}`, async () => {
      const dir = await blobDir();
      let caught: unknown;
      await parseFile(join('bad', name), dir).then(
        () => assert.fail('expected the package to be refused'),
        (err: unknown) => (caught = err),
      );
      assert.ok(caught instanceof LienthongError, String(caught));
      assert.equal(caught.code, 'INVALID_EDXML');
      if (typeof want === 'string') assert.equal(caught.message, want);
      else assert.match(caught.message, want);
      assert.equal(dir.aborted, dir.begun.length, 'every writer started was aborted');
      assert.deepEqual(await dir.files(), [], 'nothing is left in the store');
    });
  }
});
