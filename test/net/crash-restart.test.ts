/**
 * Nodes as separate OS processes: middle nodes killed with SIGKILL while documents flow, then
 * restarted. Every document must arrive exactly once, byte for byte, and every status 01 get back.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { BuiltNetwork } from '../../scripts/lib/network-builder.js';
import type { NodeProcess } from '../../scripts/lib/node-process.js';
import { waitFor } from '../../scripts/lib/wait-for.js';
import { AdminClient } from '../../src/cli/admin-client.js';
import type { InboxResponse__Output } from '../../src/gen/lienthong/v1/InboxResponse.js';
import type { StatusResponse__Output } from '../../src/gen/lienthong/v1/StatusResponse.js';
import { startProcessNetwork, type ProcessNetwork } from '../helpers/process-network.js';

const TOPOLOGY = [
  { name: 'national', code: '000.00.00.G22', agencies: ['000.00.00.G22'] },
  { name: 'h44', code: '000.00.00.H44', parent: 'national', agencies: ['000.00.00.H44'] },
  { name: 'd24', code: '000.00.24.H44', parent: 'h44', agencies: ['000.00.24.H44'] },
  { name: 'c46', code: '000.46.24.H44', parent: 'd24', agencies: ['000.46.24.H44'] },
  { name: 'h29', code: '000.00.00.H29', parent: 'national', agencies: ['000.00.00.H29'] },
  { name: 'w07', code: '000.00.07.H29', parent: 'h29', agencies: ['000.00.07.H29'] },
];
const SENDER = '000.46.24.H44';
const RECIPIENT = '000.00.07.H29';
const COUNT = 150;

describe('crash and restart of middle nodes (separate processes, SIGKILL)', () => {
  let pn: ProcessNetwork;
  let dir: string;
  let net: BuiltNetwork;
  let procs: Map<string, NodeProcess>;
  const admin = (name: string) => AdminClient.open({ socket: join(net.nodes.get(name)!.dataDir, 'admin.sock') });
  const call = <T>(name: string, method: string, req: object): Promise<T> => pn.call<T>(name, method, req);
  const inbox = (name: string, agency: string) => call<InboxResponse__Output>(name, 'Inbox', { agency, includeAcknowledged: true, limit: 100_000, withBodies: true });

  before(async () => {
    pn = await startProcessNetwork('lienthong-crash-', TOPOLOGY);
    ({ dir, net, procs } = pn);
  });
  after(async () => {
    await pn?.close();
  });

  it('delivers every document exactly once while the national and district nodes are killed and restarted', async () => {
    const sent = new Map<string, string>();
    const sender = admin('c46');
    let killed = false;
    try {
      for (let i = 0; i < COUNT; i++) {
        const body = Buffer.from(`văn bản ${i} `.repeat(1 + (i % 50)));
        const r = await sender.call<object, { messageId: string }>('Send', {
          request: { from: SENDER, to: [RECIPIENT], priority: i % 5, document: { subject: `Văn bản số ${i}` }, body },
        });
        sent.set(r.messageId, createHash('sha256').update(body).digest('hex'));
        if (i === 40) await procs.get('national')!.kill();
        if (i === 60) await procs.get('national')!.restart();
        if (i === 90) {
          await procs.get('d24')!.kill();
          killed = true;
        }
      }
    } finally {
      sender.close();
    }
    assert.ok(killed);
    await procs.get('d24')!.restart();

    const items = await waitFor('every document at the recipient', async () => {
      const r = await inbox('w07', RECIPIENT);
      const docs = r.items.filter((i) => i.message?.kind === 'MESSAGE_KIND_DOCUMENT');
      return docs.length >= COUNT ? docs : null;
    }, 60_000);
    const ids = items.map((i) => i.message!.id);
    assert.equal(new Set(ids).size, ids.length, 'no document twice');
    assert.equal(ids.length, COUNT);
    for (const i of items) {
      assert.equal(createHash('sha256').update(i.message!.body).digest('hex'), sent.get(i.message!.id), `document ${i.message!.id} intact`);
    }

    await call('w07', 'Acknowledge', { agency: RECIPIENT, messageIds: ids });
    const statuses = await waitFor('status 01 for every document back at the sender', async () => {
      const r = await inbox('c46', SENDER);
      const s = r.items.filter((i) => i.message?.status?.code === '01');
      return s.length >= COUNT ? s : null;
    }, 60_000);
    assert.equal(new Set(statuses.map((s) => s.message!.status!.refMessageId)).size, COUNT, 'one status 01 per document');
    assert.equal(statuses.length, COUNT, 'no status twice');

    // Nothing is left in any outbox once the network is quiet.
    for (const n of net.nodes.keys()) {
      await waitFor(`empty outbox at ${n}`, async () => (await call<StatusResponse__Output>(n, 'Status', {})).outboxTotal === 0);
    }
  });

  it('exits cleanly on SIGTERM, and at once with a failure code on a second SIGTERM', async () => {
    // w07's parent is frozen (SIGSTOP), so what w07 sends stays in flight and a clean stop waits for
    // it: a second SIGTERM must not wait.
    const w07 = procs.get('w07')!;
    const h29 = procs.get('h29')!;
    h29.signal('SIGSTOP');
    try {
      const sender = admin('w07');
      for (let i = 0; i < 3; i++) {
        await sender.call('Send', { request: { from: RECIPIENT, to: [SENDER], priority: 0, document: { subject: `treo ${i}` }, body: Buffer.from(String(i)) } });
      }
      sender.close();
      const log = join(dir, 'w07', 'node.log');
      const { readFileSync } = await import('node:fs');
      w07.signal('SIGTERM');
      await waitFor('the first SIGTERM acknowledged', () => readFileSync(log, 'utf8').includes('shutting down cleanly'));
      w07.signal('SIGTERM');
      assert.equal(await w07.exit(), 1, 'the second signal forces the exit');
    } finally {
      h29.signal('SIGCONT');
    }
    for (const name of [...net.nodes.keys()].reverse().filter((n) => n !== 'w07')) assert.equal(await procs.get(name)!.stop(), 0, `${name} exit code`);
  });
});
