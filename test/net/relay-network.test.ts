/**
 * Multi-node behaviour on a real network: full nodes in this process with gRPC servers on
 * 127.0.0.1, mutual TLS from a fresh CA, one SQLite file each.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { waitFor } from '../../scripts/lib/wait-for.js';
import { documentInput, SIX_HOP_TOPOLOGY, startTestNetwork, type TestNetwork } from '../helpers/in-process-network.js';

describe('relay network (in-process nodes, real gRPC + mutual TLS + SQLite)', () => {
  let t: TestNetwork;

  before(async () => {
    t = await startTestNetwork(SIX_HOP_TOPOLOGY);
    await t.waitLinksUp();
  });
  after(async () => {
    await t.close();
  });

  it('carries a document six hops commune → commune across provinces, byte for byte, and statuses back', async () => {
    const body = Buffer.from('%PDF-1.4 công văn số 12/UBND-VP — Về việc phối hợp'.normalize('NFC'));
    const sent = await t.node('c46').relay.submit(documentInput('000.46.24.H44', ['000.03.12.H41'], 'Về việc phối hợp', body));
    assert.deepEqual(sent.routes, [{ recipient: '000.03.12.H41', kind: 'forward', nextHop: '000.00.24.H44', source: 'parent' }]);

    const got = await t.waitInbox('000.03.12.H41', (m) => m.id === sent.messageId, 'the document');
    assert.deepEqual(got.body, body);
    assert.equal(got.document?.subject, 'Về việc phối hợp');
    const item = t.node('c03').store.inbox('000.03.12.H41', 0, 10, true).find((i) => i.message.id === sent.messageId)!;
    assert.deepEqual(
      item.trace.map((h) => h.nodeCode),
      ['000.46.24.H44', '000.00.24.H44', '000.00.00.H44', '000.00.00.G22', '000.00.00.H41', '000.00.12.H41', '000.03.12.H41'],
      'six hops, every node on the path recorded',
    );

    await t.node('c03').relay.acknowledge('000.03.12.H41', [sent.messageId]);
    await t.node('c03').relay.updateStatus('000.03.12.H41', sent.messageId, '03', 'vào sổ');
    await t.node('c03').relay.updateStatus('000.03.12.H41', sent.messageId, '06', '');
    for (const code of ['01', '03', '06']) {
      const s = await t.waitInbox('000.46.24.H44', (m) => m.status?.refMessageId === sent.messageId && m.status.code === code, `status ${code}`);
      assert.equal(s.status!.recipient, '000.03.12.H41');
      assert.equal(s.status!.path.length, 7, 'status carries the path the document took');
    }
    const trace = t.node('c46').relay.trace(sent.messageId);
    assert.deepEqual(trace.statuses.map((s) => s.code).sort(), ['01', '03', '06']);
    assert.equal(trace.recipients[0]!.state, 'forwarded');
    // Not an id: refused as such, the input quoted (escaped, cut), never echoed raw in a NOT_FOUND.
    assert.throws(() => t.node('c46').relay.trace(`\u0000\u0007${'x'.repeat(500)}`), (e: Error & { code?: string }) =>
      e.code === 'INVALID_ARGUMENT' && /^"\\u0000\\u0007x+"… \(502 characters\) is not a message id/.test(e.message));
  });

  it('fans one document out to many recipients: stored once per node, one entry per next hop, each inbox once', async () => {
    const to = ['000.03.12.H41', '000.00.12.H41', '000.00.00.H41', '000.00.07.H29', '000.00.00.H29', '000.00.00.G22', '001.46.24.H44', '000.00.24.H44'];
    const sent = await t.node('c46').relay.submit(documentInput('000.46.24.H44', to, 'Gửi nhiều nơi'));
    for (const r of to) await t.waitInbox(r, (m) => m.id === sent.messageId, 'the fan-out document');
    // At the national node: one message, recipients split by next hop.
    const national = t.node('national');
    const hops = new Map<string, string[]>();
    for (const r of national.store.recipients(sent.messageId)) hops.set(r.nextHop, [...(hops.get(r.nextHop) ?? []), r.recipient]);
    assert.deepEqual([...hops.keys()].sort(), ['', '000.00.00.H29', '000.00.00.H41']);
    assert.deepEqual(hops.get('000.00.00.H41')!.sort(), ['000.00.00.H41', '000.00.12.H41', '000.03.12.H41']);
    // The local recipient at the sender's own node was delivered without leaving it.
    assert.equal(sent.routes.find((r) => r.recipient === '001.46.24.H44')!.kind, 'local');
    for (const r of to) {
      const copies = t.home(r).store.inbox(r, 0, 10_000, true).filter((i) => i.message.id === sent.messageId);
      assert.equal(copies.length, 1, `exactly one copy for ${r}`);
    }
  });

  it('answers an unknown recipient with a non-delivery report to the sender, never silence', async () => {
    const sent = await t.node('c46').relay.submit(documentInput('000.46.24.H44', ['000.99.12.H41', '000.00.00.K99'], 'Không có người nhận'));
    const deep = await t.waitInbox('000.46.24.H44', (m) => m.status?.refMessageId === sent.messageId && m.status.recipient === '000.99.12.H41', 'non-delivery for 000.99.12.H41');
    assert.equal(deep.status!.code, 'NON_DELIVERY');
    assert.equal(deep.status!.errorCode, 'UNKNOWN_RECIPIENT');
    assert.equal(deep.status!.nodeCode, '000.00.12.H41', 'the node whose subtree holds the code reports it');
    const root = await t.waitInbox('000.46.24.H44', (m) => m.status?.refMessageId === sent.messageId && m.status.recipient === '000.00.00.K99', 'non-delivery for 000.00.00.K99');
    assert.equal(root.status!.nodeCode, '000.00.00.G22', 'the root reports what no route covers');
    assert.match(root.status!.reason, /no route to 000\.00\.00\.K99 at the root/);
  });

  it('forwards hỏa tốc before normal documents queued for the same link', async () => {
    await t.stop('d24');
    const normal: { messageId: string }[] = [];
    for (let i = 0; i < 5; i++) normal.push(await t.node('c46').relay.submit(documentInput('000.46.24.H44', ['000.00.24.H44'], `thường ${i}`)));
    const urgent = await t.node('c46').relay.submit(documentInput('000.46.24.H44', ['000.00.24.H44'], 'hỏa tốc', undefined, 3));
    await t.start('d24');
    await t.waitInbox('000.00.24.H44', (m) => m.id === normal[4]!.messageId);
    await t.waitInbox('000.00.24.H44', (m) => m.id === urgent.messageId);
    const items = t.node('d24').store.inbox('000.00.24.H44', 0, 10_000, true);
    const seqOf = (id: string) => items.find((i) => i.message.id === id)!.seq;
    for (const n of normal) assert.ok(seqOf(urgent.messageId) < seqOf(n.messageId), 'the urgent document arrived first');
    await t.waitLinksUp();
  });

  it('requeues documents in flight when a link drops and delivers them once when it returns', async () => {
    const ids: string[] = [];
    const sending = (async () => {
      for (let i = 0; i < 60; i++) ids.push((await t.node('w07').relay.submit(documentInput('000.00.07.H29', ['000.03.12.H41'], `đợt ${i}`))).messageId);
    })();
    await waitFor('some documents on the way', () => ids.length >= 10);
    await t.stop('h41');
    await sending;
    await t.start('h41');
    for (const id of ids) await t.waitInbox('000.03.12.H41', (m) => m.id === id);
    const inbox = t.node('c03').store.inbox('000.03.12.H41', 0, 100_000, true).map((i) => i.message.id).filter((id) => ids.includes(id));
    assert.equal(inbox.length, ids.length);
    assert.equal(new Set(inbox).size, ids.length, 'no duplicates');
    await t.waitLinksUp();
  });
});
