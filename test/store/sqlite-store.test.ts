import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import Database from 'better-sqlite3';
import { LienthongError } from '../../src/domain/errors.js';
import { openSqliteStore, type SqliteStoreOptions } from '../../src/store/sqlite/open.js';
import type { SqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import { runStoreConformance, type StoreHarness } from './store-conformance.js';
import { agency, doc, forward, HOP1, item, local, NODE, status, T0 } from './store-fixtures.js';

const dirs: string[] = [];
after(() => {
  for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
});

function tempFile(): string {
  const dir = fs.mkdtempSync(os.tmpdir() + '/lienthong-store-');
  dirs.push(dir);
  return path.join(dir, 'store.db');
}

interface SqliteHarness extends StoreHarness {
  store: SqliteStore;
  file: string;
  reopen: () => Promise<SqliteStore>;
}

function harness(opts: Omit<SqliteStoreOptions, 'path'> = {}): SqliteHarness {
  const file = tempFile();
  let current = openSqliteStore({ ...opts, path: file });
  return {
    store: current,
    file,
    reopen: async () => {
      current.close();
      current = openSqliteStore({ ...opts, path: file });
      return current;
    },
    cleanup: async () => {
      current.close();
      fs.rmSync(path.dirname(file), { recursive: true, force: true });
    },
  };
}

async function withSqlite(
  opts: Omit<SqliteStoreOptions, 'path'>,
  fn: (h: SqliteHarness) => Promise<void>,
): Promise<void> {
  const h = harness(opts);
  try {
    await fn(h);
  } finally {
    await h.cleanup();
  }
}

function isStoreFull(err: unknown): boolean {
  return (
    err instanceof LienthongError &&
    err.code === 'STORE_FULL' &&
    err.message.includes('limits.maxStoreBytes') &&
    err.message.includes('free disk space')
  );
}

runStoreConformance('sqlite', async () => harness());

describe('SqliteStore', () => {
  it('records migrations in schema_migrations and applies them once', () =>
    withSqlite({ nowMs: () => T0 }, async ({ store, reopen, file }) => {
      const applied = [
        { version: 1, name: 'initial', appliedAtMs: T0 },
        { version: 2, name: 'undeliverable-counter', appliedAtMs: T0 },
        { version: 3, name: 'attachments', appliedAtMs: T0 },
        { version: 4, name: 'audit', appliedAtMs: T0 },
        { version: 5, name: 'edxml-documents-by-message', appliedAtMs: T0 },
      ];
      assert.deepEqual(store.migrations(), applied);
      const again = await reopen();
      assert.deepEqual(again.migrations(), applied);
      again.close();
      const raw = new Database(file, { readonly: true });
      try {
        assert.equal(raw.prepare('SELECT count(*) FROM schema_migrations').pluck().get(), applied.length);
        // Purging a message finds its edXML DocumentId rows by index, not by scanning the table.
        const plan = raw.prepare('EXPLAIN QUERY PLAN DELETE FROM edxml_documents WHERE message_id = ?').all('x') as { detail: string }[];
        assert.match(plan.map((p) => p.detail).join('; '), /USING (COVERING )?INDEX edxml_documents_message/);
      } finally {
        raw.close();
      }
    }));

  it('refuses a store written by a newer schema', () =>
    withSqlite({}, async ({ store, file }) => {
      store.close();
      const raw = new Database(file);
      raw.prepare(`INSERT INTO schema_migrations VALUES (999, 'future', 0)`).run();
      raw.close();
      assert.throws(() => openSqliteStore({ path: file }), /schema is at version 999/);
    }));

  it('runs in WAL mode, committing with synchronous=NORMAL (the WAL is synced after each commit)', () =>
    withSqlite({}, async ({ store, file }) => {
      const d = store.diagnostics();
      assert.equal(d.journalMode, 'wal');
      assert.equal(d.synchronous, 'NORMAL');
      assert.ok(d.busyTimeoutMs > 0);
      await store.accept([item(doc(), [local(agency(1))])]);
      assert.ok(fs.existsSync(file + '-wal'));
    }));

  it('refuses every write once its WAL cannot be synced, and says so for health checks', () =>
    withSqlite({}, async ({ store, file }) => {
      assert.equal(store.writeFault(), null);
      assert.equal(store.canAccept(), true);
      // The WAL file disappears under the node (a failing disk, an operator's mistake): the sync
      // that should make the next commit durable cannot open it.
      fs.rmSync(file + '-wal');
      await assert.rejects(store.accept([item(doc(), [local(agency(1))])]), (err: unknown) =>
        err instanceof LienthongError && err.code === 'INTERNAL' && /could not sync its write-ahead log/.test(err.message) && /restart the node/.test(err.message));
      assert.equal(store.canAccept(), false, 'health reports NOT_SERVING');
      assert.match(store.writeFault() ?? '', /could not sync its write-ahead log to disk \(ENOENT/);
      await assert.rejects(store.accept([item(doc(), [local(agency(2))])]), /could not sync its write-ahead log/, 'later writes are refused too');
    }));

  it('commits writes issued in the same tick in one transaction', () =>
    withSqlite({}, async ({ store }) => {
      const before = store.commitCount;
      const writes = [];
      for (let i = 0; i < 20; i++) writes.push(store.accept([item(doc(), [forward(agency(1), HOP1)])]));
      const early = await store.leaseDue(HOP1, T0, 5);
      assert.equal(early.length, 0, 'a lease sees only committed entries');
      store.count('refused', 1);
      await Promise.all(writes);
      assert.equal(store.commitCount, before + 1);
      assert.equal(store.outbox({}).length, 20);
      assert.equal((await store.leaseDue(HOP1, T0, 5)).length, 5);
      assert.equal(store.commitCount, before + 1, 'a lease is not a synced commit');
      assert.equal(store.outbox({ state: 'inflight' }).length, 5);
      assert.equal(store.counters().refused, 1);
      await store.accept([]);
      assert.equal(store.commitCount, before + 2);
    }));

  it('commits acknowledged entries without an fsync of their own, and with one when they share a batch', async () => {
    const synced: number[] = [];
    await withSqlite({ onCommit: (_s, writes) => synced.push(writes) }, async ({ store, reopen }) => {
      await store.accept([item(doc(), [forward(agency(1), HOP1)]), item(doc(), [forward(agency(2), HOP1)])]);
      const [a, b] = await store.leaseDue(HOP1, T0, 2);
      synced.length = 0;
      const before = store.commitCount;
      await store.markDelivered([a!.entry.id], T0);
      assert.equal(store.commitCount, before + 1, 'the acknowledgement is committed');
      assert.deepEqual(synced, [], 'alone, it is not a synced commit');
      await Promise.all([store.markDelivered([b!.entry.id], T0), store.accept([item(doc(), [local(agency(3))])])]);
      assert.deepEqual(synced, [2], 'with a document, it rides on its synced commit');
      const again = await reopen();
      assert.equal(again.outbox({}).length, 0, 'committed, so still gone after reopening');
    });
  });

  it('a failing write in a batch fails alone', () =>
    withSqlite({}, async ({ store }) => {
      const a = doc();
      const b = doc();
      await store.accept([item(doc(), [forward(agency(1), HOP1)])]);
      const [leased] = await store.leaseDue(HOP1, T0, 1);
      const results = await Promise.allSettled([
        store.accept([item(a, [local(agency(1))])]),
        store.fail([leased!.entry.id], 'X', 'y', T0, () => {
          throw new Error('follow-up builder failed');
        }),
        store.accept([item(b, [local(agency(2))])]),
      ]);
      assert.deepEqual(
        results.map((r) => r.status),
        ['fulfilled', 'rejected', 'fulfilled'],
      );
      assert.ok(store.message(a.id));
      assert.ok(store.message(b.id));
      assert.equal(store.outbox({})[0]?.state, 'inflight');
    }));

  it('refuses accept with STORE_FULL near maxBytes, keeps draining, and resumes once space is freed', () =>
    withSqlite({ maxBytes: 512 * 1024 }, async ({ store }) => {
      let full: unknown;
      let accepted = 0;
      for (let i = 0; i < 1000 && full === undefined; i++) {
        await store.accept([item(doc({ body: 'x'.repeat(4000) }), [forward(agency(1), HOP1)])]).then(
          () => accepted++,
          (err: unknown) => (full = err),
        );
      }
      assert.ok(isStoreFull(full), `expected STORE_FULL, got ${String(full)}`);
      assert.ok(accepted > 10);
      assert.match(store.fullReason() ?? '', /is full: it is at its limit of 524288 bytes \(limits\.maxStoreBytes/, 'status and check say why');
      assert.equal(store.canAccept(), false, 'health: NOT_SERVING');
      const d = store.diagnostics();
      assert.ok(d.pageCount - d.freePages < d.maxPageCount, 'accept stops while pages are left for draining');

      const leased = await store.leaseDue(HOP1, T0, 10);
      const refused = store.accept([item(doc(), [local(agency(2))])]);
      const delivered = store.markDelivered(
        leased.map((t) => t.entry.id),
        T0,
      );
      await assert.rejects(refused, isStoreFull);
      await delivered;
      assert.equal(store.outbox({}).length, accepted - leased.length);
      assert.equal(await store.remove(store.entryIds(HOP1, ['queued']).slice(0, 5)), 5);

      const usedBefore = d.pageCount - d.freePages;
      const rest = await store.leaseDue(HOP1, T0, 1000);
      await store.markDelivered(
        rest.map((t) => t.entry.id),
        T0,
      );
      const after = store.diagnostics();
      assert.ok(after.pageCount - after.freePages < usedBefore * 0.6, `delivered bodies give their space back: ${after.pageCount - after.freePages} pages used of ${usedBefore}`);
      const r = await store.accept([item(doc({ body: 'x'.repeat(4000) }), [local(agency(2))])]);
      assert.equal(r[0]?.duplicate, false, 'accepting again without waiting for the retention purge');
      assert.equal(store.fullReason(), null);
      assert.equal(store.canAccept(), true);
      assert.ok((await store.purge(T0 + 1)) > 0);
    }));

  it('a store at its limit takes every acknowledgement, while its parent keeps offering documents into the room each one frees', () =>
    withSqlite({ maxBytes: 2 * 1024 * 1024 }, async ({ store }) => {
      const inbox: string[] = [];
      /** `n` documents of 20 KB for the agency here, taken together as a link's batch is; false when refused as full. */
      const offer = async (n = 1): Promise<boolean> => {
        const ms = Array.from({ length: n }, () => doc({ body: 'x'.repeat(20_000) }));
        return store.accept(ms.map((m) => item(m, [local(agency(2))]))).then(
          () => inbox.push(...ms.map((m) => m.id)) > 0,
          (err: unknown) => (isStoreFull(err) ? false : assert.fail(String(err))),
        );
      };
      while (await offer());
      assert.ok(inbox.length > 20, `${inbox.length} delivered before the store was full`);
      // Each acknowledgement is answered with a status 01 of about 1.5 KB (a signed envelope) that
      // waits in the outbox; after each, the parent offers its queued documents again, a batch of 8.
      const status01 = (about: string) => {
        const s = status(about, '01', { from: agency(2), recipient: agency(2), reason: 'đã nhận '.repeat(150) });
        return [item(s, [forward(s.to[0]!, HOP1)], { receivedFrom: 'local', trace: [{ nodeCode: NODE, atMs: T0 }] })];
      };
      let acknowledged = 0;
      let taken = 0;
      for (let round = 0; round < 300 && inbox.length > 0; round++) {
        const id = inbox.shift()!;
        assert.deepEqual(await store.acknowledge(agency(2), [id], T0, (i) => status01(i.message.id)), [id], `round ${round}: acknowledging ${id}`);
        acknowledged++;
        if (await offer(8)) taken += 8;
      }
      assert.ok(taken >= 40, `${acknowledged} acknowledged; the room each acknowledgement freed took new documents (${taken})`);
      assert.equal(store.outbox({}).length, acknowledged, 'every status 01 queued');
    }));

  it('a full disk (no maxStoreBytes): STORE_FULL saying so, reported until a write succeeds again', () =>
    withSqlite({}, async ({ store }) => {
      // The connection's page limit stands in for a disk with no space left: SQLite answers SQLITE_FULL either way.
      const db = (store as unknown as { db: { pragma(p: string, o?: object): unknown } }).db;
      const used = db.pragma('page_count', { simple: true }) as number;
      db.pragma(`max_page_count = ${used + 40}`);
      let full: unknown;
      for (let i = 0; i < 200 && full === undefined; i++) {
        await store.accept([item(doc({ body: 'x'.repeat(8000) }), [local(agency(1))])]).catch((err: unknown) => (full = err));
      }
      assert.ok(full instanceof LienthongError && full.code === 'STORE_FULL', `expected STORE_FULL, got ${String(full)}`);
      assert.match(full.message, /cannot grow: the disk holding it is full\. Nothing can be taken in \(not even an agency's acknowledgement\)/);
      assert.match(store.fullReason() ?? '', /the disk holding it is full.*\(a write failed for lack of space at \d{4}-/);
      assert.equal(store.canAccept(), false, 'health: NOT_SERVING');
      db.pragma('max_page_count = 1073741823');
      await store.accept([item(doc(), [local(agency(2))])]);
      assert.equal(store.fullReason(), null, 'a write went through: there is room again');
      assert.equal(store.canAccept(), true);
    }));

  it('maps a write too large for maxBytes to STORE_FULL', () =>
    withSqlite({ maxBytes: 256 * 1024 }, async ({ store }) => {
      const huge = doc({ body: 'x'.repeat(1024 * 1024) });
      await assert.rejects(store.accept([item(huge, [local(agency(1))])]), isStoreFull);
      assert.equal(store.message(huge.id), null);
      await store.accept([item(doc(), [local(agency(1))])]);
    }));

  it('quarantines an entry whose message is corrupt instead of wedging its queue', () =>
    withSqlite({}, async ({ store, file }) => {
      const bad = doc();
      const good = doc();
      await store.accept([item(bad, [forward(agency(1), HOP1)]), item(good, [forward(agency(1), HOP1)])]);
      const raw = new Database(file);
      raw.prepare(`UPDATE messages SET envelope = '{' WHERE id = ?`).run(bad.id);
      raw.close();
      const leased = await store.leaseDue(HOP1, T0, 10);
      assert.deepEqual(
        leased.map((t) => t.message.id),
        [good.id],
      );
      const parked = store.outbox({ state: 'failed' });
      assert.equal(parked.length, 1);
      assert.match(parked[0]!.lastError, /^quarantined:/);
      assert.equal(store.counters().failed, 1);
    }));
});
