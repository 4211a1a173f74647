/**
 * Receive resumes after the last item a client stored (`after_seq`), without acknowledging: a
 * client that lost its stream mid-way asks for what follows instead of taking every unacknowledged
 * item again. Without it, the stream starts at the oldest unacknowledged item (at-least-once).
 * A real node on 127.0.0.1, gRPC with mutual TLS, SQLite.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { NodeSpec } from '../../scripts/lib/network-builder.js';
import type { InboxItem__Output } from '../../src/gen/lienthong/v1/InboxItem.js';
import { useAgencyNetwork } from '../helpers/agency-clients.js';

const A = '000.00.00.H44';
const B = '000.00.01.H44';
const TOPOLOGY: NodeSpec[] = [{ name: 'h44', code: A, agencies: [A, B] }];

describe('Receive after_seq (a real node, gRPC + mutual TLS)', () => {
  const net = useAgencyNetwork(TOPOLOGY);

  it('gives the items after the seq given, in seq order; 0 gives them all again', async () => {
    const sent: string[] = [];
    for (const subject of ['Một', 'Hai', 'Ba', 'Bốn']) {
      sent.push((await net.client(A).send({ from: A, to: [B], document: { subject }, body: Buffer.from(subject) })).messageId);
    }
    await net.t.waitInbox(B, (m) => m.id === sent[3]);
    const read = async (after: number): Promise<InboxItem__Output[]> => {
      const items: InboxItem__Output[] = [];
      await net.client(B).receive(B, false, (i) => items.push(i), after).done;
      return items;
    };
    const all = await read(0);
    assert.deepEqual(all.map((i) => i.message!.id), sent);
    const rest = await read(Number(all[1]!.seq));
    assert.deepEqual(rest.map((i) => i.message!.id), sent.slice(2), 'after the second item: the third and the fourth');
    assert.deepEqual(await read(Number(all[3]!.seq)), [], 'after the last: nothing');
    assert.deepEqual((await read(0)).map((i) => i.message!.id), sent, 'nothing was acknowledged: from the oldest again');
  });
});
