/**
 * A node that finds, at start, entries that lost their checkpoints writes one 'unsigned-found' entry
 * before it signs again. If it stops abruptly before that first checkpoint (kill -9, power cut), the
 * next start finds the same tail plus the finding: the finding already records it, so no second one
 * is written. Entries written long after the finding without a checkpoint are a new finding. On a
 * real SQLite store, with an injected clock.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import Database from 'better-sqlite3';
import type { CheckpointSigner } from '../../src/audit/audit-checkpoint.js';
import { AuditCheckpoints } from '../../src/node/audit-checkpoints.js';
import { silentLogger } from '../../src/node/logger.js';
import { openSqliteStore } from '../../src/store/sqlite/open.js';
import type { SqliteStore } from '../../src/store/sqlite/sqlite-store.js';

const T0 = Date.UTC(2026, 10, 23, 2, 0, 0);
const MIN = 60_000;

describe("the audit log's 'unsigned-found' entries across abrupt stops", () => {
  it('one finding per lost range, however often the node is killed before it signs again', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lienthong-unsigned-'));
    let store: SqliteStore | null = null;
    try {
      let nowMs = T0;
      const open = () => openSqliteStore({ path: join(dir, 'db.sqlite') });
      /** One audit entry at `atMs`, committed. */
      const entry = async (s: SqliteStore, atMs: number) => {
        s.recordRefusal({ peer: '000.46.24.H44', messageId: '', sender: '', code: 'INVALID_DOCUMENT', reason: 'x', nowMs: atMs });
        await s.accept([]);
      };
      /** A start: what the node finds before its first checkpoint. */
      const start = (s: SqliteStore) => new AuditCheckpoints({ store: s, signer: {} as CheckpointSigner, now: () => nowMs, log: silentLogger() }).checkUnsignedAtStart();
      const findings = (_s: SqliteStore) => {
        const db = new Database(join(dir, 'db.sqlite'), { readonly: true });
        try {
          return db.prepare(`SELECT ref FROM audit_log WHERE event = 'unsigned-found' ORDER BY seq`).pluck().all() as string[];
        } finally {
          db.close();
        }
      };

      store = open();
      // A node that wrote entries over ten minutes and never signed them (its checkpoints deleted).
      for (let i = 0; i < 5; i++) await entry(store, T0 + i * 2.5 * MIN);
      nowMs = T0 + 11 * MIN;
      assert.equal((await start(store))?.evidence, 'kept-writing');
      assert.deepEqual(findings(store), ['1-5']);

      // Killed before its first checkpoint, restarted: the finding stands, nothing new to record.
      store.close();
      store = open();
      nowMs += MIN;
      assert.equal(await start(store), null, 'the same range is not recorded twice');
      assert.deepEqual(findings(store), ['1-5']);

      // It then ran for ten minutes without signing (its checkpoints deleted again): a new range.
      for (let i = 1; i <= 5; i++) await entry(store, nowMs + i * 2.5 * MIN);
      store.close();
      store = open();
      nowMs += 15 * MIN;
      assert.equal((await start(store))?.fromSeq, 7, 'the entries after the first finding');
      assert.deepEqual(findings(store), ['1-5', '7-11']);
    } finally {
      store?.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
