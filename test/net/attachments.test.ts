/**
 * Attachments and edXML across a real network (in-process nodes, gRPC on 127.0.0.1, mutual TLS,
 * SQLite and attachment files on disk): a package in at one commune and out at another six hops
 * away; one file to many recipients crossing each link once; a transfer cut halfway resuming.
 */
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { waitFor } from '../../scripts/lib/wait-for.js';
import type { AttachmentRef } from '../../src/domain/types.js';
import { emptyBusiness } from '../../src/edxml/edxml-document.js';
import { exportEdxml } from '../../src/edxml/edxml-export.js';
import { parseEdxml } from '../../src/edxml/edxml-parse.js';
import type { DocumentPackage } from '../../src/edxml/edxml-types.js';
import { decisionHeader } from '../helpers/edxml-headers.js';
import { SYNC_BYTES } from '../../src/link/attachment-receiver.js';
import { WINDOW_BYTES } from '../../src/link/attachment-sender.js';
import type { RunningNode } from '../../src/node/node.js';
import { SIX_HOP_TOPOLOGY, startTestNetwork, type TestNetwork } from '../helpers/in-process-network.js';

const sha = (b: Buffer): string => createHash('sha256').update(b).digest('hex');

async function* chunked(parts: AsyncIterable<Buffer>): AsyncGenerator<Buffer> {
  for await (const p of parts) yield p;
}

/** Stores `data` as an attachment file on `node` (as an agency upload would). */
async function upload(node: RunningNode, data: Buffer, name: string): Promise<AttachmentRef> {
  const w = node.files.upload();
  for (let at = 0; at < data.length; at += 1 << 20) await w.write(data.subarray(at, at + (1 << 20)));
  const { sha256, size } = await w.finish();
  node.files.release(sha256);
  return { contentId: `cid:${sha256.slice(0, 12)}`, contentType: 'application/pdf', description: '', attachmentName: name, sha256, size };
}

/** Attachment bytes each node sent to each peer so far: "node→peer" → bytes. */
async function sentBytes(t: TestNetwork): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  for (const n of t.nodes.values()) {
    const metric = n.metrics.registry.getSingleMetric('lienthong_attachment_bytes_total');
    const values = metric ? (await metric.get()).values : [];
    for (const v of values) if (v.labels.direction === 'sent') out.set(`${n.code}→${String(v.labels.peer)}`, v.value);
  }
  return out;
}

function delta(before: Map<string, number>, after: Map<string, number>): Map<string, number> {
  const d = new Map<string, number>();
  for (const [k, v] of after) if (v - (before.get(k) ?? 0) > 0) d.set(k, v - (before.get(k) ?? 0));
  return d;
}

/** A package with one file, from c46's agency to c03's, as the agency's software writes it. */
async function packageWith(data: Buffer, contentId: string, subject: string): Promise<{ pkg: DocumentPackage; bytes: Buffer }> {
  const pkg: DocumentPackage = {
    kind: 'document',
    header: decisionHeader('000.46.24.H44', ['000.03.12.H41'], subject),
    traceHeaders: [{ organId: '000.46.24.H44', timestampMs: Date.UTC(2026, 10, 20, 1, 0, 0) }],
    business: emptyBusiness(),
    attachments: [{ contentId, contentType: 'application/zip', description: '', attachmentName: 'Hồ sơ.zip', sha256: sha(data), size: data.length }],
  };
  const pieces: Buffer[] = [];
  for await (const p of exportEdxml(pkg, async function* () {
    yield data;
  })) pieces.push(p);
  return { pkg, bytes: Buffer.concat(pieces) };
}

/** Yields `bytes` in 256 KiB pieces and stops after `share` of them until `release` is called. */
function gated(bytes: Buffer, share: number): { source: AsyncGenerator<Buffer>; release: () => void } {
  let release!: () => void;
  const released = new Promise<void>((r) => (release = r));
  async function* source(): AsyncGenerator<Buffer> {
    const stopAt = Math.floor(bytes.length * share);
    let waited = false;
    for (let at = 0; at < bytes.length; at += 256 * 1024) {
      if (!waited && at >= stopAt) {
        waited = true;
        await released;
      }
      yield bytes.subarray(at, Math.min(bytes.length, at + 256 * 1024));
    }
  }
  return { source: source(), release };
}

describe('attachments and edXML over a real network', () => {
  let t: TestNetwork;
  before(async () => {
    t = await startTestNetwork(SIX_HOP_TOPOLOGY);
    await t.waitLinksUp();
  });
  after(async () => {
    await t.close();
  });

  it('takes an edXML package in at a commune and gives it out six hops away: fields, files and trace', async () => {
    const appendix = randomBytes(1_500_000);
    const note = Buffer.from('Phụ lục: danh sách hộ được hỗ trợ'.normalize('NFC'));
    const files = new Map([[sha(appendix), appendix], [sha(note), note]]);
    const pkg: DocumentPackage = {
      kind: 'document',
      header: decisionHeader('000.46.24.H44', ['000.03.12.H41'], 'Quyết định về việc hỗ trợ hộ nghèo năm 2026'),
      traceHeaders: [{ organId: '000.46.24.H44', timestampMs: Date.UTC(2026, 10, 20, 1, 0, 0) }],
      business: emptyBusiness(),
      attachments: [
        { contentId: 'cid:phu-luc-1', contentType: 'application/pdf', description: 'Phụ lục I', attachmentName: 'Phụ lục I.pdf', sha256: sha(appendix), size: appendix.length },
        { contentId: 'cid:ghi-chu', contentType: 'text/plain', description: '', attachmentName: 'Ghi chú.txt', sha256: sha(note), size: note.length },
      ],
    };
    const bytes = chunked(exportEdxml(pkg, async function* (ref) {
      yield files.get(ref.sha256)!;
    }));
    const sent = await t.node('c46').gateway.send(() => '000.46.24.H44', bytes, {});
    assert.equal(sent.kind, 'document');
    const messageId = sent.kind === 'document' ? sent.submit.messageId : '';

    const got = await t.waitInbox('000.03.12.H41', (m) => m.id === messageId, 'the edXML document');
    assert.equal(got.document?.subject, 'Quyết định về việc hỗ trợ hộ nghèo năm 2026');
    assert.deepEqual(got.attachments.map((a) => a.sha256), [sha(appendix), sha(note)]);
    const c03 = t.node('c03');
    for (const a of got.attachments) assert.ok(c03.files.has(a.sha256), `${a.attachmentName} held at the recipient's node`);

    // The recipient's software downloads a file (from an offset too, as after a cut download).
    const parts: Buffer[] = [];
    for await (const p of c03.gateway.fetch('000.03.12.H41', messageId, sha(appendix), 1000)) parts.push(p.data);
    assert.deepEqual(Buffer.concat(parts), appendix.subarray(1000));

    // Export and parse again: the same document, the trace extended with every node and time.
    const received = new Map<string, Buffer[]>();
    const back = await parseEdxml(c03.gateway.export('000.03.12.H41', messageId), {
      begin: (info) => {
        const chunks: Buffer[] = [];
        received.set(info.contentId, chunks);
        return {
          write: async (b) => void chunks.push(Buffer.from(b)),
          finish: async () => ({ sha256: sha(Buffer.concat(chunks)), size: Buffer.concat(chunks).length }),
          abort: async () => undefined,
        };
      },
    }, { now: Date.now });
    assert.equal(back.kind, 'document');
    if (back.kind !== 'document') return;
    assert.deepEqual(back.header, pkg.header);
    assert.deepEqual(back.business, pkg.business);
    assert.deepEqual(back.attachments, pkg.attachments);
    assert.deepEqual(Buffer.concat(received.get('cid:phu-luc-1')!), appendix);
    assert.deepEqual(
      back.traceHeaders.map((h) => h.organId),
      ['000.46.24.H44', '000.46.24.H44', '000.00.24.H44', '000.00.00.H44', '000.00.00.G22', '000.00.00.H41', '000.00.12.H41', '000.03.12.H41'],
      'the sender software\'s own trace header, then every node on the path',
    );
    assert.ok(back.traceHeaders.slice(1).every((h, i, all) => h.timestampMs > 0 && (i === 0 || h.timestampMs >= all[i - 1]!.timestampMs)));
  });

  it('sends one file to many recipients across each link once, and not again for a second document', async () => {
    const c46 = t.node('c46');
    const data = randomBytes(2 * 1024 * 1024 + 17);
    const ref = await upload(c46, data, 'Công văn hỏa tốc.pdf');
    const to = ['000.03.12.H41', '000.00.12.H41', '000.00.00.H41', '000.00.07.H29', '000.00.00.G22', '000.00.24.H44'];
    const before0 = await sentBytes(t);
    const first = await c46.relay.submit({ from: '000.46.24.H44', to, priority: 3, document: { subject: 'Gửi nhiều nơi' }, body: Buffer.alloc(0), attachments: [ref] });
    for (const r of to) await t.waitInbox(r, (m) => m.id === first.messageId, 'the document');
    const moved = delta(before0, await sentBytes(t));
    assert.deepEqual(
      Object.fromEntries([...moved].sort()),
      Object.fromEntries(
        [
          '000.46.24.H44→000.00.24.H44', '000.00.24.H44→000.00.00.H44', '000.00.00.H44→000.00.00.G22',
          '000.00.00.G22→000.00.00.H41', '000.00.00.H41→000.00.12.H41', '000.00.12.H41→000.03.12.H41',
          '000.00.00.G22→000.00.00.H29', '000.00.00.H29→000.00.07.H29',
        ].sort().map((k) => [k, data.length]),
      ),
      'each link on the way carried the file exactly once',
    );
    for (const name of ['national', 'h41', 'c03']) assert.ok(t.node(name).files.has(ref.sha256));

    const before1 = await sentBytes(t);
    const second = await c46.relay.submit({ from: '000.46.24.H44', to, priority: 0, document: { subject: 'Gửi lại, cùng tệp' }, body: Buffer.alloc(0), attachments: [ref] });
    for (const r of to) await t.waitInbox(r, (m) => m.id === second.messageId, 'the second document');
    assert.deepEqual([...delta(before1, await sentBytes(t))], [], 'files held already cross no link again');
  });

  it('resumes a transfer cut halfway from the last committed chunk instead of starting over', async () => {
    const c46 = t.node('c46');
    const d24 = t.node('d24');
    const data = randomBytes(64 * 1024 * 1024);
    const ref = await upload(c46, data, 'Hồ sơ dự án.zip');
    const before0 = await sentBytes(t);
    const sent = await c46.relay.submit({ from: '000.46.24.H44', to: ['000.00.24.H44'], priority: 0, document: { subject: 'Hồ sơ lớn' }, body: Buffer.alloc(0), attachments: [ref] });
    // Cut once three windows are durable, so resuming and starting over differ by more than a window.
    const cutAt = await waitFor('24 MiB durably at the district', () => {
      const info = d24.files.info(ref.sha256);
      return info && info.bytes >= 3 * WINDOW_BYTES ? info.bytes : undefined;
    }, 30_000, 2);
    assert.ok(cutAt < data.length, 'cut before the file was complete');
    await d24.registry.get('000.46.24.H44')!.session!.close('test: link cut');

    const got = await t.waitInbox('000.00.24.H44', (m) => m.id === sent.messageId, 'the large document');
    assert.equal(got.attachments[0]!.sha256, ref.sha256);
    const parts: Buffer[] = [];
    for await (const p of d24.gateway.fetch('000.00.24.H44', sent.messageId, ref.sha256, 0)) parts.push(p.data);
    assert.equal(sha(Buffer.concat(parts)), ref.sha256, 'the file arrived whole and verified');
    const carried = delta(before0, await sentBytes(t)).get('000.46.24.H44→000.00.24.H44') ?? 0;
    // Starting over would carry at least cutAt + size; resuming repeats at most the unsynced tail
    // and what was in flight (a window and one sync interval).
    assert.ok(carried <= data.length + WINDOW_BYTES + SYNC_BYTES, `carried ${carried} bytes for a ${data.length}-byte file cut at ${cutAt}`);
    assert.ok(carried < cutAt + data.length);
  });
  it('passes a declared file on towards its recipient while its package is still arriving', async () => {
    const data = randomBytes(6 * 1024 * 1024 + 5);
    const { bytes } = await packageWith(data, 'cid:ho-so-khai-bao', 'Hồ sơ khai báo trước');
    const { source, release } = gated(bytes, 0.6);
    const sending = t.node('c46').gateway.send(() => '000.46.24.H44', source, {
      files: [{ contentId: 'cid:ho-so-khai-bao', sha256: sha(data), size: data.length }],
    });
    // The package is stopped at 60 %: the file has already crossed three links.
    await waitFor('the file durably at the national node while its package is held', () => ((t.node('national').files.info(sha(data))?.bytes ?? 0) > 0 ? true : undefined), 30_000, 2);
    release();
    const sent = await sending;
    assert.equal(sent.kind, 'document');
    const messageId = sent.kind === 'document' ? sent.submit.messageId : '';
    const got = await t.waitInbox('000.03.12.H41', (m) => m.id === messageId, 'the declared document');
    assert.deepEqual(got.attachments.map((a) => a.sha256), [sha(data)]);
    const parts: Buffer[] = [];
    for await (const p of t.node('c03').gateway.fetch('000.03.12.H41', messageId, sha(data), 0)) parts.push(p.data);
    assert.equal(sha(Buffer.concat(parts)), sha(data), 'the file arrived whole');
  });

  // A wrong SHA-256 is found once every byte is in: each next hop has all of them and finds it too.
  // A file declared longer than it is never completes: only the call-off sent down the path clears it.
  for (const [what, declare, rule] of [
    ['SHA-256', (data: Buffer) => ({ sha256: sha(Buffer.concat([data, Buffer.from('x')])), size: data.length }), /the decoded file has another SHA-256, but SendEdxmlOptions declared/],
    ['size', (data: Buffer) => ({ sha256: sha(Buffer.concat([data, Buffer.alloc(4096)])), size: data.length + 4096 }), /the decoded file has \d+ bytes, but SendEdxmlOptions declared \d+ bytes/],
  ] as const) {
    it(`refuses a file that does not match its declared ${what} (ATTACHMENT_CORRUPT) and deletes it wherever it got to`, async () => {
      const data = randomBytes(6 * 1024 * 1024 + 9);
      const declared = declare(data);
      const { bytes } = await packageWith(data, 'cid:khai-sai', `Khai báo sai ${what}`);
      const { source, release } = gated(bytes, 0.6);
      const sending = t.node('c46').gateway.send(() => '000.46.24.H44', source, { files: [{ contentId: 'cid:khai-sai', ...declared }] });
      const failed = assert.rejects(sending, (err: Error & { code?: string }) => {
        assert.equal(err.code, 'ATTACHMENT_CORRUPT');
        assert.match(err.message, /^edXML attachment cid:khai-sai: /);
        assert.match(err.message, rule);
        return true;
      });
      await waitFor('the file on its way at the national node', () => ((t.node('national').files.info(declared.sha256)?.bytes ?? 0) > 0 ? true : undefined), 30_000, 2);
      release();
      await failed;
      for (const n of t.nodes.values()) {
        await waitFor(`no trace of the file at ${n.code}`, () => (n.files.info(declared.sha256) === null && n.files.info(sha(data)) === null ? true : undefined), 30_000, 5);
      }
    });
  }

  it('takes a declared file whose Attachment names its ContentId after the bytes, and checks the declaration at the end', async () => {
    const data = randomBytes(700_000);
    const { bytes } = await packageWith(data, 'cid:sau-cung', 'ContentId sau nội dung');
    // Another vendor's order: ContentTransferEncoded first, ContentId last in the Attachment.
    const xml = bytes.toString('utf8').replace(/(<(?:\w+:)?Attachment>)([\s\S]*?)(<(?:\w+:)?ContentId>cid:sau-cung<\/(?:\w+:)?ContentId>)([\s\S]*?)(<\/(?:\w+:)?Attachment>)/, '$1$2$4$3$5');
    assert.notEqual(xml, bytes.toString('utf8'), 'the ContentId moved after the bytes');
    const once = async function* (): AsyncGenerator<Buffer> {
      yield Buffer.from(xml, 'utf8');
    };
    const c46 = t.node('c46');
    const r = await c46.gateway.send(() => '000.46.24.H44', once(), { files: [{ contentId: 'cid:sau-cung', sha256: sha(data), size: data.length }] });
    assert.equal(r.kind, 'document');
    assert.equal(c46.files.info(sha(data))?.complete, true, 'the file is stored whole');
    const other = randomBytes(1000);
    await assert.rejects(c46.gateway.send(() => '000.46.24.H44', once(), { files: [{ contentId: 'cid:sau-cung', sha256: sha(other), size: other.length }] }), (err: Error & { code?: string }) => {
      assert.equal(err.code, 'ATTACHMENT_CORRUPT');
      assert.match(err.message, new RegExp(`edXML attachment cid:sau-cung: the decoded file has ${data.length} bytes with SHA-256 ${sha(data)}, but SendEdxmlOptions declared ${other.length} bytes`));
      return true;
    });
  });

  it('refuses a file longer than declared, and a declaration of an attachment the package lacks', async () => {
    const data = randomBytes(300_000);
    const { bytes } = await packageWith(data, 'cid:co-that', 'Khai báo kích thước sai');
    const once = async function* (): AsyncGenerator<Buffer> {
      yield bytes;
    };
    const c46 = t.node('c46');
    await assert.rejects(c46.gateway.send(() => '000.46.24.H44', once(), { files: [{ contentId: 'co-that', sha256: sha(data), size: data.length - 1 }] }), (err: Error & { code?: string }) => {
      assert.equal(err.code, 'ATTACHMENT_CORRUPT');
      assert.match(err.message, new RegExp(`the decoded file is longer than ${data.length - 1} bytes, but SendEdxmlOptions declared ${data.length - 1} bytes`));
      return true;
    });
    assert.equal(c46.files.info(sha(data)), null, 'nothing kept under the declared name');
    await assert.rejects(c46.gateway.send(() => '000.46.24.H44', once(), { files: [{ contentId: 'cid:khong-co', sha256: sha(data), size: data.length }] }), (err: Error & { code?: string }) => {
      assert.equal(err.code, 'INVALID_ARGUMENT');
      assert.match(err.message, /declares cid:khong-co, but the package has no Attachment with that ContentId/);
      return true;
    });
  });
});
