/**
 * A relay killed with SIGKILL in the middle of a large file (nodes as separate OS processes): once
 * it is restarted, the transfer resumes from the bytes the relay had kept, and the file reaches the
 * recipient's node whole.
 */
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { BuiltNetwork } from '../../scripts/lib/network-builder.js';
import type { NodeProcess } from '../../scripts/lib/node-process.js';
import { waitFor } from '../../scripts/lib/wait-for.js';
import { AgencyClient } from '../../src/client/agency-client.js';
import { emptyBusiness, emptyOrganization } from '../../src/edxml/edxml-document.js';
import { exportEdxml } from '../../src/edxml/edxml-export.js';
import type { DocumentPackage } from '../../src/edxml/edxml-types.js';
import type { InboxResponse__Output } from '../../src/gen/lienthong/v1/InboxResponse.js';
import { startProcessNetwork, type ProcessNetwork } from '../helpers/process-network.js';

const TOPOLOGY = [
  { name: 'h44', code: '000.00.00.H44', agencies: ['000.00.00.H44'] },
  { name: 'd24', code: '000.00.24.H44', parent: 'h44', agencies: ['000.00.24.H44'] },
  { name: 'c46', code: '000.46.24.H44', parent: 'd24', agencies: ['000.46.24.H44'] },
];
const SENDER = '000.46.24.H44';
const RECIPIENT = '000.00.00.H44';
const FILE_BYTES = 48 * 1024 * 1024;
const CUT_AFTER = 16 * 1024 * 1024;

const sha = (b: Buffer): string => createHash('sha256').update(b).digest('hex');

function documentWith(file: Buffer): DocumentPackage {
  return {
    kind: 'document',
    header: {
      from: { ...emptyOrganization(), organId: SENDER, organName: 'UBND xã Thạch Hà' },
      to: [{ ...emptyOrganization(), organId: RECIPIENT }],
      documentId: `${SENDER},2026/11/20,77/UBND`,
      codeNumber: '77',
      codeNotation: 'UBND',
      promulgationPlace: 'Hà Tĩnh',
      promulgationDate: '2026-11-20',
      documentType: { type: 1, typeDetail: 4, typeName: 'Công văn' },
      subject: 'Hồ sơ quy hoạch gửi tỉnh',
      content: '',
      signerInfo: { competence: 'TM. UBND', position: 'Chủ tịch', fullName: 'Nguyễn Văn Đức' },
      dueDate: '',
      toPlaces: [],
      otherInfo: { priority: 0, sphereOfPromulgation: '', typerNotation: '', promulgationAmount: 0, pageAmount: 1, appendixes: [] },
      steeringType: 0,
      responseFor: [],
    },
    traceHeaders: [{ organId: SENDER, timestampMs: Date.UTC(2026, 10, 20, 1, 0, 0) }],
    business: emptyBusiness(),
    attachments: [{ contentId: 'cid:quy-hoach', contentType: 'application/zip', description: '', attachmentName: 'Quy hoạch.zip', sha256: sha(file), size: file.length }],
  };
}

describe('a relay killed (SIGKILL) in the middle of a large file, then restarted (separate processes)', () => {
  let pn: ProcessNetwork;
  let net: BuiltNetwork;
  let procs: Map<string, NodeProcess>;
  const call = <T>(name: string, method: string, req: object): Promise<T> => pn.call<T>(name, method, req);

  before(async () => {
    pn = await startProcessNetwork('lienthong-file-crash-', TOPOLOGY);
    ({ net, procs } = pn);
  });
  after(async () => {
    await pn?.close();
  });

  it('resumes from what the relay kept instead of starting over, and the file arrives whole', async () => {
    const file = randomBytes(FILE_BYTES);
    const pkg = documentWith(file);
    const pieces: Buffer[] = [];
    for await (const p of exportEdxml(pkg, async function* () {
      yield file;
    })) pieces.push(p);
    const c46 = net.nodes.get('c46')!;
    const d24 = net.nodes.get('d24')!;
    const client = new AgencyClient({ address: c46.address, nodeCode: c46.code, tls: { ca: join(net.pkiDir, 'ca.crt'), ...net.agencyCerts.get(SENDER)! } });
    try {
      // Declared, so the file starts towards the district while the package streams in.
      const sending = client.sendEdxml((async function* () {
        yield* pieces;
      })(), { files: [{ contentId: 'cid:quy-hoach', sha256: sha(file), size: file.length }] });
      const partial = join(d24.dataDir, 'attachments', 'partial', sha(file));
      await waitFor(`${CUT_AFTER} bytes of the file at the district`, () => (existsSync(partial) && statSync(partial).size >= CUT_AFTER ? true : undefined), 60_000, 5);
      await procs.get('d24')!.kill();
      const kept = statSync(partial).size;
      assert.ok(kept < FILE_BYTES, 'killed before the whole file was there');

      const sent = await sending;
      await procs.get('d24')!.restart();
      await waitFor('the document in the province agency\'s inbox', async () => {
        const page = await call<InboxResponse__Output>('h44', 'Inbox', { agency: RECIPIENT, includeAcknowledged: true, limit: 10, withBodies: false });
        return page.items.some((i) => i.message?.id === sent.messageId) ? true : undefined;
      }, 120_000, 50);

      const h44 = net.nodes.get('h44')!;
      const held = readFileSync(join(h44.dataDir, 'attachments', 'complete', sha(file).slice(0, 2), sha(file)));
      assert.equal(sha(held), sha(file), 'the file at the recipient\'s node is the one sent');
      // The commune resumed where the restarted district's kept bytes ended, not at 0.
      const resumed = readFileSync(join(c46.dataDir, '..', 'node.log'), 'utf8')
        .split('\n')
        .filter((l) => l.includes('resuming a file transfer'))
        .map((l) => JSON.parse(l) as { sha256: string; resumeAt: number });
      const mine = resumed.filter((r) => r.sha256 === sha(file));
      assert.equal(mine.length, 1, 'one resumed transfer of the file');
      assert.ok(mine[0]!.resumeAt >= CUT_AFTER && mine[0]!.resumeAt <= kept, `resumed at ${mine[0]!.resumeAt}, the district had ${kept} bytes on disk`);
    } finally {
      client.close();
    }
  });
});
