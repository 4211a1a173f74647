/**
 * Refusals on the agency API of real nodes (mutual TLS on 127.0.0.1, a SQLite file each), seen as
 * an operator sees them: every refused call, reads included, is one warn line naming the
 * certificate, the call and the reason, and counts in lienthong_documents_refused_total{peer,
 * reason}; a SendEdxml stream of garbage is INVALID_ARGUMENT, never an internal error.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Writable } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import * as grpc from '@grpc/grpc-js';
import pino from 'pino';
import { buildNetwork, type BuiltNetwork } from '../../scripts/lib/network-builder.js';
import { waitFor } from '../../scripts/lib/wait-for.js';
import { AdminClient } from '../../src/cli/admin-client.js';
import { AgencyClient } from '../../src/client/agency-client.js';
import { loadConfig } from '../../src/node/config-load.js';
import { startNode, type RunningNode } from '../../src/node/node.js';
import { revokeInDir } from '../../src/pki/files.js';
import { REVOCATIONS_FILE, readRevocationFile } from '../../src/pki/revocation-file.js';
import { RawGrpcClient } from '../helpers/fuzz-grpc.js';

const FIXTURES = fileURLToPath(new URL('../../../test/fixtures/edxml/', import.meta.url));
const A46 = '000.46.24.H44';
const A47 = '000.47.24.H44';
const TOPOLOGY = [
  { name: 'd24', code: '000.00.24.H44', agencies: ['000.00.24.H44'] },
  { name: 'c46', code: A46, parent: 'd24', agencies: [A46] },
  { name: 'c47', code: A47, parent: 'd24', agencies: [A47] },
];

type Line = Record<string, unknown> & { level: number; msg: string; node?: string };

describe('refusals on the agency API (real nodes, real TLS)', () => {
  let dir: string;
  let net: BuiltNetwork;
  const nodes = new Map<string, RunningNode>();
  const lines: Line[] = [];

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'lienthong-refusals-'));
    net = await buildNetwork(dir, TOPOLOGY);
    const log = pino({ level: 'debug' }, new Writable({ write: (chunk, _enc, cb) => cb(void lines.push(JSON.parse(String(chunk)) as Line)) }));
    for (const s of TOPOLOGY) nodes.set(s.name, await startNode(loadConfig(net.nodes.get(s.name)!.configPath), { log, drainTimeoutMs: 2_000 }));
  });
  after(async () => {
    for (const name of [...nodes.keys()].reverse()) await nodes.get(name)!.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  const ca = () => join(net.pkiDir, 'ca.crt');
  const agencyTls = (code: string) => ({ ca: ca(), ...net.agencyCerts.get(code)! });
  const client = (node: string, tls: { ca: string; cert: string; key: string }) =>
    new AgencyClient({ address: nodes.get(node)!.address, nodeCode: nodes.get(node)!.code, tls });

  /** lienthong_documents_refused_total of `node`, by "peer edge reason". */
  const refusedCounts = async (node: string): Promise<Map<string, number>> => {
    const metric = nodes.get(node)!.metrics.registry.getSingleMetric('lienthong_documents_refused_total')!;
    const got = await metric.get();
    return new Map(got.values.map((v) => [`${v.labels.peer} ${v.labels.edge} ${v.labels.reason}`, v.value]));
  };
  const linesOf = (node: string, from: number) => lines.slice(from).filter((l) => l.node === nodes.get(node)!.code);

  it('a read of another agency\'s inbox is refused, logged at warn with the certificate, the call and the reason, and counted', async () => {
    const c = client('c46', agencyTls(A46));
    const from = lines.length;
    try {
      await assert.rejects(c.inbox(A47), (e: Error & { code?: string }) => e.code === 'NOT_AUTHORIZED' && /agency is "000\.47\.24\.H44" but the certificate is for 000\.46\.24\.H44/.test(e.message));
    } finally {
      c.close();
    }
    const line = await waitFor('the refusal logged', () => linesOf('c46', from).find((l) => l.code === 'NOT_AUTHORIZED'), 5_000);
    assert.equal(line.level, 40, 'at warn');
    assert.equal(line.peer, A46, 'names the certificate');
    assert.match(String(line.reason), /^Receive: agency is "000\.47\.24\.H44" but the certificate is for 000\.46\.24\.H44/, 'names the call and the reason');
    assert.equal((await refusedCounts('c46')).get(`${A46} agency NOT_AUTHORIZED`), 1);
  });

  it('a sender code padded with spaces is the agency\'s own code (codes are read trimmed); another code is quoted in the refusal', async () => {
    const c = client('c46', agencyTls(A46));
    try {
      const sent = await c.send({ from: ` ${A46} `, to: [A46], document: { subject: 'Khoảng trắng' }, body: Buffer.from('x') });
      assert.equal(sent.duplicate, false);
      await assert.rejects(c.send({ from: ` ${A47}`, to: [A46], document: { subject: 'x' }, body: Buffer.from('x') }),
        (e: Error & { code?: string }) => e.code === 'SENDER_NOT_ALLOWED' && e.message.includes(`from is " ${A47}" but the certificate is for ${A46}`));
    } finally {
      c.close();
    }
  });

  it('every agency call refused for its certificate is logged and counted: not attached here, not an agency certificate', async () => {
    const from = lines.length;
    const elsewhere = client('c47', agencyTls(A46));
    const node = loadConfig(net.nodes.get('c46')!.configPath).tls;
    const nodeCert = client('c46', { ca: ca(), cert: node.cert, key: node.key });
    try {
      await assert.rejects(elsewhere.trace(A46, '00000000-0000-4000-8000-000000000000'), (e: Error & { code?: string }) => e.code === 'NOT_AUTHORIZED' && /is not attached/.test(e.message));
      await assert.rejects(elsewhere.acknowledge(A46, ['00000000-0000-4000-8000-000000000000']), (e: Error & { code?: string }) => e.code === 'NOT_AUTHORIZED');
      await assert.rejects(nodeCert.inbox(A46), (e: Error & { code?: string }) => e.code === 'NOT_AUTHORIZED' && /needs an agency certificate/.test(e.message));
    } finally {
      elsewhere.close();
      nodeCert.close();
    }
    const at47 = await waitFor('two refusals logged at c47', () => {
      const l = linesOf('c47', from).filter((x) => x.code === 'NOT_AUTHORIZED');
      return l.length === 2 ? l : null;
    }, 5_000);
    assert.deepEqual(at47.map((l) => [l.level, l.peer, String(l.reason).split(':')[0]]), [[40, A46, 'Trace'], [40, A46, 'Acknowledge']]);
    assert.match(String(at47[0]!.reason), /^Trace: agency 000\.46\.24\.H44 is not attached to node 000\.47\.24\.H44/);
    assert.equal((await refusedCounts('c47')).get(`${A46} agency NOT_AUTHORIZED`), 2);
    const byNode = await waitFor('the node certificate refusal logged', () => linesOf('c46', from).find((l) => l.code === 'NOT_AUTHORIZED'), 5_000);
    assert.deepEqual([byNode.level, byNode.peer], [40, `node ${A46}`], 'a node certificate is named as one');
    assert.match(String(byNode.reason), /^Receive: the agency API needs an agency certificate, got a node certificate for 000\.46\.24\.H44/);
    assert.equal((await refusedCounts('c46')).get(`node ${A46} agency NOT_AUTHORIZED`), 1);
  });

  it('an unknown message id is an answer, not a refusal: NOT_FOUND is neither logged at warn nor counted', async () => {
    const c = client('c46', agencyTls(A46));
    const before = await refusedCounts('c46');
    const from = lines.length;
    try {
      await assert.rejects(c.trace(A46, '00000000-0000-4000-8000-000000000001'), (e: Error & { code?: string }) => e.code === 'NOT_FOUND');
    } finally {
      c.close();
    }
    assert.deepEqual(await refusedCounts('c46'), before);
    assert.deepEqual(linesOf('c46', from).filter((l) => l.level >= 40), []);
  });

  it('another agency\'s message id is answered exactly as an unknown one, yet refused: logged and counted as NOT_AUTHORIZED', async () => {
    const D24 = '000.00.24.H44';
    const sender = client('c46', agencyTls(A46));
    const reader = client('d24', agencyTls(D24));
    const unknown = '019a0000-0000-7000-8000-000000000000';
    try {
      const { messageId } = await sender.send({ from: A46, to: [A47], document: { subject: 'Công văn qua huyện' }, body: Buffer.from('x') });
      await waitFor('the document held at d24', () => nodes.get('d24')!.store.message(messageId), 5_000);
      const before = await refusedCounts('d24');
      const from = lines.length;
      /** What the client is told for `id`, with `id` itself taken out. */
      const answer = async (read: (id: string) => Promise<unknown>, id: string) => {
        const e = await read(id).then(() => assert.fail('answered'), (err: Error & { code?: string }) => err);
        return `${e.code} ${e.message.replaceAll(id, 'ID')}`;
      };
      const drain = async (it: AsyncGenerator<Buffer>) => {
        for await (const _ of it) void _;
      };
      const reads: [string, (id: string) => Promise<unknown>][] = [
        ['Trace', (id) => reader.trace(D24, id)],
        ['ExportEdxml', (id) => drain(reader.exportEdxml(D24, id))],
        ['FetchAttachment', (id) => drain(reader.fetchAttachment(D24, id, 'a'.repeat(64)))],
        ['UpdateStatus', (id) => reader.updateStatus(D24, id, '03')],
      ];
      for (const [rpc, read] of reads) {
        const foreign = await answer(read, messageId);
        assert.equal(foreign, await answer(read, unknown), `${rpc}: the same answer`);
        assert.match(foreign, /^NOT_FOUND no (message|document) ID on node 000\.00\.24\.H44$/, rpc);
      }
      const refused = await waitFor('four refusals logged at d24', () => {
        const l = linesOf('d24', from).filter((x) => x.code === 'NOT_AUTHORIZED');
        return l.length === 4 ? l : null;
      }, 5_000);
      assert.deepEqual(refused.map((l) => [l.level, l.peer, String(l.reason).split(':')[0]]), reads.map(([rpc]) => [40, D24, rpc]));
      assert.match(String(refused[0]!.reason), new RegExp(`^Trace: 000\\.00\\.24\\.H44 is neither sender nor recipient of ${messageId}$`));
      // d24's own agency has d24's node code: edge="agency" tells its refusals from the node's.
      assert.equal((await refusedCounts('d24')).get(`${D24} agency NOT_AUTHORIZED`), (before.get(`${D24} agency NOT_AUTHORIZED`) ?? 0) + 4);
      assert.equal(nodes.get('d24')!.code, D24);
    } finally {
      sender.close();
      reader.close();
    }
  });

  it('SendEdxml with garbage after the frame header: INVALID_ARGUMENT to the client, counted as INVALID_ARGUMENT, no error logged', async () => {
    const raw = new RawGrpcClient(nodes.get('c46')!.address, agencyTls(A46), A46);
    const before = await refusedCounts('c46');
    const from = lines.length;
    try {
      // Field 1 with wire type 4 (end group, which protobufjs refuses), then random bytes.
      const garbage = Buffer.concat([Buffer.from([0x0c]), randomBytes(299)]);
      const { outcome } = await raw.clientStream('/lienthong.v1.AgencyService/SendEdxml', [garbage]);
      assert.equal(outcome.code, grpc.status.INVALID_ARGUMENT);
      assert.match(String(outcome.details), /not a valid SendEdxmlRequest \(protobuf: /);
    } finally {
      raw.close();
    }
    const counted = await waitFor('the refusal counted', async () => {
      const added = [...(await refusedCounts('c46'))].filter(([k, n]) => n !== (before.get(k) ?? 0));
      return added.length ? added : null;
    }, 5_000);
    assert.deepEqual(counted, [[`${A46} agency INVALID_ARGUMENT`, 1]], 'counted once, as INVALID_ARGUMENT');
    const mine = linesOf('c46', from);
    assert.deepEqual(mine.filter((l) => l.level >= 50).map((l) => `${l.msg} ${JSON.stringify(l.err ?? '')}`), [], 'no error logged');
  });

  it('a SendEdxml the client abandons halfway is neither refused nor counted: the client cancels, the node keeps nothing', async () => {
    const c = client('c46', agencyTls(A46));
    const before = await refusedCounts('c46');
    const from = lines.length;
    const xml = readFileSync(join(FIXTURES, 'cong-van.xml'), 'utf8').replace('<edXML:OrganId>000.00.00.G22</edXML:OrganId>', `<edXML:OrganId>${A46}</edXML:OrganId>`);
    const bytes = Buffer.from(xml);
    const filesBefore = nodes.get('c46')!.files.usage();
    async function* cut(): AsyncGenerator<Buffer> {
      yield bytes.subarray(0, Math.floor(bytes.length * 0.6));
      await new Promise((r) => setTimeout(r, 100));
      throw new Error('the disk holding the package failed');
    }
    try {
      await assert.rejects(c.sendEdxml(cut()), /the disk holding the package failed/);
    } finally {
      c.close();
    }
    const left = await waitFor('the node saw the client leave', () => linesOf('c46', from).find((l) => l.msg.startsWith('SendEdxml: the client left')), 5_000);
    assert.equal(left.level, 30, 'at info');
    assert.equal((left as { peer?: string }).peer, A46, 'naming the agency of the certificate (grpc-js knows no peer once the client left)');
    assert.deepEqual([...(await refusedCounts('c46'))].filter(([k, n]) => n !== (before.get(k) ?? 0)), [], 'nothing counted as refused');
    assert.deepEqual(linesOf('c46', from).filter((l) => l.level >= 40).map((l) => l.msg), [], 'nothing at warn or above');
    assert.deepEqual(nodes.get('c46')!.files.usage(), filesBefore, 'no file kept');
  });

  it('a revoked agency certificate reading its own inbox is refused, logged and counted as CERTIFICATE_REVOKED', async () => {
    revokeInDir(net.pkiDir, { certFile: net.agencyCerts.get(A47)!.cert }, { reason: 'máy bị nhiễm mã độc' });
    const admin = AdminClient.open({ socket: nodes.get('c47')!.adminSocket });
    try {
      await admin.call('PublishRevocations', readRevocationFile(join(net.pkiDir, REVOCATIONS_FILE))!);
    } finally {
      admin.close();
    }
    await waitFor('c47 to enforce the list', () => nodes.get('c47')!.revocations.current() !== null, 5_000);
    const from = lines.length;
    const c = client('c47', agencyTls(A47));
    try {
      await assert.rejects(c.inbox(A47), (e: Error & { code?: string }) => e.code === 'CERTIFICATE_REVOKED');
    } finally {
      c.close();
    }
    const line = await waitFor('the refusal logged', () => linesOf('c47', from).find((l) => l.code === 'CERTIFICATE_REVOKED'), 5_000);
    assert.deepEqual([line.level, line.peer], [40, A47]);
    assert.match(String(line.reason), /^Receive: agency certificate for 000\.47\.24\.H44 .*was revoked by the network CA/);
    assert.equal((await refusedCounts('c47')).get(`${A47} agency CERTIFICATE_REVOKED`), 1);
  });
});
