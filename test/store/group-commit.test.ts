import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import Database from 'better-sqlite3';
import { LienthongError } from '../../src/domain/errors.js';
import { GroupCommit } from '../../src/store/sqlite/group-commit.js';
import { walFileSync, type WalSync } from '../../src/store/sqlite/wal-sync.js';

const dirs: string[] = [];
after(() => {
  for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
});

function tempDb(): { db: Database.Database; file: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lienthong-gc-'));
  dirs.push(dir);
  const file = path.join(dir, 'store.db');
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.exec('CREATE TABLE t (v INTEGER NOT NULL)');
  return { db, file };
}

const count = (db: Database.Database): number => db.prepare<[], number>('SELECT count(*) FROM t').pluck().get()!;

/** A WalSync whose syncs finish when the test says. */
function heldSync(): WalSync & { started: number; finish: (err?: Error) => void; blocking: number } {
  const held: ((err: Error | null) => void)[] = [];
  const w = {
    started: 0,
    blocking: 0,
    sync(done: (err: Error | null) => void) {
      w.started++;
      held.push(done);
    },
    syncNow() {
      w.blocking++;
    },
    close() {},
    finish(err?: Error) {
      held.shift()!(err ?? null);
    },
  };
  return w;
}

/** A group commit on a real SQLite file whose WAL syncs the test finishes by hand. */
function held(): { db: Database.Database; wal: ReturnType<typeof heldSync>; gc: GroupCommit; insert: (v: number) => number } {
  const { db } = tempDb();
  const wal = heldSync();
  const gc = new GroupCommit(db, (e) => e as Error, { wal });
  const statement = db.prepare('INSERT INTO t (v) VALUES (?)');
  return { db, wal, gc, insert: (v) => statement.run(v).changes };
}

const settled = async (p: Promise<unknown>): Promise<boolean> => {
  let done = false;
  void p.then(() => (done = true), () => (done = true));
  await new Promise((r) => setImmediate(r));
  await new Promise((r) => setImmediate(r));
  return done;
};

describe('group commit', () => {
  it('settles a write only once a WAL sync that started after its commit has finished', async () => {
    const { db, wal, gc, insert } = held();
    const a = gc.run(() => insert(1));
    assert.equal(await settled(a), false, 'committed, not yet synced');
    assert.equal(count(db), 1, 'the transaction is committed');
    assert.equal(wal.started, 1);
    // Two more batches commit while that sync runs: they wait for the next one, which covers both.
    const b = gc.run(() => insert(2));
    await new Promise((r) => setImmediate(r));
    const c = gc.run(() => insert(3));
    await new Promise((r) => setImmediate(r));
    assert.equal(gc.commitCount, 3);
    assert.equal(wal.started, 1, 'one sync at a time');
    wal.finish();
    assert.equal(await a, 1);
    assert.equal(await settled(b), false, 'b committed after the first sync started');
    assert.equal(wal.started, 2, 'the next sync starts at once');
    wal.finish();
    assert.deepEqual(await Promise.all([b, c]), [1, 1]);
    gc.close();
    db.close();
  });

  it('tells `committed` as soon as the transaction commits, before the sync settles the write', async () => {
    const { db, wal, gc, insert } = held();
    const told: number[] = [];
    let visible = -1;
    const a = gc.run(() => insert(1), (r) => {
      told.push(r);
      visible = count(db);
    });
    const b = gc.run(() => insert(2)); // no observer: nothing to tell
    await new Promise((r) => setImmediate(r));
    assert.deepEqual(told, [1], 'told once, with the result, right after the commit');
    assert.equal(visible, 2, 'the batch is committed when it is told');
    assert.equal(await settled(a), false, 'the write itself still waits for its sync');
    assert.equal(await settled(b), false);
    wal.finish();
    assert.deepEqual(await Promise.all([a, b]), [1, 1]);
    db.close();
  });

  it('rejects the write whose `committed` observer throws, and keeps the commit and the others', async () => {
    const { db, wal, gc, insert } = held();
    const a = gc.run(() => insert(1), () => {
      throw new Error('observer broke');
    });
    const b = gc.run(() => insert(2), () => undefined);
    await assert.rejects(a, /observer broke/);
    wal.finish();
    assert.equal(await b, 1);
    assert.equal(count(db), 2);
    db.close();
  });

  it('settles lazy writes alone without a sync, and with the synced write they share a batch with', async () => {
    const { db, wal, gc, insert } = held();
    const lazy = gc.runLazy(() => insert(1));
    gc.flush();
    assert.equal(await lazy, 1);
    assert.equal(wal.started, 0);
    const shared = gc.runLazy(() => insert(2));
    const synced = gc.run(() => insert(3));
    assert.equal(await settled(shared), false, 'a lazy write in a synced batch waits with it');
    wal.finish();
    assert.deepEqual(await Promise.all([shared, synced]), [1, 1]);
    gc.close();
    db.close();
  });

  it('after a failed sync, refuses what waited and everything after with what to do', async () => {
    const { db, wal, gc, insert } = held();
    let told = false;
    const a = gc.run(() => insert(1), () => (told = true));
    await new Promise((r) => setImmediate(r));
    assert.equal(told, true, 'its copies may already have left: the write is refused all the same');
    const b = gc.run(() => insert(2));
    await new Promise((r) => setImmediate(r));
    wal.finish(Object.assign(new Error('EIO: i/o error, fdatasync'), { code: 'EIO' }));
    for (const p of [a, b]) {
      await assert.rejects(p, (e: unknown) => e instanceof LienthongError && e.code === 'INTERNAL' && /could not sync its write-ahead log.*EIO.*restart the node/s.test(e.message));
    }
    await assert.rejects(gc.run(() => insert(3)), /could not sync/);
    assert.throws(() => gc.runUnsynced(() => insert(4)), /could not sync/);
    assert.equal(count(db), 2, 'nothing written after the failure');
    gc.close();
    db.close();
  });

  it('calls a sync that fails for want of space STORE_FULL', async () => {
    const { db, wal, gc, insert } = held();
    const a = gc.run(() => insert(1));
    await new Promise((r) => setImmediate(r));
    wal.finish(Object.assign(new Error('ENOSPC: no space left on device, fdatasync'), { code: 'ENOSPC' }));
    await assert.rejects(a, (e: unknown) => e instanceof LienthongError && e.code === 'STORE_FULL');
    gc.close();
    db.close();
  });

  it('at close, waits for the disk itself and settles what was waiting', async () => {
    const { db, wal, gc, insert } = held();
    const a = gc.run(() => insert(1));
    await new Promise((r) => setImmediate(r));
    const b = gc.run(() => insert(2));
    gc.close();
    assert.equal(wal.blocking, 1);
    assert.deepEqual(await Promise.all([a, b]), [1, 1]);
    wal.finish(); // the sync that was running ends later: nothing is settled twice
    db.close();
  });

  it('syncs the real WAL file, and says so when there is none', async () => {
    const { db, file } = tempDb();
    const gc = new GroupCommit(db, (e) => e as Error, { wal: walFileSync(`${file}-wal`) });
    const results = await Promise.all([1, 2, 3].map((v) => gc.run(() => db.prepare('INSERT INTO t (v) VALUES (?)').run(v).changes)));
    assert.deepEqual(results, [1, 1, 1]);
    gc.close();
    db.close();
    const reopened = new Database(file);
    assert.equal(count(reopened), 3);
    reopened.close();
    const missing = walFileSync(path.join(path.dirname(file), 'no-such-wal'));
    const err = await new Promise<Error | null>((resolve) => missing.sync(resolve));
    assert.match(String(err?.message), /ENOENT/);
  });
});
