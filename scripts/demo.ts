/**
 * `npm run demo`: a local four-level network as separate OS processes on 127.0.0.1, carrying
 * documents end to end, surviving a killed middle node, then shut down cleanly. Everything it
 * does is printed in an operator's words. Files go to .demo/ (removed at the start of each run).
 */
import { createHash, randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { createWriteStream, readFileSync, rmSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import type { InboxResponse__Output } from '../src/gen/lienthong/v1/InboxResponse.js';
import type { StatusResponse__Output } from '../src/gen/lienthong/v1/StatusResponse.js';
import type { TraceResponse__Output } from '../src/gen/lienthong/v1/TraceResponse.js';
import { AgencyClient } from '../src/client/agency-client.js';
import { AdminClient } from '../src/cli/admin-client.js';
import { traceLines } from '../src/cli/cmd-trace.js';
import { documentIdOf, emptyBusiness, emptyOrganization } from '../src/edxml/edxml-document.js';
import { exportEdxml } from '../src/edxml/edxml-export.js';
import type { DocumentPackage, MessageHeader } from '../src/edxml/edxml-types.js';
import { AGENCY_NAMES, DEMO_TOPOLOGY } from './lib/demo-topology.js';
import { buildNetwork, type BuiltNetwork } from './lib/network-builder.js';
import { CLI, NodeProcess } from './lib/node-process.js';
import { waitFor } from './lib/wait-for.js';

const DIR = resolve(process.env.LIENTHONG_DEMO_DIR ?? '.demo');
/** `npm run demo -- --stay`: keep the network running after the tour, until Ctrl-C. */
const STAY = process.argv.includes('--stay');
const say = (s = '') => process.stdout.write(`${s}\n`);
const sha256 = (b: Buffer): string => createHash('sha256').update(b).digest('hex');
const step = (n: number, s: string) => say(`\n── ${n}. ${s}`);
const name = (code: string) => `${AGENCY_NAMES[code] ?? code} (${code})`;

let net: BuiltNetwork;
const procs = new Map<string, NodeProcess>();

function admin(nodeName: string): AdminClient {
  return AdminClient.open({ socket: join(net.nodes.get(nodeName)!.dataDir, 'admin.sock') });
}

async function call<T>(nodeName: string, method: string, req: object): Promise<T> {
  const c = admin(nodeName);
  try {
    return await c.call<object, T>(method as never, req);
  } finally {
    c.close();
  }
}

function nodeOf(agency: string): string {
  return [...net.nodes.values()].find((n) => n.agencies.includes(agency))!.name;
}

async function inbox(agency: string, all = false): Promise<InboxResponse__Output['items']> {
  const r = await call<InboxResponse__Output>(nodeOf(agency), 'Inbox', { agency, includeAcknowledged: all, limit: 1000 });
  return r.items;
}

async function waitDelivered(messageId: string, recipients: string[]): Promise<void> {
  for (const r of recipients) {
    const item = await waitFor(`${messageId} in the inbox of ${r}`, async () => (await inbox(r, true)).find((i) => i.message?.id === messageId));
    const path = item.trace.map((h) => h.nodeCode).join(' → ');
    const signer = item.signer ? `, signature of ${item.signer.code} verified at every hop` : ', UNSIGNED';
    say(`   ✓ delivered to ${name(r)} via ${path} (${item.trace.length - 1} hop${item.trace.length === 2 ? '' : 's'}, ${item.trace.at(-1)!.atMs - item.trace[0]!.atMs} ms${signer})`);
  }
}

async function sendAs(from: string, to: string[], subject: string, extra: { priority?: number; type?: string; number?: string; notation?: string } = {}): Promise<string> {
  const body = Buffer.from(`%PDF-1.4\n% ${subject}\n`.normalize('NFC'));
  const r = await call<{ messageId: string; routes: { recipient: string; decision: string; nextHop: string }[] }>(nodeOf(from), 'Send', {
    request: {
      from, to, priority: extra.priority ?? 0, body,
      document: { subject, documentType: extra.type ?? 'Công văn', codeNumber: extra.number ?? '', codeNotation: extra.notation ?? '', fileName: 'van-ban.pdf', contentType: 'application/pdf' },
    },
  });
  say(`   ${name(from)} sent ${r.messageId}: "${subject}"`);
  for (const x of r.routes) say(`     ${x.recipient}: ${x.decision === 'forward' ? `queued for next hop ${x.nextHop}` : x.decision}`);
  return r.messageId;
}

/** The operator HTTP address a node logged when it started (its config asked for port 0). */
function httpAddressOf(nodeName: string): string | null {
  const log = readFileSync(join(net.nodes.get(nodeName)!.dataDir, '..', 'node.log'), 'utf8');
  const m = /"http":"([^"]+)"/.exec(log);
  return m ? m[1]! : null;
}

async function linksUp(nodeName: string): Promise<boolean> {
  const s = await call<StatusResponse__Output>(nodeName, 'Status', {});
  return s.links.every((l) => l.state === 'up');
}

/** The agency API client of an agency, over mutual TLS with its own certificate. */
function agencyClient(agency: string): AgencyClient {
  const home = net.byCode(net.nodes.get(nodeOf(agency))!.code);
  return new AgencyClient({ address: home.address, nodeCode: home.code, tls: { ca: join(net.pkiDir, 'ca.crt'), ...net.agencyCerts.get(agency)! } });
}

/** Sends a quyết định with an appendix as an edXML package, streamed through the agency API. */
async function sendEdxmlDemo(from: string, to: string): Promise<{ messageId: string; bytes: number }> {
  const appendix = randomBytes(24 * 1024 * 1024);
  const note = Buffer.from('Danh sách các đơn vị tham gia diễn tập phòng chống thiên tai năm 2026'.normalize('NFC'));
  const files = new Map([[sha256(appendix), appendix], [sha256(note), note]]);
  const header: MessageHeader = {
    from: { ...emptyOrganization(), organId: from, organName: AGENCY_NAMES[from] ?? '' },
    to: [{ ...emptyOrganization(), organId: to, organName: AGENCY_NAMES[to] ?? '' }],
    documentId: '', codeNumber: '102', codeNotation: 'QĐ-UBND', promulgationPlace: 'Hà Tĩnh', promulgationDate: new Date(Date.now() + 7 * 3_600_000).toISOString().slice(0, 10),
    documentType: { type: 1, typeDetail: 2, typeName: 'Quyết định' },
    subject: 'Quyết định phê duyệt kế hoạch diễn tập phòng chống thiên tai năm 2026', content: '',
    signerInfo: { competence: 'TM. Ủy ban nhân dân', position: 'Chủ tịch', fullName: 'Trần Văn Hùng' },
    dueDate: '', toPlaces: [], steeringType: 0, responseFor: [],
    otherInfo: { priority: 1, sphereOfPromulgation: '', typerNotation: '', promulgationAmount: 1, pageAmount: 12, appendixes: ['Phụ lục kèm theo'] },
  };
  header.documentId = documentIdOf(header);
  const pkg: DocumentPackage = {
    kind: 'document', header, business: emptyBusiness(), traceHeaders: [],
    attachments: [
      { contentId: 'cid:qd-102', contentType: 'application/pdf', description: '', attachmentName: 'QĐ 102-QĐ-UBND.pdf', sha256: sha256(note), size: note.length },
      { contentId: 'cid:phu-luc', contentType: 'application/zip', description: 'Phụ lục kèm theo', attachmentName: 'Phụ lục.zip', sha256: sha256(appendix), size: appendix.length },
    ],
  };
  const client = agencyClient(from);
  try {
    const r = await client.sendEdxml(exportEdxml(pkg, async function* (ref) {
      yield files.get(ref.sha256)!;
    }));
    return { messageId: r.messageId, bytes: Number(r.attachmentBytes) };
  } finally {
    client.close();
  }
}

/** The recipient's software exports the document as an edXML package to a file. */
async function exportDemo(agency: string, messageId: string): Promise<{ path: string; bytes: number; trace: string[] }> {
  const client = agencyClient(agency);
  const path = join(DIR, `export-${messageId}.xml`);
  const out = createWriteStream(path);
  let bytes = 0;
  try {
    for await (const data of client.exportEdxml(agency, messageId)) {
      bytes += data.length;
      if (!out.write(data)) await once(out, 'drain');
    }
  } finally {
    out.end();
    await once(out, 'finish');
    client.close();
  }
  const head = readFileSync(path, 'utf8').slice(0, 64 * 1024);
  const trace = [...head.matchAll(/<(?:edXML:)?TraceHeader>\s*<(?:edXML:)?OrganId>([^<]+)</g)].map((m) => m[1]!);
  return { path, bytes, trace };
}

async function main(): Promise<void> {
  say('lienthong demo: a local Trục liên thông văn bản with 10 nodes as separate processes on 127.0.0.1');
  rmSync(DIR, { recursive: true, force: true });

  step(1, 'Create the network CA, a certificate for every node and agency, and one configuration per node');
  net = await buildNetwork(DIR, DEMO_TOPOLOGY);
  for (const n of net.nodes.values()) {
    const parent = n.parent ? `parent ${net.nodes.get(n.parent)!.code}` : 'national root';
    say(`   ${n.name.padEnd(13)} ${n.code} on ${n.address}, ${parent}, agencies ${n.agencies.join(', ')}`);
  }
  say(`   files in ${DIR} (CA in ${net.pkiDir})`);

  step(2, 'Start every node (lienthong start --config <node>/node.yaml), parents first');
  for (const n of net.nodes.values()) {
    const p = new NodeProcess(n.name, n.configPath);
    await p.start();
    procs.set(n.name, p);
    say(`   started ${n.name} (pid ${p.pid})`);
  }
  for (const n of net.nodes.values()) await waitFor(`links of ${n.name}`, () => linksUp(n.name));
  say('   every child has dialed its parent over mutual TLS: all links are up');
  const http = await waitFor('the national node\'s operator HTTP address', () => httpAddressOf('national'));
  say(`   network view of the whole country: http://${http}/  (metrics: http://${http}/metrics)`);

  step(3, 'Commune → commune across provinces, commune → a ministry\'s sub-node, and one document to many');
  const a = await sendAs('000.46.24.H44', ['000.00.07.H29'], 'Về việc phối hợp tổ chức lễ hội mùa xuân', { number: '12', notation: 'UBND-VP' });
  const b = await sendAs('000.47.24.H44', ['000.00.18.G12'], 'Báo cáo tình hình thu ngân sách quý IV', { type: 'Báo cáo', number: '45', notation: 'BC-UBND', priority: 1 });
  const many = ['000.00.00.G12', '000.00.00.H44', '000.00.00.H29', '000.46.24.H44', '000.47.24.H44', '000.00.07.H29', '000.00.08.H29', '000.00.24.H44'];
  const c = await sendAs('000.00.00.G22', many, 'Công điện hỏa tốc về ứng phó bão số 3', { type: 'Công điện', number: '79', notation: 'CĐ-TTg', priority: 3 });
  await waitDelivered(a, ['000.00.07.H29']);
  await waitDelivered(b, ['000.00.18.G12']);
  await waitDelivered(c, many);

  step(4, 'A quyết định as an edXML package with a 24 MB appendix, commune → ward five hops away, and out again as edXML');
  const e = await sendEdxmlDemo('000.46.24.H44', '000.00.07.H29');
  say(`   accepted at ${name('000.46.24.H44')}'s node: message ${e.messageId}, ${e.bytes} bytes of attachments`);
  await waitDelivered(e.messageId, ['000.00.07.H29']);
  const out = await exportDemo('000.00.07.H29', e.messageId);
  say(`   ${name('000.00.07.H29')}'s software exported it: ${out.path} (${out.bytes} bytes), trace ${out.trace.join(' → ')}`);

  step(5, 'Recipients acknowledge (status 01 goes back), register (03) and finish (06); one uses the agency API over mutual TLS');
  const ward = net.byCode('000.00.07.H29');
  const agency = new AgencyClient({ address: ward.address, nodeCode: ward.code, tls: { ca: join(net.pkiDir, 'ca.crt'), ...net.agencyCerts.get('000.00.07.H29')! } });
  const received = await agency.inbox('000.00.07.H29');
  say(`   ${name('000.00.07.H29')}'s software fetched ${received.length} item(s) over the agency API`);
  await agency.acknowledge('000.00.07.H29', [a]);
  await agency.updateStatus('000.00.07.H29', a, '03', 'Đã vào sổ công văn đến');
  await agency.updateStatus('000.00.07.H29', a, '06', 'Đã xử lý xong');
  agency.close();
  await call(nodeOf('000.00.18.G12'), 'Acknowledge', { agency: '000.00.18.G12', messageIds: [b] });
  await call(nodeOf('000.00.18.G12'), 'UpdateStatus', { agency: '000.00.18.G12', messageId: b, code: '03', reason: '' });
  for (const r of many) await call(nodeOf(r), 'Acknowledge', { agency: r, messageIds: [c] });
  const statuses = async (sender: string, id: string) => (await inbox(sender, true)).filter((i) => i.message?.status?.refMessageId === id).map((i) => `${i.message!.status!.code}@${i.message!.status!.recipient}`);
  await waitFor('statuses 01, 03, 06 at the sender of the first document', async () => (await statuses('000.46.24.H44', a)).length === 3);
  await waitFor('status 01 and 03 at the sender of the second', async () => (await statuses('000.47.24.H44', b)).length === 2);
  await waitFor('status 01 from every recipient of the third', async () => (await statuses('000.00.00.G22', c)).length === many.length);
  say(`   back at ${name('000.46.24.H44')}: ${(await statuses('000.46.24.H44', a)).join(', ')}`);
  say(`   back at ${name('000.47.24.H44')}: ${(await statuses('000.47.24.H44', b)).join(', ')}`);
  say(`   back at ${name('000.00.00.G22')}: status 01 from all ${many.length} recipients`);
  say('\n   lienthong trace, on the sender\'s node, for the first document:');
  for (const l of traceLines(await call<TraceResponse__Output>('commune-46', 'Trace', { messageId: a, agency: '' }))) say(`   ${l}`);

  step(6, 'Kill the district node (SIGKILL, like a power cut) and keep sending through it');
  await procs.get('district-24')!.kill();
  say('   district-24 is down; its communes and its province keep their documents queued on disk');
  const q1 = await sendAs('000.46.24.H44', ['000.00.08.H29'], 'Tờ trình xin ý kiến (gửi khi huyện mất kết nối)', { type: 'Tờ trình' });
  const q2 = await sendAs('000.00.00.H29', ['000.47.24.H44', '000.46.24.H44'], 'Thông báo lịch họp (gửi khi huyện mất kết nối)', { type: 'Thông báo' });
  await waitFor('the province queues for the district', async () => {
    const s = await call<StatusResponse__Output>('province-h44', 'Status', {});
    return s.links.find((l) => l.peerCode === '000.00.24.H44' && l.state === 'down' && l.outboxDepth > 0);
  });
  const view = await waitFor('the network view showing the district down', async () => {
    const nodes = (await (await fetch(`http://${http}/api/network`)).json()).nodes as { code: string; state: string; links: { peer: string; outboxDepth: number }[] }[];
    const district = nodes.find((n) => n.code === '000.00.24.H44');
    return district?.state === 'down' ? nodes : null;
  }, 20_000);
  say(`   network view: ${view.filter((n) => n.state === 'down').map((n) => n.code).join(', ')} shown down (the district and the communes behind it)`);
  for (const nodeName of ['commune-46', 'province-h44']) {
    const s = await call<StatusResponse__Output>(nodeName, 'Status', {});
    for (const l of s.links.filter((x) => x.peerCode === '000.00.24.H44')) say(`   ${nodeName}: link to ${l.peerCode} is ${l.state}, ${l.outboxDepth} entr${l.outboxDepth === 1 ? 'y' : 'ies'} waiting`);
  }

  step(7, 'Restart the district node: the queued documents are delivered, each exactly once');
  await procs.get('district-24')!.restart();
  await waitDelivered(q1, ['000.00.08.H29']);
  await waitDelivered(q2, ['000.47.24.H44', '000.46.24.H44']);
  for (const r of ['000.00.08.H29', '000.47.24.H44', '000.46.24.H44']) {
    const items = (await inbox(r, true)).filter((i) => i.message?.kind === 'MESSAGE_KIND_DOCUMENT');
    const ids = items.map((i) => i.message!.id);
    if (new Set(ids).size !== ids.length) throw new Error(`duplicate in the inbox of ${r}`);
  }
  say('   no duplicates in any inbox');

  if (STAY) {
    say(`\n   the network stays up: open http://${http}/ , try the CLI, e.g.`);
    say(`   node dist/src/cli/main.js status --config ${join(DIR, 'province-h44', 'node.yaml')}`);
    say('   press Ctrl-C to shut it down cleanly');
    await new Promise<void>((r) => process.once('SIGINT', () => r()));
  }

  step(8, 'Shut the network down cleanly (SIGTERM: drain, close links, exit)');
  for (const n of [...net.nodes.values()].reverse()) {
    const code = await procs.get(n.name)!.stop();
    if (code !== 0) throw new Error(`${n.name} exited with code ${code}`);
  }
  say('   every node exited with code 0');

  step(9, 'Every node\'s tamper-evident audit log verifies (lienthong audit verify, read-only)');
  for (const n of net.nodes.values()) {
    const out = execFileSync(process.execPath, [CLI, 'audit', 'verify', '--config', n.configPath, '--json'], { encoding: 'utf8' });
    const r = JSON.parse(out) as { ok: boolean; entries: number; checkpoints: number; lastSeq: number };
    if (!r.ok) throw new Error(`the audit log of ${n.name} does not verify: ${out}`);
    say(`   ${n.name.padEnd(14)} ${String(r.entries).padStart(4)} entries, hash chain intact, ${r.checkpoints} signed checkpoint(s) up to entry ${r.lastSeq}`);
  }
  say(`\ndemo finished. The configurations, certificates, databases and logs are in ${DIR}`);
  say(`try: node dist/src/cli/main.js routes --config ${join(DIR, 'district-24', 'node.yaml')} --resolve 000.00.07.H29`);
}

main().catch(async (err) => {
  process.stderr.write(`demo failed: ${(err as Error).stack ?? err}\n`);
  await Promise.all([...procs.values()].map((p) => p.kill()));
  process.exit(1);
});
