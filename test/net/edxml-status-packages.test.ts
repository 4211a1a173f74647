/**
 * Status packages keep what their sender's software wrote, end to end: a document goes from the
 * Government Office (A) to Phường 07 (B) two links away; B answers with edXML status packages (03
 * through UpdateStatus, 01 through Acknowledge) and A recalls with one (13). Each is exported at the
 * other end with its From (OrganName...), StaffInfo, Timestamp and own TraceHeader, then the nodes it
 * passed. A status made through the API, without edXML, exports as before: From/OrganId only, empty
 * StaffInfo, the node's time, the nodes' trace.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { NodeSpec } from '../../scripts/lib/network-builder.js';
import { signedForm } from '../../src/domain/signed-form.js';
import type { Message } from '../../src/domain/types.js';
import { LienthongError } from '../../src/domain/errors.js';
import { exportEdxml } from '../../src/edxml/edxml-export.js';
import { formatEdxmlTimestamp } from '../../src/edxml/edxml-time.js';
import type { StatusPackage } from '../../src/edxml/edxml-types.js';
import { useAgencyNetwork } from '../helpers/agency-clients.js';
import { parseHashing } from '../helpers/edxml-blob-dir.js';
import { documentInput } from '../helpers/in-process-network.js';

const A = '000.00.00.G22';
const B = '000.00.07.H29';
const TOPOLOGY: NodeSpec[] = [
  { name: 'national', code: A, agencies: [A] },
  { name: 'h29', code: '000.00.00.H29', parent: 'national', agencies: ['000.00.00.H29'] },
  { name: 'w07', code: B, parent: 'h29', agencies: [B] },
];
/** Node codes from B's node to A's node, and back. */
const B_TO_A = [B, '000.00.00.H29', A];
const A_TO_B = [...B_TO_A].reverse();

/** 2025-07-01T09:00:00+07:00 */
const STAMP = Date.UTC(2025, 6, 1, 2, 0, 0);

interface PackageOf {
  code: string;
  documentId: string;
  from: string;
  organName: string;
  department: string;
  staff: string;
  description: string;
  /** Status/Timestamp as written (default 2025-07-01T09:00:00+07:00). */
  timestamp?: string;
}

/** A status package as an agency's software writes it, with its own TraceHeader. */
function statusXml(p: PackageOf): Buffer {
  return Buffer.from(`<?xml version="1.0" encoding="UTF-8"?>
<edXML:edXML xmlns:edXML="http://www.mic.gov.vn/TBT/QCVN_102_2016">
  <edXML:edXMLEnvelope>
    <edXML:edXMLHeader>
      <edXML:Status>
        <edXML:ResponseFor>
          <edXML:OrganId>${A}</edXML:OrganId>
          <edXML:Code/>
          <edXML:PromulgationDate/>
          <edXML:DocumentId>${p.documentId}</edXML:DocumentId>
        </edXML:ResponseFor>
        <edXML:From>
          <edXML:OrganId>${p.from}</edXML:OrganId>
          <edXML:OrganizationInCharge>Ủy ban nhân dân thành phố Huế</edXML:OrganizationInCharge>
          <edXML:OrganName>${p.organName}</edXML:OrganName>
          <edXML:OrganAdd>Số 1 Lê Lợi</edXML:OrganAdd>
          <edXML:Email>vanthu@example.gov.vn</edXML:Email>
          <edXML:Telephone>0234.3822222</edXML:Telephone>
          <edXML:Fax/>
          <edXML:Website/>
        </edXML:From>
        <edXML:StaffInfo>
          <edXML:Department>${p.department}</edXML:Department>
          <edXML:Staff>${p.staff}</edXML:Staff>
          <edXML:Mobile>0912345678</edXML:Mobile>
          <edXML:Email>hoa@example.gov.vn</edXML:Email>
        </edXML:StaffInfo>
        <edXML:StatusCode>${p.code}</edXML:StatusCode>
        <edXML:Description>${p.description}</edXML:Description>
        <edXML:Timestamp>${p.timestamp ?? '2025-07-01T09:00:00+07:00'}</edXML:Timestamp>
      </edXML:Status>
      <edXML:TraceHeaderList>
        <edXML:TraceHeader>
          <edXML:OrganId>${p.from}</edXML:OrganId>
          <edXML:Timestamp>2025-07-01T09:00:00+07:00</edXML:Timestamp>
        </edXML:TraceHeader>
      </edXML:TraceHeaderList>
    </edXML:edXMLHeader>
  </edXML:edXMLEnvelope>
</edXML:edXML>
`);
}

const parse = parseHashing;

async function* once(bytes: Buffer): AsyncGenerator<Buffer> {
  yield bytes;
}

async function* noFiles(): AsyncGenerator<Buffer> {
  /* a status package has no files */
}

async function collect(source: AsyncIterable<Buffer>): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const p of source) parts.push(p);
  return Buffer.concat(parts);
}

describe('edXML status packages keep their sender\'s data across the network', () => {
  const net = useAgencyNetwork(TOPOLOGY);
  /** The agency API client of `agency`, at its node, with its certificate. */
  const client = (agency: string) => net.client(agency);

  /** A document from A, delivered to B. */
  async function documentAtB(subject: string): Promise<string> {
    const sent = await client(A).send(documentInput(A, [B], subject));
    await net.t.waitInbox(B, (m) => m.id === sent.messageId, `"${subject}" at B`);
    return sent.messageId;
  }

  /**
   * The status exported at `at` carries what `original` said: From, StaffInfo, Timestamp,
   * description and its own TraceHeader first, then every node from its sender's node to `at`'s.
   * Exported again after parsing, it reads the same (parse ∘ export is stable).
   */
  async function checkExport(at: string, status: Message, original: StatusPackage, nodes: string[]): Promise<void> {
    const bytes = await collect(client(at).exportEdxml(at, status.id));
    const back = (await parse(once(bytes))) as StatusPackage;
    assert.equal(back.kind, 'status');
    assert.deepEqual(back.from, original.from, 'From as the sender wrote it (OrganName, OrganAdd...)');
    assert.equal(back.from.organName, original.from.organName);
    assert.deepEqual(back.staffInfo, original.staffInfo, 'StaffInfo as the sender wrote it');
    assert.equal(back.timestampMs, STAMP, 'Status/Timestamp as the sender wrote it, not the node\'s time');
    assert.equal(back.statusCode, original.statusCode);
    assert.equal(back.description, original.description);
    assert.deepEqual(back.traceHeaders[0], { organId: original.from.organId, timestampMs: STAMP }, 'the package\'s own TraceHeader first');
    assert.deepEqual(back.traceHeaders.slice(1).map((h) => h.organId), nodes, 'then every node it passed');
    assert.ok(back.traceHeaders.slice(1).every((h) => h.timestampMs > STAMP));
    // Everything the sender wrote comes back; only ResponseFor is the node's (from the document it holds).
    assert.deepEqual({ ...back, responseFor: original.responseFor, traceHeaders: back.traceHeaders.slice(0, 1) }, original);
    assert.deepEqual(await parse(exportEdxml(back, noFiles)), back, 'parse(export(x)) is x');
    // NFC throughout, whatever form the package used.
    for (const s of [back.from.organName, back.staffInfo.department, back.staffInfo.staff, back.description]) assert.equal(s, s.normalize('NFC'));
  }

  it('status 03 from B (UpdateStatus path): From, StaffInfo, Timestamp and its TraceHeader reach A', async () => {
    const messageId = await documentAtB('Về việc báo cáo số liệu quý II');
    const bytes = statusXml({
      code: '03',
      documentId: messageId,
      from: B,
      organName: 'Phường 07'.normalize('NFD'),
      department: 'Văn thư',
      staff: 'Lê Thị Hoà'.normalize('NFD'),
      description: 'Đã tiếp nhận, vào sổ văn bản đến số 118',
    });
    const original = (await parse(once(bytes))) as StatusPackage;
    assert.equal(original.from.organName, 'Phường 07'.normalize('NFC'));
    const answer = await client(B).sendEdxml(once(bytes));
    assert.equal(answer.statusMessageIds.length, 1);
    const status = await net.t.waitInbox(A, (m) => m.id === answer.statusMessageIds[0], 'status 03 at A');
    assert.equal(status.edxmlStatus?.staffInfo.staff, 'Lê Thị Hoà', 'stored at A, NFC');
    await checkExport(A, status, original, B_TO_A);
  });

  it('status 01 from B (Acknowledge path) keeps them too', async () => {
    const messageId = await documentAtB('Về việc mời họp');
    const bytes = statusXml({ code: '01', documentId: messageId, from: B, organName: 'Phường 07', department: 'Văn thư', staff: 'Lê Thị Hoà', description: 'Đã đến' });
    const original = (await parse(once(bytes))) as StatusPackage;
    await client(B).sendEdxml(once(bytes));
    const status = await net.t.waitInbox(A, (m) => m.kind === 'status' && m.status?.code === '01' && m.status.refMessageId === messageId, 'status 01 at A');
    await checkExport(A, status, original, B_TO_A);
  });

  it('status 13 from A (the sender recalls) reaches B with A\'s From, StaffInfo and TraceHeader', async () => {
    const messageId = await documentAtB('Về việc thu hồi văn bản');
    const bytes = statusXml({ code: '13', documentId: messageId, from: A, organName: 'Văn phòng Chính phủ', department: 'Phòng Hành chính', staff: 'Nguyễn Văn Đức', description: 'Đề nghị lấy lại do sai sót' });
    const original = (await parse(once(bytes))) as StatusPackage;
    const answer = await client(A).sendEdxml(once(bytes));
    assert.equal(answer.statusMessageIds.length, 1);
    const status = await net.t.waitInbox(B, (m) => m.id === answer.statusMessageIds[0], 'status 13 at B');
    await checkExport(B, status, original, A_TO_B);
  });

  it('a status package stamped hours ahead of the node\'s clock is refused, naming the field, both times and what to do; nothing goes out', async () => {
    const messageId = await documentAtB('Về việc lịch công tác tháng sau');
    const ahead = Date.now() + 3 * 3_600_000;
    const status = (timestamp: string) => statusXml({ code: '03', documentId: messageId, from: B, organName: 'Phường 07', department: 'Văn thư', staff: 'Lê Thị Hoà', description: 'Đã tiếp nhận', timestamp });
    const before = Date.now();
    await assert.rejects(client(B).sendEdxml(once(status(formatEdxmlTimestamp(ahead)))), (err: unknown) => {
      assert.ok(err instanceof LienthongError, String(err));
      assert.equal(err.code, 'INVALID_EDXML');
      const m = /^edXML\/edXMLEnvelope\/edXMLHeader\/Status\/Timestamp (\S+) is 3\.0 hours ahead of this node's clock \((\S+); at most 300 s ahead is accepted\): give the time the status was decided, and set the clock of the agency's document software right \(NTP\)/.exec(err.message);
      assert.ok(m, err.message);
      assert.equal(Date.parse(m[1]!), ahead, 'the time given');
      const nodeTime = Date.parse(m[2]!);
      assert.ok(nodeTime >= before && nodeTime <= Date.now(), `the node's time: ${m[2]}`);
      return true;
    });
    // B's node took nothing in: no status about the document.
    assert.deepEqual((await client(B).trace(B, messageId)).statuses, []);
    // The same status stamped with the time of the decision goes through.
    const answer = await client(B).sendEdxml(once(status(formatEdxmlTimestamp(Date.now()))));
    await net.t.waitInbox(A, (m) => m.id === answer.statusMessageIds[0], 'status 03 at A');
    assert.equal((await client(B).trace(B, messageId)).statuses.length, 1);
  });

  it('a status made through the API, without edXML, exports as before', async () => {
    const messageId = await documentAtB('Về việc triển khai');
    const r = await client(B).updateStatus(B, messageId, '05', 'Đang xử lý');
    const status = await net.t.waitInbox(A, (m) => m.id === r.statusMessageIds[0], 'status 05 at A');
    assert.equal(status.edxmlStatus, undefined);
    const back = (await parse(client(A).exportEdxml(A, status.id))) as StatusPackage;
    assert.equal(back.from.organId, B);
    assert.equal(back.from.organName, '');
    assert.deepEqual(back.staffInfo, { department: '', staff: '', mobile: '', email: '' });
    assert.equal(back.timestampMs, status.status!.atMs);
    assert.deepEqual(back.traceHeaders.map((h) => h.organId), B_TO_A);
  });

  it('the edXML part of a status stays out of the signed form of a document', async () => {
    const messageId = await documentAtB('Về việc chữ ký');
    const doc = await net.t.waitInbox(B, (m) => m.id === messageId);
    const extra = { from: { organId: B, organizationInCharge: '', organName: 'Phường 07', organAdd: '', email: '', telephone: '', fax: '', website: '' }, staffInfo: { department: 'Văn thư', staff: '', mobile: '', email: '' }, timestampMs: STAMP, traceHeaders: [] };
    assert.deepEqual(signedForm({ ...doc, edxmlStatus: extra }), signedForm(doc));
  });
});
