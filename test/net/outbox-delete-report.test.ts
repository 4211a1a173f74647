/**
 * An operator who deletes a waiting copy from a node's outbox (`lienthong outbox delete`) ends its
 * journey there: the sender gets a non-delivery report saying so, as for a copy that failed or
 * expired, instead of believing it still on its way. A real node, its admin socket, its SQLite file.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import pino from 'pino';
import { buildNetwork, type BuiltNetwork } from '../../scripts/lib/network-builder.js';
import { waitFor } from '../../scripts/lib/wait-for.js';
import { AdminClient } from '../../src/cli/admin-client.js';
import { loadConfig } from '../../src/node/config-load.js';
import { startNode, type RunningNode } from '../../src/node/node.js';

const D24 = '000.00.24.H44';
const C46 = '000.46.24.H44';

describe('outbox delete tells the sender', () => {
  let dir: string;
  let net: BuiltNetwork;
  let node: RunningNode;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'lienthong-outbox-delete-'));
    net = await buildNetwork(dir, [
      { name: 'd24', code: D24, agencies: [D24] },
      { name: 'c46', code: C46, parent: 'd24', agencies: [C46] },
    ]);
    // The commune never starts: copies for it wait in the district's outbox.
    node = await startNode(loadConfig(net.nodes.get('d24')!.configPath), { log: pino({ level: 'silent' }), drainTimeoutMs: 2_000 });
  });
  after(async () => {
    await node.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('a waiting copy deleted by the operator brings the sender a non-delivery report; a held one too', async () => {
    const queued = await node.relay.submit({ from: D24, to: [C46], priority: 0, document: { subject: 'Giấy mời' }, body: Buffer.from('họp') });
    const held = await node.relay.submit({ from: D24, to: [C46], priority: 0, document: { subject: 'Kế hoạch' }, body: Buffer.from('kế hoạch') });
    const entryOf = (messageId: string) => node.store.outbox({ limit: 100 }).find((e) => e.messageId === messageId)!.id;
    const admin = AdminClient.open({ socket: node.adminSocket });
    try {
      await admin.call('OutboxAction', { action: 'hold', ids: [entryOf(held.messageId)], nextHop: '' });
      const r = await admin.call<object, { affected: number }>('OutboxAction', { action: 'delete', ids: [entryOf(queued.messageId), entryOf(held.messageId)], nextHop: '' });
      assert.equal(r.affected, 2);
    } finally {
      admin.close();
    }
    for (const sent of [queued, held]) {
      const report = await waitFor(`the report about ${sent.messageId}`, () =>
        node.store.inbox(D24, 0, 100, false).find((i) => i.message.status?.refMessageId === sent.messageId), 5_000);
      const st = report.message.status!;
      assert.equal(st.code, 'NON_DELIVERY');
      assert.equal(st.errorCode, 'REMOVED_BY_OPERATOR');
      assert.equal(st.recipient, C46);
      assert.match(st.reason, /^removed from the outbox by the operator of 000\.00\.24\.H44 \(at node 000\.00\.24\.H44, next hop 000\.46\.24\.H44\)$/);
    }
    const trace = node.relay.trace(queued.messageId, D24);
    assert.equal(trace.recipients.find((r) => r.recipient === C46)?.state, 'failed');
  });
});
