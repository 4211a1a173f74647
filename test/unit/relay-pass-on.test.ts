/**
 * Passing a copy on before the commit is durable: the relay hands copies to their next hops as soon
 * as the accept transaction commits, and answers the sender and wakes the inboxes only once the
 * commit is durable. On a real SQLite store whose durable answer the test holds back (the group
 * commit's own order, commit → told → sync → settled, is tested in test/store/group-commit.test.ts).
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { LienthongError } from '../../src/domain/errors.js';
import { buildRouteTable } from '../../src/domain/route-table.js';
import type { Transfer } from '../../src/domain/types.js';
import { silentLogger } from '../../src/node/logger.js';
import { Relay } from '../../src/node/relay.js';
import { FileAttachmentStore } from '../../src/store/files/file-attachment-store.js';
import type { AcceptItem, AcceptResult, Store } from '../../src/store/store.js';
import { openSqliteStore } from '../../src/store/sqlite/open.js';
import type { SqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import { UNCHECKED_SIGNATURES } from '../helpers/unchecked-signatures.js';

const SELF = '000.46.24.H44';
const PARENT = '000.00.24.H44';
const FAR = '000.00.00.H29';

interface Rig {
  store: SqliteStore;
  relay: Relay;
  /** Copies handed to the link to PARENT, and places given back unused. */
  sent: Transfer[];
  cancelled: () => number;
  inboxEvents: string[];
  /** Lets the held durable answers through (the store's sync "finishes"). */
  release: () => void;
  /** The next accept fails before it commits. */
  failNext: (err: Error) => void;
}

/** The store's accept, its durable answer held until `release`, its commit told as usual. */
function holdingStore(store: SqliteStore, gate: Promise<void>, failure: { next: Error | null }): Store {
  const accept = async (items: AcceptItem[], committed?: (results: AcceptResult[]) => void): Promise<AcceptResult[]> => {
    const err = failure.next;
    failure.next = null;
    if (err) throw err;
    const results = await store.accept(items, committed);
    await gate;
    return results;
  };
  return new Proxy(store, {
    get(target, key) {
      if (key === 'accept') return accept;
      const v = Reflect.get(target, key) as unknown;
      return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v;
    },
  });
}

async function withRig(run: (r: Rig) => Promise<void>): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'lienthong-pass-on-'));
  const store = openSqliteStore({ path: join(dir, 'db.sqlite') });
  let release!: () => void;
  const gate = new Promise<void>((r) => (release = r));
  const failure: { next: Error | null } = { next: null };
  try {
    const table = buildRouteTable({ self: SELF, parent: PARENT, attached: [SELF], children: [], laterals: [], statics: [] });
    const files = new FileAttachmentStore(join(dir, 'attachments'));
    const relay = new Relay(SELF, holdingStore(store, gate, failure), table, { maxDocumentBytes: 1e6, expirySeconds: 3600, maxHops: 32 }, Date.now, silentLogger(), files, UNCHECKED_SIGNATURES);
    const sent: Transfer[] = [];
    let cancelled = 0;
    relay.direct = {
      claim: (hop) => (hop === PARENT ? { send: (t) => sent.push(t), cancel: () => cancelled++ } : null),
    };
    const inboxEvents: string[] = [];
    relay.on('inbox', (agency: string) => inboxEvents.push(agency));
    await run({ store, relay, sent, cancelled: () => cancelled, inboxEvents, release, failNext: (e) => (failure.next = e) });
  } finally {
    release();
    store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

const settledYet = async (p: Promise<unknown>): Promise<boolean> => {
  let done = false;
  void p.then(() => (done = true), () => (done = true));
  for (let i = 0; i < 5; i++) await new Promise((r) => setImmediate(r));
  return done;
};

const sendTo = (relay: Relay, to: string[], n: number) =>
  relay.submit({ from: SELF, to, priority: 0, document: { subject: `#${n}` }, body: Buffer.from(`body ${n}`) });

describe('relay: passing copies on before the commit is durable', () => {
  it('hands the copy to its next hop once committed, and answers the sender only once durable', () =>
    withRig(async ({ store, relay, sent, cancelled, release }) => {
      const answer = sendTo(relay, [FAR], 1);
      assert.equal(await settledYet(answer), false, 'the sender waits for the durable commit');
      assert.equal(sent.length, 1, 'the copy went to the next hop without waiting for it');
      const t = sent[0]!;
      assert.equal(t.entry.nextHop, PARENT);
      assert.deepEqual(t.entry.recipients, [FAR]);
      assert.deepEqual(store.outbox({ nextHop: PARENT }).map((e) => [e.id, e.state]), [[t.entry.id, 'inflight']], 'the copy it sent is committed in flight');
      release();
      const r = await answer;
      assert.equal(r.messageId, t.message.id);
      assert.equal(cancelled(), 0);
    }));

  it('wakes an attached agency’s inbox only once the commit is durable', () =>
    withRig(async ({ relay, sent, inboxEvents, release }) => {
      const answer = sendTo(relay, [FAR, SELF], 2);
      assert.equal(await settledYet(answer), false);
      assert.equal(sent.length, 1, 'the forwarded copy left');
      assert.deepEqual(inboxEvents, [], 'no agency may read a document the node could still lose');
      release();
      await answer;
      assert.deepEqual(inboxEvents, [SELF]);
    }));

  it('gives the claimed place back when the commit fails, and sends nothing', () =>
    withRig(async ({ relay, sent, cancelled, failNext, release }) => {
      release();
      failNext(new LienthongError('STORE_FULL', 'no room left (test)'));
      await assert.rejects(sendTo(relay, [FAR], 3), (e: unknown) => e instanceof LienthongError && e.code === 'STORE_FULL');
      assert.equal(sent.length, 0);
      assert.equal(cancelled(), 1);
    }));
});
