/**
 * Transfers of one event-loop turn share a TransferBatch frame, over a real link (mutual TLS gRPC,
 * SQLite, signature workers): a peer whose Hello offers batches hands over a batch and gets every
 * copy acknowledged and delivered; the node batches what it sends to such a peer, and still sends
 * one frame per copy to a peer whose Hello does not offer them (an older node).
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { AgencyClient } from '../../src/client/agency-client.js';
import { waitFor } from '../../scripts/lib/wait-for.js';
import { dialAsH44, H44_RELAY, H44_RELAY_TOPOLOGY, signedDocument, transfersOf } from '../helpers/fake-peer.js';
import { documentInput, startTestNetwork, type TestNetwork } from '../helpers/in-process-network.js';

const { NATIONAL, H44, D24_AGENCY, H41 } = H44_RELAY;

describe('transfer batches on a real link', () => {
  let t: TestNetwork;
  let national: AgencyClient;

  /** Sends `n` documents from the national agency to D24_AGENCY (behind h44) all at once. */
  const sendDown = async (n: number, subject: string): Promise<string[]> =>
    (await Promise.all(Array.from({ length: n }, (_, i) => national.send({ ...documentInput(NATIONAL, [D24_AGENCY], `${subject} ${i}`), body: Buffer.from(`${subject} ${i}`) })))).map((r) => r.messageId);

  before(async () => {
    t = await startTestNetwork(H44_RELAY_TOPOLOGY, { nodeSigns: false });
    await t.waitLinksUp();
    await t.stop('h44');
    const n = t.net.nodes.get('national')!;
    national = new AgencyClient({ streamSends: true, address: n.address, nodeCode: NATIONAL, tls: { ca: join(t.net.pkiDir, 'ca.crt'), ...t.net.agencyCerts.get(NATIONAL)! } });
  });

  after(async () => {
    national?.close();
    await t?.close();
  });

  it('takes in every copy of a TransferBatch frame, acknowledges each and delivers them', async () => {
    const peer = await dialAsH44(t, true);
    try {
      const copies = Array.from({ length: 20 }, (_, i) => ({ m: signedDocument(H44, [H41], `Công văn lô ${i}`, t.net.agencyCerts.get(H44)!), recipients: [H41] }));
      const acks = await peer.transferBatch(copies);
      assert.deepEqual(acks.map((a) => a.result), copies.map(() => 'ACK_RESULT_ACCEPTED'), acks.map((a) => a.errorMessage).join('; '));
      for (const c of copies) await t.waitInbox(H41, (x) => x.id === c.m.id, c.m.id);
    } finally {
      peer.close();
    }
  });

  it('batches the copies it sends to a peer that reads batches, and sends single frames to one that does not', async () => {
    // Queued while h44 is away, the 30 copies are leased together when it dials: one turn's writes.
    // (Copies committed one by one while the link is up leave one by one, as soon as each commits.)
    const ids = await sendDown(30, 'Công văn gửi xuống');
    const batching = await dialAsH44(t, true);
    try {
      for (const id of ids) await batching.nextTransfer((x) => x.message?.id === id, `transfer of ${id}`);
      const frames = batching.received.filter((f) => transfersOf(f).some((x) => ids.includes(x.message!.id)));
      assert.ok(frames.some((f) => (f.transferBatch?.transfers?.length ?? 0) > 1), `30 queued documents travelled in ${frames.length} frames, none a batch`);
    } finally {
      batching.close();
    }
    const older = await dialAsH44(t, false);
    try {
      await waitFor('the national link to h44 up again', () => t.node('national').registry.list().some((l) => l.peer === H44 && l.state === 'up'));
      const later = await sendDown(10, 'Công văn cho nút cũ');
      for (const id of later) await older.nextTransfer((x) => x.message?.id === id, `transfer of ${id}`);
      assert.ok(older.received.every((f) => !f.transferBatch), 'no TransferBatch frame to a peer that did not offer batches');
    } finally {
      older.close();
    }
  });
});
