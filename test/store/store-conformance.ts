/**
 * What every Store implementation must do. Run it with a factory that opens a fresh, empty store:
 * `reopen` closes the store it last returned (if still open) and opens a new one on the same data;
 * `cleanup` closes whatever is open and deletes the data.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { LienthongError } from '../../src/domain/errors.js';
import type { OutboxEntry } from '../../src/domain/types.js';
import type { Store } from '../../src/store/store.js';
import {
  agency,
  DAY,
  doc,
  forward,
  HOP1,
  HOP2,
  item,
  local,
  nonDelivery,
  SENDER,
  status,
  T0,
  trace,
  undeliverable,
} from './store-fixtures.js';

export interface StoreHarness {
  store: Store;
  reopen: () => Promise<Store>;
  cleanup: () => Promise<void>;
}

const [B1, B2, B3, B4] = [agency(1), agency(2), agency(3), agency(4)];

function only<T>(list: T[]): T {
  assert.equal(list.length, 1, `expected exactly one, got ${list.length}`);
  return list[0]!;
}

function entriesOf(store: Store, messageId: string): OutboxEntry[] {
  return store.outbox({}).filter((e) => e.messageId === messageId);
}

function stateOf(store: Store, messageId: string, recipient: string): string {
  return store.recipients(messageId).find((r) => r.recipient === recipient)?.state ?? 'unknown';
}

export function runStoreConformance(name: string, factory: () => Promise<StoreHarness>): void {
  async function withStore(fn: (h: StoreHarness) => Promise<void>): Promise<void> {
    const h = await factory();
    try {
      await fn(h);
    } finally {
      await h.cleanup();
    }
  }

  describe(`Store conformance: ${name}`, () => {
    describe('accept', () => {
      it('stores a message once and dedups by (message id, recipient)', () =>
        withStore(async ({ store }) => {
          const m = doc();
          const first = only(await store.accept([item(m, [forward(B1, HOP1), local(B2)])]));
          assert.deepEqual(first, {
            messageId: m.id,
            duplicate: false,
            newRecipients: [B1, B2],
            applied: [forward(B1, HOP1), local(B2)],
            leased: [],
          });
          const again = only(await store.accept([item(m, [forward(B1, HOP1), local(B2)], { nowMs: T0 + 5 })]));
          assert.deepEqual(again, { messageId: m.id, duplicate: true, newRecipients: [], applied: [], leased: [] });

          const stored = store.message(m.id);
          assert.ok(stored);
          assert.deepEqual(stored.message, m);
          assert.deepEqual(stored.trace, trace(T0));
          assert.equal(stored.receivedFrom, item(m, []).receivedFrom);
          assert.equal(stored.acceptedAtMs, T0);
          assert.equal(entriesOf(store, m.id).length, 1);
          assert.equal(store.inbox(B2, 0, 10, true).length, 1);
          const c = store.counters();
          assert.equal(c.accepted, 1);
          assert.equal(c.duplicates, 1);
          assert.equal(c.delivered, 1);
        }));

      it('routes only the new recipient of a second copy', () =>
        withStore(async ({ store }) => {
          const m = doc();
          await store.accept([item(m, [forward(B1, HOP1)])]);
          const second = only(
            await store.accept([item(m, [forward(B1, HOP1), forward(B2, HOP2)], { nowMs: T0 + 1, trace: [] })]),
          );
          assert.equal(second.duplicate, false);
          assert.deepEqual(second.newRecipients, [B2]);
          assert.deepEqual(second.applied, [forward(B2, HOP2)]);
          const entries = entriesOf(store, m.id);
          assert.deepEqual(
            entries.map((e) => [e.nextHop, e.recipients]),
            [
              [HOP1, [B1]],
              [HOP2, [B2]],
            ],
          );
          assert.deepEqual(store.message(m.id)?.trace, trace(T0), 'the first copy keeps its trace');
          assert.equal(store.counters().accepted, 2);
        }));

      it('creates the entries of sendNow hops in flight and returns them to send, the others queued', () =>
        withStore(async ({ store }) => {
          const m = doc({ priority: 2 });
          const r = only(await store.accept([item(m, [forward(B1, HOP1), forward(B2, HOP1), forward(B3, HOP2)], { nowMs: T0 + 3, sendNow: new Set([HOP1]) })]));
          assert.equal(r.leased.length, 1);
          const t = r.leased[0]!;
          assert.deepEqual(t.message, m);
          assert.deepEqual(t.trace, trace(T0 + 3));
          const stored = entriesOf(store, m.id);
          assert.deepEqual(t.entry, stored.find((e) => e.nextHop === HOP1), 'the entry returned is the one stored');
          assert.equal(t.entry.state, 'inflight');
          assert.equal(t.entry.attempts, 1);
          assert.deepEqual(t.entry.recipients, [B1, B2]);
          assert.equal(stored.find((e) => e.nextHop === HOP2)?.state, 'queued');
          assert.deepEqual(await store.leaseDue(HOP1, T0 + 10, 10), [], 'an entry sent at once is not leased again');
          await store.markDelivered([t.entry.id], T0 + 20);
          assert.equal(entriesOf(store, m.id).length, 1, 'acknowledged like any leased entry');

          const again = only(await store.accept([item(m, [forward(B1, HOP1)], { nowMs: T0 + 30, sendNow: new Set([HOP1]) })]));
          assert.deepEqual(again.leased, [], 'a duplicate creates nothing to send');
        }));

      it('puts entries sent at once back in the queue when the node restarts (recoverInflight)', () =>
        withStore(async ({ store }) => {
          const m = doc();
          const r = only(await store.accept([item(m, [forward(B1, HOP1)], { sendNow: new Set([HOP1]) })]));
          assert.equal(r.leased.length, 1);
          assert.equal(await store.recoverInflight(T0 + 1), 1);
          assert.equal(only(await store.leaseDue(HOP1, T0 + 1, 10)).message.id, m.id);
        }));

      it('groups forward decisions to one next hop into one entry carrying the subset', () =>
        withStore(async ({ store }) => {
          const m = doc({ priority: 3 });
          await store.accept([item(m, [forward(B1, HOP1), forward(B2, HOP1), forward(B3, HOP2)], { nowMs: T0 + 7 })]);
          const entries = entriesOf(store, m.id);
          assert.equal(entries.length, 2);
          const e = entries.find((x) => x.nextHop === HOP1)!;
          assert.deepEqual(e, {
            id: e.id,
            messageId: m.id,
            nextHop: HOP1,
            recipients: [B1, B2],
            priority: 3,
            state: 'queued',
            attempts: 0,
            nextAttemptAtMs: T0 + 7,
            lastError: '',
            createdAtMs: T0 + 7,
            expiresAtMs: m.expiresAtMs,
            sender: SENDER,
            size: m.body.length,
          });
          const r = store.recipients(m.id).find((x) => x.recipient === B2)!;
          assert.deepEqual(r, { recipient: B2, state: 'queued', nextHop: HOP1, updatedAtMs: T0 + 7, detail: '' });
        }));

      it('creates inbox items for local decisions', () =>
        withStore(async ({ store }) => {
          const m = doc();
          await store.accept([item(m, [local(B1), local(B2)])]);
          const got = only(store.inbox(B1, 0, 10, false));
          assert.equal(got.agency, B1);
          assert.deepEqual(got.message, m);
          assert.deepEqual(got.trace, trace(T0));
          assert.equal(got.deliveredAtMs, T0);
          assert.equal(got.acknowledged, false);
          assert.equal(stateOf(store, m.id, B1), 'inbox');
          assert.equal(store.unacknowledgedInbox(), 2);
          assert.equal(store.counters().delivered, 2);
          assert.equal(store.outbox({}).length, 0);
        }));

      it('marks undeliverable recipients failed with the reason', () =>
        withStore(async ({ store }) => {
          const m = doc();
          const r = only(await store.accept([item(m, [undeliverable(B1, 'no route to 000.00.00.B01')])]));
          assert.equal(r.duplicate, false);
          assert.deepEqual(r.newRecipients, [B1]);
          const rec = only(store.recipients(m.id));
          assert.equal(rec.state, 'failed');
          assert.equal(rec.detail, 'no route to 000.00.00.B01');
          assert.equal(store.outbox({}).length, 0);
          assert.equal(store.inbox(B1, 0, 10, true).length, 0);
        }));
    });

    describe('outbox', () => {
      it('leases by priority (4 before 0) then age, honouring limit, due time, held and inflight', () =>
        withStore(async ({ store }) => {
          const old0 = doc({ priority: 0 });
          const urgent = doc({ priority: 4 });
          const young0 = doc({ priority: 0 });
          const later = doc({ priority: 4 });
          const held = doc({ priority: 4 });
          const other = doc({ priority: 4 });
          await store.accept([item(old0, [forward(B1, HOP1)], { nowMs: T0 })]);
          await store.accept([item(urgent, [forward(B1, HOP1)], { nowMs: T0 + 1 })]);
          await store.accept([item(young0, [forward(B1, HOP1)], { nowMs: T0 + 2 })]);
          await store.accept([item(later, [forward(B1, HOP1)], { nowMs: T0 + 3 })]);
          await store.accept([item(held, [forward(B1, HOP1)], { nowMs: T0 + 4 })]);
          await store.accept([item(other, [forward(B1, HOP2)], { nowMs: T0 + 5 })]);
          const idOf = (m: { id: string }) => only(entriesOf(store, m.id)).id;
          await store.reschedule([idOf(later)], T0 + 1000, 'LINK_DOWN: peer unreachable');
          assert.equal(await store.hold([idOf(held)]), 1);

          const first = await store.leaseDue(HOP1, T0 + 10, 1);
          assert.deepEqual(
            first.map((t) => t.message.id),
            [urgent.id],
          );
          const t = first[0]!;
          assert.equal(t.entry.state, 'inflight');
          assert.equal(t.entry.attempts, 1);
          assert.deepEqual(t.message, urgent);
          assert.deepEqual(t.trace, trace(T0 + 1));
          const rest = await store.leaseDue(HOP1, T0 + 10, 10);
          assert.deepEqual(
            rest.map((x) => x.message.id),
            [old0.id, young0.id],
          );
          assert.deepEqual(await store.leaseDue(HOP1, T0 + 10, 10), [], 'inflight and held are skipped');
          assert.equal(store.outbox({ state: 'inflight', nextHop: HOP1 }).length, 3);
          assert.equal(store.outbox({ state: 'inflight', nextHop: HOP1, limit: 2 }).length, 2);
          const due = await store.leaseDue(HOP1, T0 + 1000, 10);
          assert.deepEqual(
            due.map((x) => x.message.id),
            [later.id],
          );
          assert.deepEqual(await store.leaseDue(HOP1, T0 + 1000, 0), []);
          assert.equal((await store.leaseDue(HOP2, T0 + 10, 10))[0]?.message.id, other.id);
        }));

      it('markDelivered removes entries and marks their recipients forwarded', () =>
        withStore(async ({ store }) => {
          const m = doc();
          await store.accept([item(m, [forward(B1, HOP1), forward(B2, HOP1)])]);
          const t = only(await store.leaseDue(HOP1, T0, 10));
          await store.markDelivered([t.entry.id, 999_999], T0 + 50);
          assert.equal(store.outbox({}).length, 0);
          for (const r of store.recipients(m.id)) {
            assert.equal(r.state, 'forwarded');
            assert.equal(r.updatedAtMs, T0 + 50);
          }
          assert.equal(store.counters().forwarded, 1);
        }));

      it('reschedule puts an inflight entry back in the queue with its error and due time', () =>
        withStore(async ({ store }) => {
          const m = doc();
          await store.accept([item(m, [forward(B1, HOP1)])]);
          const t = only(await store.leaseDue(HOP1, T0, 10));
          await store.reschedule([t.entry.id], T0 + 5000, 'LINK_DOWN: peer closed the stream');
          const e = only(store.outbox({}));
          assert.equal(e.state, 'queued');
          assert.equal(e.nextAttemptAtMs, T0 + 5000);
          assert.equal(e.lastError, 'LINK_DOWN: peer closed the stream');
          assert.deepEqual(await store.leaseDue(HOP1, T0 + 4999, 10), []);
          assert.equal(only(await store.leaseDue(HOP1, T0 + 5000, 10)).entry.attempts, 2);
        }));

      it('fail marks entry and recipients failed and accepts the follow-up in the same commit', () =>
        withStore(async ({ store }) => {
          const m = doc();
          await store.accept([item(m, [forward(B1, HOP1)])]);
          const t = only(await store.leaseDue(HOP1, T0, 10));
          const boom = () => {
            throw new Error('follow-up builder failed');
          };
          await assert.rejects(store.fail([t.entry.id], 'ROUTING_LOOP', 'loop', T0 + 1, boom));
          assert.equal(only(store.outbox({})).state, 'inflight', 'nothing changed when the follow-up failed');
          assert.equal(store.counters().failed, 0);

          await store.fail([t.entry.id], 'ROUTING_LOOP', 'the document came back to 000.00.00.N01', T0 + 2, nonDelivery(T0 + 2));
          const e = only(store.outbox({}));
          assert.equal(e.state, 'failed');
          assert.match(e.lastError, /ROUTING_LOOP.*came back/);
          assert.equal(stateOf(store, m.id, B1), 'failed');
          assert.match(only(store.recipients(m.id)).detail, /came back/);
          const report = only(store.statusesFor(m.id));
          assert.equal(report.code, 'NON_DELIVERY');
          assert.match(report.reason, /came back/);
          assert.equal(only(store.inbox(SENDER, 0, 10, false)).message.status?.refMessageId, m.id);
          assert.equal(store.counters().failed, 1);
        }));

      it('expireDue expires queued and held entries past expiry and accepts follow-ups', () =>
        withStore(async ({ store }) => {
          const queued = doc({ expiresAtMs: T0 + 1000 });
          const held = doc({ expiresAtMs: T0 + 1000 });
          const inflight = doc({ expiresAtMs: T0 + 1000 });
          const fresh = doc({ expiresAtMs: T0 + 5000 });
          await store.accept([item(inflight, [forward(B1, HOP2)])]);
          only(await store.leaseDue(HOP2, T0, 10));
          await store.accept([
            item(queued, [forward(B1, HOP1)]),
            item(held, [forward(B2, HOP1)]),
            item(fresh, [forward(B3, HOP1)]),
          ]);
          await store.hold([only(entriesOf(store, held.id)).id]);
          await store.reschedule([only(entriesOf(store, queued.id)).id], T0 + 500, 'PEER_BUSY: try later');

          assert.deepEqual(await store.expireDue(T0 + 999, nonDelivery(T0 + 999)), []);
          const expired = await store.expireDue(T0 + 1000, nonDelivery(T0 + 1000));
          assert.deepEqual(expired.map((e) => e.messageId).sort(), [queued.id, held.id].sort());
          for (const e of expired) assert.equal(e.state, 'expired');
          assert.equal(only(entriesOf(store, queued.id)).lastError, 'PEER_BUSY: try later');
          assert.equal(stateOf(store, queued.id, B1), 'expired');
          assert.equal(stateOf(store, held.id, B2), 'expired');
          assert.equal(only(entriesOf(store, inflight.id)).state, 'inflight');
          assert.equal(only(entriesOf(store, fresh.id)).state, 'queued');
          assert.equal(only(store.statusesFor(queued.id)).code, 'NON_DELIVERY');
          assert.equal(only(store.statusesFor(held.id)).code, 'NON_DELIVERY');
          assert.equal(store.inbox(SENDER, 0, 10, false).length, 2);
          assert.equal(store.counters().expired, 2);
          assert.deepEqual(await store.expireDue(T0 + 1000, nonDelivery(T0 + 1000)), []);
        }));

      it('recoverInflight after a reopen puts inflight entries back, due now', () =>
        withStore(async ({ store, reopen }) => {
          await store.accept([item(doc(), [forward(B1, HOP1)]), item(doc(), [forward(B1, HOP1)])]);
          await store.accept([item(doc(), [forward(B1, HOP1)])]);
          assert.equal((await store.leaseDue(HOP1, T0, 2)).length, 2);
          const again = await reopen();
          assert.equal(await again.recoverInflight(T0 + 60_000), 2);
          const entries = again.outbox({ state: 'queued' });
          assert.equal(entries.length, 3);
          assert.equal(entries.filter((e) => e.nextAttemptAtMs === T0 + 60_000).length, 2);
          assert.equal((await again.leaseDue(HOP1, T0 + 60_000, 10)).length, 3);
          assert.equal(await again.recoverInflight(T0 + 60_001), 3);
        }));

      it('hold, release, flush, requeue and remove touch only entries in allowed states', () =>
        withStore(async ({ store }) => {
          const [a, b, c, d] = [doc(), doc(), doc(), doc()];
          await store.accept([
            item(a, [forward(B1, HOP1)]),
            item(b, [forward(B1, HOP1)]),
            item(c, [forward(B1, HOP2)]),
            item(d, [forward(B1, HOP2)]),
          ]);
          const id = (m: { id: string }) => only(entriesOf(store, m.id)).id;
          const inflight = only(await store.leaseDue(HOP2, T0, 1)).entry.id;
          assert.equal(inflight, id(c));

          assert.equal(await store.hold([id(a), inflight]), 1, 'an inflight entry cannot be held');
          assert.equal(await store.hold([id(a)]), 0);
          assert.deepEqual(store.entryIds(HOP1, ['held']), [id(a)]);
          assert.deepEqual(store.entryIds('', ['held', 'inflight']), [id(a), inflight]);
          assert.deepEqual(store.entryIds('', []), [id(a), id(b), id(c), id(d)]);
          assert.equal(await store.release([id(a), id(b)]), 1);

          await store.reschedule([id(a), id(b), id(d)], T0 + DAY, 'LINK_DOWN: peer unreachable');
          assert.equal(await store.flush([], T0 + 10, HOP1), 2);
          assert.deepEqual(
            store.outbox({ nextHop: HOP1 }).map((e) => e.nextAttemptAtMs),
            [T0 + 10, T0 + 10],
          );
          assert.equal(only(entriesOf(store, d.id)).nextAttemptAtMs, T0 + DAY, 'flush stays within its next hop');
          assert.equal(await store.flush([id(d), inflight], T0 + 20), 1);
          assert.equal(only(entriesOf(store, d.id)).nextAttemptAtMs, T0 + 20);

          await store.fail([id(b)], 'PEER_REFUSED', 'refused by 000.00.00.P01', T0 + 30, () => []);
          assert.equal(await store.requeue([id(b), inflight], T0 + 40, DAY), 1, 'inflight cannot be requeued');
          const requeued = only(entriesOf(store, b.id));
          assert.equal(requeued.state, 'queued');
          assert.equal(requeued.nextAttemptAtMs, T0 + 40);
          assert.equal(requeued.expiresAtMs, T0 + 40 + DAY);
          assert.equal(stateOf(store, b.id, B1), 'queued');

          assert.equal(await store.remove([id(a), inflight, 123_456]), 1, 'an inflight entry cannot be removed');
          assert.equal(entriesOf(store, a.id).length, 0);
          assert.equal(stateOf(store, a.id, B1), 'failed');
          assert.match(only(store.recipients(a.id)).detail, /removed/);
          assert.equal(only(entriesOf(store, c.id)).state, 'inflight');
        }));

      it('outboxDepths counts entries per next hop and state with the oldest waiting', () =>
        withStore(async ({ store }) => {
          await store.accept([item(doc(), [forward(B1, HOP1)], { nowMs: T0 + 5 })]);
          await store.accept([item(doc(), [forward(B1, HOP1)], { nowMs: T0 + 9 })]);
          await store.accept([item(doc(), [forward(B1, HOP2)], { nowMs: T0 + 3 })]);
          await store.accept([item(doc(), [forward(B1, HOP2)], { nowMs: T0 + 1 })]);
          await store.leaseDue(HOP1, T0 + 10, 1);
          const [h2a, h2b] = store.entryIds(HOP2, []);
          await store.hold([h2a!]);
          await store.fail([h2b!], 'X', 'y', T0, () => []);
          assert.deepEqual(store.outboxDepths(), [
            { nextHop: HOP1, queued: 1, inflight: 1, held: 0, failed: 0, expired: 0, oldestMs: T0 + 5 },
            { nextHop: HOP2, queued: 0, inflight: 0, held: 1, failed: 1, expired: 0, oldestMs: T0 + 3 },
          ]);
        }));
    });

    describe('inbox and statuses', () => {
      it('acknowledge marks items and recipients acknowledged and accepts the follow-up', () =>
        withStore(async ({ store }) => {
          const m = doc();
          await store.accept([item(m, [local(B1), local(B2)])]);
          const ack01 = (x: { message: { id: string; from: string }; agency: string }) => [
            item(status(x.message.id, '01', { from: x.agency, to: x.message.from, recipient: x.agency }), [
              forward(x.message.from, HOP1),
            ]),
          ];
          assert.deepEqual(await store.acknowledge(B3, [m.id], T0 + 1, ack01), [], 'not in B3 inbox');
          assert.deepEqual(await store.acknowledge(B1, [m.id, 'nope'], T0 + 2, ack01), [m.id]);
          assert.deepEqual(await store.acknowledge(B1, [m.id], T0 + 3, ack01), [], 'already acknowledged');
          assert.deepEqual(store.inbox(B1, 0, 10, false), []);
          assert.equal(only(store.inbox(B1, 0, 10, true)).acknowledged, true);
          assert.equal(stateOf(store, m.id, B1), 'acknowledged');
          assert.equal(stateOf(store, m.id, B2), 'inbox');
          assert.equal(store.unacknowledgedInbox(), 1);
          assert.deepEqual(store.unacknowledgedByAgency(), [{ agency: B2, items: 1, oldestMs: T0 }], 'B1 acknowledged its item');
          const s = only(store.statusesFor(m.id));
          assert.equal(s.code, '01');
          assert.equal(s.reporter, B1);
          assert.equal(only(store.outbox({ nextHop: HOP1 })).sender, B1);
        }));

      it('counts unacknowledged items per agency, with the oldest delivery', () =>
        withStore(async ({ store }) => {
          assert.deepEqual(store.unacknowledgedByAgency(), []);
          await store.accept([item(doc(), [local(B3), local(B1)], { nowMs: T0 + 5 })]);
          await store.accept([item(doc(), [local(B3)], { nowMs: T0 + 9 })]);
          assert.deepEqual(store.unacknowledgedByAgency(), [
            { agency: B1, items: 1, oldestMs: T0 + 5 },
            { agency: B3, items: 2, oldestMs: T0 + 5 },
          ]);
        }));

      it('pages an agency inbox by seq, oldest first', () =>
        withStore(async ({ store }) => {
          const docs = [doc(), doc(), doc(), doc(), doc()];
          for (const m of docs) await store.accept([item(m, [local(B1)]), item(doc(), [local(B4)])]);
          const page1 = store.inbox(B1, 0, 2, false);
          assert.deepEqual(
            page1.map((x) => x.message.id),
            [docs[0]!.id, docs[1]!.id],
          );
          assert.ok(page1[0]!.seq < page1[1]!.seq);
          const page2 = store.inbox(B1, page1[1]!.seq, 10, false);
          assert.deepEqual(
            page2.map((x) => x.message.id),
            docs.slice(2).map((m) => m.id),
          );
          assert.deepEqual(store.inbox(B1, page2[2]!.seq, 10, false), []);
          await store.acknowledge(B1, [docs[2]!.id], T0, () => []);
          assert.deepEqual(
            store.inbox(B1, page1[1]!.seq, 10, false).map((x) => x.message.id),
            [docs[3]!.id, docs[4]!.id],
          );
          assert.equal(store.inbox(B1, page1[1]!.seq, 10, true).length, 3);
        }));

      it('statusesFor returns the reports about one message in acceptance order', () =>
        withStore(async ({ store }) => {
          const m = doc();
          const other = doc();
          await store.accept([item(status(m.id, '01'), [local(SENDER)], { nowMs: T0 + 1 })]);
          await store.accept([item(status(other.id, '02'), [local(SENDER)], { nowMs: T0 + 2 })]);
          await store.accept([item(status(m.id, '03', { reason: 'đang xử lý' }), [local(SENDER)], { nowMs: T0 + 3 })]);
          assert.deepEqual(
            store.statusesFor(m.id).map((s) => [s.code, s.reason]),
            [
              ['01', ''],
              ['03', 'đang xử lý'],
            ],
          );
          assert.deepEqual(store.statusesFor(doc().id), []);
        }));
    });

    describe('bookkeeping', () => {
      it('counters start at zero and count() adds inside the next commit', () =>
        withStore(async ({ store }) => {
          assert.deepEqual(store.counters(), {
            accepted: 0,
            forwarded: 0,
            delivered: 0,
            expired: 0,
            failed: 0,
            refused: 0,
            duplicates: 0,
            undeliverable: 0,
          });
          store.count('refused', 2);
          store.count('refused', 1);
          await store.accept([]);
          assert.equal(store.counters().refused, 3);
        }));

      it('the audit log grows with each committed event (not with a duplicate) and takes refusals in the next commit', () =>
        withStore(async ({ store }) => {
          assert.equal(store.auditHead(), null);
          const m = doc();
          await store.accept([item(m, [local(B1)])]);
          const first = store.auditHead();
          assert.equal(first?.seq, 2, 'accepted, then delivered');
          await store.accept([item(m, [local(B1)])]);
          assert.deepEqual(store.auditHead(), first, 'a duplicate records nothing');
          store.recordRefusal({ peer: HOP1, messageId: 'y', sender: SENDER, code: 'STORE_FULL', reason: 'full', nowMs: T0 });
          store.recordRefusal({ peer: HOP1, messageId: 'x', sender: SENDER, code: 'SENDER_NOT_ALLOWED', reason: 'no', nowMs: T0 });
          assert.deepEqual(store.auditHead(), first, 'not before the commit');
          await store.accept([]);
          assert.equal(store.auditHead()?.seq, 3, 'the permanent refusal only: a transient one is retried');
          assert.notEqual(store.auditHead()?.hash, first?.hash);
          assert.equal(store.auditCheckpointedSeq(), 0);
        }));

      it('purge deletes old messages nothing needs any more', () =>
        withStore(async ({ store }) => {
          const [forwarded, queued, pending, acked, recent] = [doc(), doc(), doc(), doc(), doc()];
          await store.accept([
            item(forwarded, [forward(B1, HOP1)]),
            item(pending, [local(B1)]),
            item(acked, [local(B1)]),
          ]);
          await store.markDelivered([only(await store.leaseDue(HOP1, T0, 10)).entry.id], T0);
          await store.accept([item(queued, [forward(B1, HOP1)])]);
          await store.acknowledge(B1, [acked.id], T0, () => []);
          await store.accept([item(recent, [local(B2)], { nowMs: T0 + DAY })]);
          await store.acknowledge(B2, [recent.id], T0 + DAY, () => []);

          assert.equal(await store.purge(T0 + 1), 2);
          assert.equal(store.message(forwarded.id), null);
          assert.deepEqual(store.recipients(forwarded.id), []);
          assert.equal(store.message(acked.id), null);
          assert.deepEqual(store.inbox(B1, 0, 10, true).map((x) => x.message.id), [pending.id]);
          for (const kept of [queued, pending, recent]) assert.ok(store.message(kept.id), 'still needed');
          assert.equal(await store.purge(T0 + 1), 0);
        }));
    });

    describe('durability', () => {
      it('keeps everything across close and reopen', () =>
        withStore(async ({ store, reopen }) => {
          const m = doc();
          await store.accept([item(m, [forward(B1, HOP1), local(B2), undeliverable(B3, 'unknown')])]);
          store.count('refused', 4);
          await store.accept([]);
          const before = {
            outbox: store.outbox({}),
            inbox: store.inbox(B2, 0, 10, true),
            recipients: store.recipients(m.id),
            counters: store.counters(),
            message: store.message(m.id),
          };
          const again = await reopen();
          assert.deepEqual(again.outbox({}), before.outbox);
          assert.deepEqual(again.inbox(B2, 0, 10, true), before.inbox);
          assert.deepEqual(again.recipients(m.id), before.recipients);
          assert.deepEqual(again.counters(), before.counters);
          assert.deepEqual(again.message(m.id), before.message);
        }));

      it('close() commits writes already issued, and later writes fail with SHUTTING_DOWN', () =>
        withStore(async ({ store, reopen }) => {
          const m = doc();
          const pending = store.accept([item(m, [local(B1)])]);
          store.close();
          assert.equal(only(await pending).duplicate, false);
          await assert.rejects(
            store.accept([item(doc(), [local(B1)])]),
            (err: unknown) => err instanceof LienthongError && err.code === 'SHUTTING_DOWN',
          );
          const again = await reopen();
          assert.equal(only(again.inbox(B1, 0, 10, false)).message.id, m.id);
        }));
    });
  });
}
