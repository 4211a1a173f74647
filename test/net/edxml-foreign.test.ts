/**
 * edXML packages written by other vendors' software (test/fixtures/edxml/foreign) across a real
 * network: in-process nodes, gRPC on 127.0.0.1 with mutual TLS, SQLite and attachment files on disk.
 * Each package goes in through SendEdxml at its sender's node, with the agency's own certificate, as
 * that vendor's software would send it; crosses two or three links; comes out through ExportEdxml at
 * every recipient's node; and reads back as the same document, its trace extended with the nodes it
 * passed. A status package in the .NET style answers one of them and comes back the same way.
 */
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { NodeSpec } from '../../scripts/lib/network-builder.js';
import type { DocumentPackage, StatusPackage } from '../../src/edxml/edxml-types.js';
import { useAgencyNetwork } from '../helpers/agency-clients.js';
import { parseHashing } from '../helpers/edxml-blob-dir.js';

const FOREIGN = fileURLToPath(new URL('../../../test/fixtures/edxml/foreign/', import.meta.url));

/** Government Office at the root; two provinces; a department of Nghệ An below its province. */
const TOPOLOGY: NodeSpec[] = [
  { name: 'national', code: '000.00.00.G22', agencies: ['000.00.00.G22'] },
  { name: 'h49', code: '000.00.00.H49', parent: 'national', agencies: ['000.00.00.H49', '000.00.01.H49'] },
  { name: 'h41', code: '000.00.00.H41', parent: 'national', agencies: ['000.00.00.H41'] },
  { name: 'd12', code: '000.00.12.H41', parent: 'h41', agencies: ['000.00.12.H41'] },
];

const sha256 = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex');

const parse = parseHashing;

async function* pieces(bytes: Buffer, size = 64 * 1024): AsyncGenerator<Buffer> {
  for (let at = 0; at < bytes.length; at += size) yield bytes.subarray(at, at + size);
}

/** The node codes a message passes from `from`'s node to `to`'s node, both included. */
function nodePath(from: string, to: string): string[] {
  const home = (agency: string): NodeSpec => TOPOLOGY.find((s) => s.agencies.includes(agency))!;
  const up = (spec: NodeSpec): NodeSpec[] => [spec, ...(spec.parent ? up(TOPOLOGY.find((s) => s.name === spec.parent)!) : [])];
  const a = up(home(from));
  const b = up(home(to));
  const meet = a.findIndex((s) => b.includes(s));
  return [...a.slice(0, meet + 1), ...b.slice(0, b.indexOf(a[meet]!)).reverse()].map((s) => s.code);
}

/**
 * dom-one-line-cr-refs.xml with its first file replaced by `file` (same "&#13;" layout, which the
 * parser reads through the XML parser, not its fast path) and its number changed to 846.
 */
function largeDomPackage(file: Buffer): Buffer {
  const text = readFileSync(join(FOREIGN, 'dom-one-line-cr-refs.xml'), 'utf8');
  const open = text.indexOf('<edxml:ContentTransferEncoded>') + '<edxml:ContentTransferEncoded>'.length;
  const close = text.indexOf('</edxml:ContentTransferEncoded>', open);
  const head = text.slice(0, open).replaceAll('845/BC-SNNMT', '846/BC-SNNMT').replace('<edxml:CodeNumber>845<', '<edxml:CodeNumber>846<');
  const b64 = file.toString('base64').replace(/.{76}/g, '$&&#13;\n');
  return Buffer.from(head + b64 + text.slice(close));
}

describe('edXML from other vendors across a real network', () => {
  const net = useAgencyNetwork(TOPOLOGY);
  /** The agency API client of `agency`, at its node, with its certificate. */
  const client = (agency: string) => net.client(agency);

  /** Sends `bytes` with SendEdxml as its From agency; checks every recipient's export against the original. */
  async function sendAndExport(what: string, bytes: Buffer): Promise<{ messageId: string; original: DocumentPackage }> {
    const original = (await parse(pieces(bytes))) as DocumentPackage;
    assert.equal(original.kind, 'document');
    const from = original.header.from.organId;
    const sent = await client(from).sendEdxml(pieces(bytes));
    assert.match(sent.messageId, /^[0-9a-f-]{36}$/, what);
    assert.equal(Number(sent.attachmentBytes), original.attachments.reduce((n, a) => n + a.size, 0));

    for (const to of original.header.to.map((o) => o.organId)) {
      const got = await net.t.waitInbox(to, (m) => m.id === sent.messageId, `${what} at ${to}`);
      assert.equal(got.document?.subject, original.header.subject);
      assert.equal(got.priority, original.header.otherInfo.priority);
      assert.deepEqual(got.attachments.map((a) => a.sha256), original.attachments.map((a) => a.sha256));

      const back = await parse(client(to).exportEdxml(to, sent.messageId));
      assert.equal(back.kind, 'document', what);
      if (back.kind !== 'document') continue;
      assert.deepEqual(back.header, original.header, `${what}: the header as the sender wrote it, at ${to}`);
      assert.deepEqual(back.business, original.business);
      assert.deepEqual(back.attachments, original.attachments, `${what}: every file, byte for byte, at ${to}`);
      const n = original.traceHeaders.length;
      assert.deepEqual(back.traceHeaders.slice(0, n), original.traceHeaders, 'the trace the sender wrote comes first');
      assert.deepEqual(back.traceHeaders.slice(n).map((h) => h.organId), nodePath(from, to), `${what}: then every node on the way to ${to}`);
      assert.ok(back.traceHeaders.slice(n).every((h, i, all) => h.timestampMs > 0 && (i === 0 || h.timestampMs >= all[i - 1]!.timestampMs)));
    }
    return { messageId: sent.messageId, original };
  }

  for (const name of ['jaxb-ns2.xml', 'dom-one-line-cr-refs.xml', 'template-cdata-comments.xml', 'nfd-decomposed.xml', 'ascii-charrefs.xml']) {
    it(`${name}: in through SendEdxml, out through ExportEdxml at every recipient, the same document`, async () => {
      await sendAndExport(name, readFileSync(join(FOREIGN, name)));
    });
  }

  it('a 6 MB file written with "&#13;" line ends (Java DOM) crosses three links whole', async () => {
    const file = randomBytes(6 * 1024 * 1024 + 3);
    const { original } = await sendAndExport('the large Java DOM package', largeDomPackage(file));
    assert.equal(original.attachments[0]!.sha256, sha256(file));
    assert.equal(original.attachments[0]!.size, file.length);
  });

  it('dotnet-bom-crlf.xml goes across, and status-dotnet.xml, registering it, comes back to its sender', async () => {
    const { messageId } = await sendAndExport('dotnet-bom-crlf.xml', readFileSync(join(FOREIGN, 'dotnet-bom-crlf.xml')));
    const statusBytes = readFileSync(join(FOREIGN, 'status-dotnet.xml'));
    const answer = await client('000.00.00.H41').sendEdxml(pieces(statusBytes));
    assert.equal(answer.statusMessageIds.length, 1, 'one status message, to the sender');

    const status = await net.t.waitInbox('000.00.01.H49', (m) => m.kind === 'status' && m.status?.refMessageId === messageId, 'status 03 at the sender');
    assert.equal(status.status?.code, '03');
    const back = (await parse(client('000.00.01.H49').exportEdxml('000.00.01.H49', status.id))) as StatusPackage;
    assert.equal(back.kind, 'status');
    assert.equal(back.statusCode, '03');
    assert.equal(back.description, 'Đã tiếp nhận, vào sổ văn bản đến số 4512');
    assert.equal(back.from.organId, '000.00.00.H41');
    assert.deepEqual(back.responseFor, {
      organId: '000.00.01.H49',
      code: '1872/STC-QLNS',
      promulgationDate: '2025-07-01',
      documentId: '000.00.01.H49,2025/07/01,1872/STC-QLNS',
    });
    assert.deepEqual(back.traceHeaders.map((h) => h.organId), ['000.00.00.H41', ...nodePath('000.00.00.H41', '000.00.01.H49')], 'the package\'s own TraceHeader, then every node');
  });

  it('a foreign package that is really wrong is refused at the sender\'s node with its element path', async () => {
    const bytes = readFileSync(join(FOREIGN, 'bad', 'us-date.xml'));
    await assert.rejects(client('000.00.00.G22').sendEdxml(pieces(bytes)), (err: Error & { code?: string }) => {
      assert.equal(err.code, 'INVALID_EDXML');
      assert.match(err.message, /MessageHeader\/PromulgationInfo\/PromulgationDate: "06\/30\/2025" is not a date/);
      return true;
    });
  });
});
