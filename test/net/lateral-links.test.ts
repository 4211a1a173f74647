/**
 * Lateral links: two provinces linked directly (one dials, the other accepts) carry documents
 * between their subtrees without the national node.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { documentInput, startTestNetwork, type TestNetwork } from '../helpers/in-process-network.js';

describe('lateral links', () => {
  let t: TestNetwork;
  before(async () => {
    t = await startTestNetwork([
      { name: 'national', code: '000.00.00.G22', agencies: ['000.00.00.G22'] },
      { name: 'h29', code: '000.00.00.H29', parent: 'national', agencies: ['000.00.00.H29'],
        laterals: [{ peer: 'h44', dial: false, subtrees: ['000.00.00.H44'], allowSenders: ['000.00.00.H44'] }] },
      { name: 'w07', code: '000.00.07.H29', parent: 'h29', agencies: ['000.00.07.H29'] },
      { name: 'h44', code: '000.00.00.H44', parent: 'national', agencies: ['000.00.00.H44'],
        laterals: [{ peer: 'h29', dial: true, subtrees: ['000.00.00.H29'] }] },
    ]);
    await t.waitLinksUp();
  });
  after(async () => {
    await t.close();
  });

  it('carries documents both ways over the lateral link, not through the national node', async () => {
    const there = await t.node('h44').relay.submit(documentInput('000.00.00.H44', ['000.00.07.H29'], 'qua liên kết ngang'));
    assert.deepEqual(there.routes[0], { recipient: '000.00.07.H29', kind: 'forward', nextHop: '000.00.00.H29', source: 'lateral' });
    await t.waitInbox('000.00.07.H29', (m) => m.id === there.messageId);
    const item = t.node('w07').store.inbox('000.00.07.H29', 0, 100, true).find((i) => i.message.id === there.messageId)!;
    assert.deepEqual(item.trace.map((h) => h.nodeCode), ['000.00.00.H44', '000.00.00.H29', '000.00.07.H29']);
    assert.equal(t.node('national').store.message(there.messageId), null, 'the national node never saw it');

    const back = await t.node('h29').relay.submit(documentInput('000.00.00.H29', ['000.00.00.H44'], 'trả lời'));
    assert.equal(back.routes[0]!.kind === 'forward' && back.routes[0]!.nextHop, '000.00.00.H44');
    await t.waitInbox('000.00.00.H44', (m) => m.id === back.messageId);
  });

  it('by default accepts from a lateral peer the senders in the subtrees routed to it', async () => {
    // h44 routes 000.00.00.H29's subtree over the lateral and sets no allowSenders: a ward under
    // h29 may send to h44 that way.
    const sent = await t.node('w07').relay.submit(documentInput('000.00.07.H29', ['000.00.00.H44'], 'từ phường'));
    await t.waitInbox('000.00.00.H44', (m) => m.id === sent.messageId);
    const item = t.node('h44').store.inbox('000.00.00.H44', 0, 100, true).find((i) => i.message.id === sent.messageId)!;
    assert.deepEqual(item.trace.map((h) => h.nodeCode), ['000.00.07.H29', '000.00.00.H29', '000.00.00.H44']);
    assert.equal(t.node('h44').store.counters().refused, 0);
  });
});
