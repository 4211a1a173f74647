/**
 * Failure paths an operator meets: a next hop unreachable past the expiry (non-delivery back to the
 * sender, entry listed as expired, requeue by the operator) and a routing loop from a bad static
 * route (refused, never circulating). Real nodes, real TLS, real SQLite.
 */
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { waitFor } from '../../scripts/lib/wait-for.js';
import { documentInput, startTestNetwork, type TestNetwork } from '../helpers/in-process-network.js';

describe('expiry and routing loops', () => {
  const nets: TestNetwork[] = [];
  after(async () => {
    for (const t of nets) await t.close();
  });

  it('expires a document whose next hop stays unreachable and reports non-delivery to its sender', async () => {
    const t = await startTestNetwork(
      [
        { name: 'root', code: '000.00.00.H44', agencies: ['000.00.00.H44'] },
        { name: 'leaf', code: '000.00.24.H44', parent: 'root', agencies: ['000.00.24.H44'], extra: { limits: { expiry: '1s' } } },
      ],
      { expiryEveryMs: 100 },
    );
    nets.push(t);
    await t.waitLinksUp();
    await t.stop('root');
    const leaf = t.node('leaf');
    const sent = await leaf.relay.submit(documentInput('000.00.24.H44', ['000.00.00.H44'], 'sẽ hết hạn'));
    const ndr = await t.waitInbox('000.00.24.H44', (m) => m.status?.refMessageId === sent.messageId, 'the non-delivery report');
    assert.equal(ndr.status!.code, 'NON_DELIVERY');
    assert.equal(ndr.status!.errorCode, 'EXPIRED');
    assert.equal(ndr.status!.nodeCode, '000.00.24.H44', 'names the node where it stopped');
    assert.match(ndr.status!.reason, /next hop 000\.00\.00\.H44/);
    const expired = leaf.store.outbox({ state: 'expired' });
    assert.equal(expired.length, 1, 'the expired entry stays listed for the operator');
    assert.equal(leaf.store.recipients(sent.messageId)[0]!.state, 'expired');

    // The operator brings the parent back and requeues the entry: it is delivered.
    await t.start('root');
    await t.waitLinksUp();
    assert.equal(await leaf.store.requeue([expired[0]!.id], Date.now(), 3_600_000), 1);
    leaf.registry.wake(null);
    await t.waitInbox('000.00.00.H44', (m) => m.id === sent.messageId, 'the requeued document');
  });

  it('refuses a copy that comes back to a node it already passed (bad static route) and reports it', async () => {
    const t = await startTestNetwork([
      { name: 'root', code: '000.00.00.H44', agencies: ['000.00.00.H44'] },
      // The district wrongly sends its own commune range up to the province, which sends it back down.
      { name: 'd24', code: '000.00.24.H44', parent: 'root', agencies: ['000.00.24.H44'], extra: { routes: [{ prefix: '000.46.24.H44', via: '000.00.00.H44' }] } },
    ]);
    nets.push(t);
    await t.waitLinksUp();
    const sent = await t.node('d24').relay.submit(documentInput('000.00.24.H44', ['000.46.24.H44'], 'vòng lặp'));
    const ndr = await t.waitInbox('000.00.24.H44', (m) => m.status?.refMessageId === sent.messageId, 'the loop report');
    assert.equal(ndr.status!.errorCode, 'ROUTING_LOOP');
    assert.match(ndr.status!.reason, /routing loop/);
    await waitFor('outbox empty at the province', () => t.node('root').store.outbox({ state: 'queued' }).length === 0);
  });
});
