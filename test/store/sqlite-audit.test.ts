/**
 * The audit log in the SQLite store: each verb appends its entries in its own commit (and only if
 * it commits), the chain verifies, the table refuses changes, purge leaves it alone.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import Database from 'better-sqlite3';
import { CheckpointSigner } from '../../src/audit/audit-checkpoint.js';
import type { AuditEntry } from '../../src/audit/audit-entry.js';
import { verifyAudit } from '../../src/audit/audit-verify.js';
import { initPkiDir, issueToDir } from '../../src/pki/files.js';
import { AuditReader } from '../../src/store/sqlite/audit-reader.js';
import { openSqliteStore } from '../../src/store/sqlite/open.js';
import type { SqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import { agency, DAY, doc, forward, HOP1, HOP2, item, local, nonDelivery, SENDER, status, T0, undeliverable } from './store-fixtures.js';

const dirs: string[] = [];
after(() => {
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
});

function tempFile(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lienthong-audit-store-'));
  dirs.push(dir);
  return path.join(dir, 'lienthong.sqlite');
}

function readLog(file: string): AuditEntry[] {
  const r = AuditReader.open(file);
  try {
    return [...r.entries()];
  } finally {
    r.close();
  }
}

function verify(file: string) {
  const r = AuditReader.open(file);
  try {
    return r.snapshot((x) => verifyAudit(x, { trustSigner: () => null }));
  } finally {
    r.close();
  }
}

const brief = (e: AuditEntry) => [e.event, e.kind, `[${e.recipients.join(' ')}]`, e.peer, e.code].filter(Boolean).join(' ');

describe('SqliteStore audit log', () => {
  it('records every event of the verbs, in commit order, as a chain that verifies', async () => {
    const file = tempFile();
    const store: SqliteStore = openSqliteStore({ path: file, nowMs: () => T0 });
    try {
      const [B1, B2, B3] = [agency(1), agency(2), agency(3)];
      const a = doc();
      await store.accept([item(a, [local(B1), forward(B2, HOP1), undeliverable(B3, 'no route to B03')])]);
      await store.accept([item(a, [local(B1)])]); // a duplicate commits nothing new: no entry
      const [t] = await store.leaseDue(HOP1, T0, 1);
      await store.markDelivered([t!.entry.id], T0 + 1);
      await store.acknowledge(B1, [a.id], T0 + 2, (i) => [item(status(i.message.id, '01', { from: B1, to: SENDER }), [forward(SENDER, HOP1)], { receivedFrom: 'local' })]);

      const b = doc({ expiresAtMs: T0 + 10 });
      await store.accept([item(b, [forward(B1, HOP1)])]);
      await store.expireDue(T0 + 11, nonDelivery(T0 + 11));
      const [expired] = store.outbox({ state: 'expired' });
      await store.requeue([expired!.id], T0 + 12, DAY);
      await store.remove([expired!.id]);

      const c = doc();
      await store.accept([item(c, [forward(B2, HOP1)])]);
      const leased = await store.leaseDue(HOP1, T0, 10);
      const cEntry = leased.find((x) => x.message.id === c.id)!;
      await store.fail([cEntry.entry.id], 'SENDER_NOT_ALLOWED', 'peer refused it', T0 + 20, nonDelivery(T0 + 20));

      store.recordRefusal({ peer: HOP1, messageId: 'm-refused', sender: '000.00.00.H29', code: 'INVALID_DOCUMENT', reason: 'body does not match', nowMs: T0 + 30 });
      await store.accept([]); // the refusal joins this commit
      store.close();

      const log = readLog(file);
      assert.deepEqual(log.map((e) => e.seq), log.map((_, i) => i + 1), 'seq from 1 without gaps');
      assert.deepEqual(log.map(brief), [
        `accepted document [${B1} ${B2} ${B3}] ${HOP2}`,
        `delivered document [${B1}]`,
        `undeliverable document [${B3}] UNKNOWN_RECIPIENT`,
        `forwarded document [${B2}] ${HOP1}`,
        `acknowledged document [${B1}] ${B1}`,
        `created status [${SENDER}] 01`,
        `accepted document [${B1}] ${HOP2}`,
        `expired document [${B1}] ${HOP1} EXPIRED`,
        `created status [${SENDER}] NON_DELIVERY`,
        `delivered status [${SENDER}]`,
        `requeued document [${B1}] ${HOP1}`,
        `removed document [${B1}] ${HOP1}`,
        `accepted document [${B2}] ${HOP2}`,
        `failed document [${B2}] ${HOP1} SENDER_NOT_ALLOWED`,
        `created status [${SENDER}] NON_DELIVERY`,
        `delivered status [${SENDER}]`,
        `refused [] ${HOP1} INVALID_DOCUMENT`,
      ]);
      assert.equal(log[2]!.reason, 'no route to B03');
      assert.equal(log[5]!.ref, a.id, 'a status names the document it is about');
      assert.equal(log[1]!.atMs, T0);
      assert.equal(log[3]!.atMs, T0 + 1, 'dated by the verb\'s clock');
      assert.equal(log.at(-1)!.messageId, 'm-refused');
      assert.equal(log.at(-1)!.sender, '000.00.00.H29');
      const report = verify(file);
      assert.equal(report.ok, true, report.problem?.detail);
      assert.equal(report.lastSeq, log.length);
    } finally {
      store.close();
    }
  });

  it('a write that fails in a batch leaves no entry, and the chain stays whole', async () => {
    const file = tempFile();
    const store = openSqliteStore({ path: file });
    await store.accept([item(doc(), [forward(agency(1), HOP1)])]);
    const [leased] = await store.leaseDue(HOP1, T0, 1);
    const a = doc();
    const b = doc();
    const results = await Promise.allSettled([
      store.accept([item(a, [local(agency(1))])]),
      store.fail([leased!.entry.id], 'X', 'y', T0, () => {
        throw new Error('follow-up builder failed');
      }),
      store.accept([item(b, [local(agency(2))])]),
    ]);
    assert.deepEqual(results.map((r) => r.status), ['fulfilled', 'rejected', 'fulfilled']);
    store.close();
    const log = readLog(file);
    assert.deepEqual(log.map((e) => `${e.seq} ${e.event}`), ['1 accepted', '2 accepted', '3 delivered', '4 accepted', '5 delivered']);
    assert.equal(log.some((e) => e.event === 'failed'), false, 'the failed write left no entry');
    assert.equal(verify(file).ok, true);
  });

  it('refuses to change or delete entries, and purge keeps them', async () => {
    const file = tempFile();
    const store = openSqliteStore({ path: file });
    const m = doc();
    await store.accept([item(m, [local(agency(1))])]);
    await store.acknowledge(agency(1), [m.id], T0, () => []);
    assert.equal(await store.purge(T0 + 40 * DAY), 1, 'the message itself is purged');
    store.close();
    assert.equal(readLog(file).length, 3, 'its audit entries stay');
    const raw = new Database(file);
    try {
      assert.throws(() => raw.prepare(`UPDATE audit_log SET reason = 'x' WHERE seq = 1`).run(), /append-only: entries cannot be changed/);
      assert.throws(() => raw.prepare('DELETE FROM audit_log WHERE seq = 3').run(), /append-only: entries cannot be deleted/);
      raw.prepare(`INSERT INTO audit_checkpoints (seq, hash, at, node_code, signer, signature) VALUES (3, 'h', 0, 'n', 's', 'x')`).run();
      assert.throws(() => raw.prepare('DELETE FROM audit_checkpoints').run(), /checkpoints are append-only/);
      assert.throws(() => raw.prepare('UPDATE audit_checkpoints SET seq = 2').run(), /checkpoints are append-only/);
    } finally {
      raw.close();
    }
  });

  it('records signed checkpoints and knows the newest one; a refusal after close is dropped quietly', async () => {
    const file = tempFile();
    const pki = path.join(path.dirname(file), 'pki');
    initPkiDir(pki, { commonName: 'test CA' });
    const issued = issueToDir(pki, { code: '000.00.00.N01', role: 'node', outDir: pki });
    const signer = new CheckpointSigner('000.00.00.N01', fs.readFileSync(issued.keyPath), fs.readFileSync(issued.certPath, 'utf8'));
    const store = openSqliteStore({ path: file });
    assert.equal(store.auditHead(), null);
    assert.equal(store.auditCheckpointedSeq(), 0);
    assert.equal(store.auditCheckpointNode(), null);
    await store.accept([item(doc(), [local(agency(1))])]);
    const head = store.auditHead()!;
    assert.equal(head.seq, 2);
    await store.recordAuditCheckpoint(signer.sign(head, T0), signer.certificatePem);
    assert.equal(store.auditCheckpointedSeq(), 2);
    assert.equal(store.auditCheckpointNode(), '000.00.00.N01', 'the node it was signed for');
    store.close();
    assert.doesNotThrow(() => store.recordRefusal({ peer: HOP1, messageId: '', sender: '', code: 'X', reason: '', nowMs: T0 }));
    const r = verify(file);
    assert.equal(r.ok, true, r.problem?.detail);
    assert.equal(r.checkpoints, 1);
    assert.equal(r.unanchored, 0);
  });
});
