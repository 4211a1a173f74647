/**
 * Sending at once: a copy committed while its link has room and nothing due waits in the queue is
 * born in flight and written to the link from memory, without a lease. Transfers of one turn share
 * a TransferBatch frame when the peer reads them. On a real SQLite store with a fake stream; the
 * relay is wired to the session the way the node wires it to its links.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { buildRouteTable } from '../../src/domain/route-table.js';
import { OUTBOX_RETRY } from '../../src/domain/retry-schedule.js';
import type { LinkFrame } from '../../src/gen/lienthong/v1/LinkFrame.js';
import { LinkSession, type FrameStream } from '../../src/link/link-session.js';
import { silentLogger } from '../../src/node/logger.js';
import { Refusals } from '../../src/node/refusals.js';
import { Relay } from '../../src/node/relay.js';
import { FileAttachmentStore } from '../../src/store/files/file-attachment-store.js';
import { openSqliteStore } from '../../src/store/sqlite/open.js';
import type { SqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import { waitFor } from '../../scripts/lib/wait-for.js';
import { RecordingFrameStream } from '../helpers/recording-frame-stream.js';
import { UNCHECKED_SIGNATURES } from '../helpers/unchecked-signatures.js';

const SELF = '000.46.24.H44';
const PARENT = '000.00.24.H44';

interface Rig {
  store: SqliteStore;
  relay: Relay;
  stream: RecordingFrameStream;
  session: LinkSession;
  leases: () => number;
  send: (i: number) => Promise<string>;
  ack: (frames: LinkFrame[]) => void;
}

async function withRig(window: number, queuedFirst: number, run: (r: Rig) => Promise<void>, peerBatches = false): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'lienthong-direct-'));
  const store = openSqliteStore({ path: join(dir, 'db.sqlite') });
  const files = new FileAttachmentStore(join(dir, 'attachments'));
  let leases = 0;
  const leaseDue = store.leaseDue.bind(store);
  store.leaseDue = async (...args) => {
    const got = await leaseDue(...args);
    if (got.length > 0) leases++;
    return got;
  };
  try {
    const table = buildRouteTable({ self: SELF, parent: PARENT, attached: [SELF], children: [], laterals: [], statics: [] });
    const relay = new Relay(SELF, store, table, { maxDocumentBytes: 1e6, expirySeconds: 3600, maxHops: 32 }, Date.now, silentLogger(), files, UNCHECKED_SIGNATURES);
    const send = async (i: number) =>
      (await relay.submit({ from: SELF, to: ['000.00.00.H29'], priority: 0, document: { subject: `#${i}` }, body: Buffer.from(String(i)) })).messageId;
    for (let i = 0; i < queuedFirst; i++) await send(1000 + i);
    const stream = new RecordingFrameStream();
    const session = new LinkSession({
      peer: { code: PARENT, role: 'parent', allowedSenders: [] }, stream: stream as unknown as FrameStream, relay, store, files, maxFileBytes: 1e6,
      window, maxInflightBytes: 1e9, peerBatches, retry: OUTBOX_RETRY, now: Date.now, random: () => 0.5, log: silentLogger(), refusals: new Refusals(store, () => undefined, silentLogger(), Date.now),
    });
    relay.on('outbox', () => session.wake());
    relay.direct = { claim: (hop, bytes) => (hop === PARENT ? session.claim(bytes) : null) };
    const ack = (frames: LinkFrame[]) =>
      stream.emit('data', { acks: { acks: transfersIn(frames).map((t) => ({ seq: Number(t.seq), result: 'ACK_RESULT_ACCEPTED', errorCode: '', errorMessage: '' })) } });
    session.wake();
    await run({ store, relay, stream, session, leases: () => leases, send, ack });
    await session.close('test over');
  } finally {
    store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The transfers the frames carry, single or batched, in order. */
const transfersIn = (frames: LinkFrame[]) => frames.flatMap((f) => (f.transfer ? [f.transfer] : (f.transferBatch?.transfers ?? [])));
const idsOf = (frames: LinkFrame[]) => transfersIn(frames).map((t) => t.message!.id);

/** Resolves once the session would send a copy at once (its first lease found the queue empty). */
async function takesAtOnce(session: LinkSession): Promise<void> {
  await waitFor('the link to take copies at once', () => {
    const slot = session.claim(0);
    slot?.cancel();
    return slot !== null;
  });
}

describe('link session: sending at once', () => {
  it('writes a copy committed while the link is idle without leasing it, in flight in the store', () =>
    withRig(4, 0, async ({ store, stream, leases, send, session }) => {
      await takesAtOnce(session);
      const id = await send(1);
      assert.deepEqual(idsOf(stream.written), [id], 'written when the commit resolved');
      assert.equal(leases(), 0, 'no lease read it back');
      const [entry] = store.outbox({ nextHop: PARENT });
      assert.equal(entry?.state, 'inflight');
      assert.equal(entry?.attempts, 1);
    }));

  it('queues copies once the window is full, and never lets a copy overtake ones already queued', () =>
    withRig(2, 0, async ({ stream, leases, send, ack, session }) => {
      await takesAtOnce(session);
      const ids: string[] = [];
      for (let i = 0; i < 5; i++) ids.push(await send(i));
      assert.deepEqual(idsOf(stream.written), ids.slice(0, 2), 'two sent at once fill the window');
      assert.equal(leases(), 0);
      ack(stream.written.slice(0, 2));
      await waitFor('the queued ones sent', () => stream.written.length === 4);
      const later = await send(5);
      ack(stream.written.slice(2, 4));
      await waitFor('everything sent', () => stream.written.length === 6);
      assert.deepEqual(idsOf(stream.written), [...ids, later], 'in the order sent: the last one waited behind the queue');
      assert.ok(leases() > 0, 'the queued ones were leased');
    }));

  it('leases what was queued before the link came up before sending anything at once', () =>
    withRig(10, 3, async ({ stream, send }) => {
      await waitFor('the queue sent', () => stream.written.length === 3);
      const id = await send(9);
      await waitFor('the new one sent', () => stream.written.length === 4);
      assert.equal(idsOf(stream.written)[3], id);
    }));

  it('queues again a copy whose link closed between the claim and the commit', () =>
    withRig(4, 0, async ({ store, relay, session, send, stream }) => {
      await takesAtOnce(session);
      relay.direct = {
        claim: (_hop, bytes) => {
          const slot = session.claim(bytes);
          void session.close('cut while the copy commits');
          return slot;
        },
      };
      const id = await send(1);
      assert.equal(stream.written.length, 0, 'nothing written to a closed link');
      await waitFor('the entry back in the queue', () => store.outbox({ nextHop: PARENT })[0]?.state === 'queued');
      assert.equal(store.outbox({ nextHop: PARENT })[0]?.messageId, id);
    }));
});

describe('link session: transfers of one turn share a frame', () => {
  const sendMany = (send: (i: number) => Promise<string>, n: number) => Promise.all(Array.from({ length: n }, (_, i) => send(i)));

  it('writes the copies committed together as one TransferBatch frame to a peer that reads them', () =>
    withRig(512, 0, async ({ stream, session, send, ack, store }) => {
      await takesAtOnce(session);
      const ids = await sendMany(send, 10);
      await waitFor('the batch written', () => stream.written.length > 0);
      await new Promise((r) => setImmediate(r));
      assert.equal(stream.written.length, 1, 'one frame');
      assert.equal(stream.written[0]!.transferBatch?.transfers?.length, 10);
      assert.deepEqual(new Set(idsOf(stream.written)), new Set(ids));
      ack(stream.written);
      await waitFor('every entry acknowledged', () => store.outbox({ nextHop: PARENT }).length === 0);
    }, true));

  it('splits a turn of more than 256 copies into frames of at most 256', () =>
    withRig(512, 0, async ({ stream, session, send }) => {
      await takesAtOnce(session);
      await sendMany(send, 300);
      await waitFor('all 300 written', () => idsOf(stream.written).length === 300);
      assert.deepEqual(stream.written.map((f) => f.transferBatch?.transfers?.length ?? 1), [256, 44]);
    }, true));

  it('batches what a lease takes from the queue too', () =>
    withRig(512, 40, async ({ stream }) => {
      await waitFor('the queue sent', () => idsOf(stream.written).length === 40);
      assert.equal(stream.written.length, 1, 'one frame for the lease of 40');
    }, true));

  it('writes one frame per copy to a peer whose Hello does not offer batches', () =>
    withRig(512, 0, async ({ stream, session, send }) => {
      await takesAtOnce(session);
      await sendMany(send, 10);
      await waitFor('all written', () => stream.written.length === 10);
      assert.ok(stream.written.every((f) => f.transfer && !f.transferBatch));
    }));
});
