/**
 * `lienthong audit verify` against someone who can write the database and knows the (public) hash
 * scheme: drops the triggers, cuts or edits entries, re-hashes the chain and deletes the signed
 * checkpoints that would have shown it. The log is written by the real store, checkpointed the way
 * the node does it (every 5 s while it grows), then edited with SQL; verify runs as a user runs it.
 */
import assert from 'node:assert/strict';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import Database from 'better-sqlite3';
import { CheckpointSigner } from '../../src/audit/audit-checkpoint.js';
import { entryHash, type AuditEvent } from '../../src/audit/audit-entry.js';
import { AUDIT_CHECKPOINT_EVERY_MS } from '../../src/node/audit-checkpoints.js';
import { initPkiDir, issueToDir } from '../../src/pki/files.js';
import { openSqliteStore } from '../../src/store/sqlite/open.js';
import { cli } from '../helpers/cli-run.js';
import { agency, doc, item, local } from '../store/store-fixtures.js';

const NODE = '000.00.00.N01';
const MINUTE = 60_000;

describe('lienthong audit verify: checkpoints deleted to hide a cut or a re-hashed chain', () => {
  let work: string;
  let signer: CheckpointSigner;
  let n = 0;

  before(() => {
    work = mkdtempSync(join(tmpdir(), 'lienthong-audit-cp-'));
    const pki = join(work, 'pki');
    initPkiDir(pki, { commonName: 'test CA' });
    const issued = issueToDir(pki, { code: NODE, role: 'node', outDir: pki });
    signer = new CheckpointSigner(NODE, readFileSync(issued.keyPath), readFileSync(issued.certPath, 'utf8'));
  });

  after(() => rmSync(work, { recursive: true, force: true }));

  /**
   * A node's log: one document delivered locally (2 entries) at each of `bursts` times, each burst
   * signed `AUDIT_CHECKPOINT_EVERY_MS` later as the node does (unless `signLast` is false: a burst
   * the node has not reached its next checkpoint for yet). Returns the data directory.
   */
  async function nodeLog(bursts: number[], signLast = true): Promise<string> {
    const dir = join(work, `node-${++n}`);
    mkdirSync(dir);
    const store = openSqliteStore({ path: join(dir, 'lienthong.sqlite') });
    try {
      for (const [i, at] of bursts.entries()) {
        await store.accept([item(doc(), [local(agency(1))], { nowMs: at })]);
        if (i < bursts.length - 1 || signLast) await store.recordAuditCheckpoint(signer.sign(store.auditHead()!, at + AUDIT_CHECKPOINT_EVERY_MS), signer.certificatePem);
      }
    } finally {
      store.close();
    }
    return dir;
  }

  /** Edits a copy of the store with SQL (triggers dropped first) and returns its data directory. */
  function tampered(dir: string, sql: string, rehashFrom?: number): string {
    const copy = join(work, `tampered-${++n}`);
    mkdirSync(copy);
    for (const f of ['lienthong.sqlite', 'lienthong.sqlite-wal']) if (existsSync(join(dir, f))) copyFileSync(join(dir, f), join(copy, f));
    const db = new Database(join(copy, 'lienthong.sqlite'));
    try {
      db.exec('DROP TRIGGER audit_log_no_update; DROP TRIGGER audit_log_no_delete; DROP TRIGGER audit_checkpoints_no_delete;');
      db.exec(sql);
      if (rehashFrom !== undefined) {
        // The scheme is public: recompute every hash from the edited entry on.
        type Row = { seq: number; at: number; event: string; message_id: string; kind: string; sender: string; recipients: string; peer: string; code: string; reason: string; ref: string };
        let prev = db.prepare('SELECT hash FROM audit_log WHERE seq = ?').pluck().get(rehashFrom - 1) as string | undefined ?? '0'.repeat(64);
        const update = db.prepare('UPDATE audit_log SET prev_hash = ?, hash = ? WHERE seq = ?');
        for (const r of db.prepare<[number], Row>('SELECT * FROM audit_log WHERE seq >= ? ORDER BY seq').all(rehashFrom)) {
          const hash = entryHash({ seq: r.seq, atMs: r.at, event: r.event as AuditEvent, messageId: r.message_id, kind: r.kind, sender: r.sender, recipients: r.recipients === '' ? [] : r.recipients.split('\n'), peer: r.peer, code: r.code, reason: r.reason, ref: r.ref, prevHash: prev });
          update.run(prev, hash, r.seq);
          prev = hash;
        }
      }
    } finally {
      db.close();
    }
    return copy;
  }

  const verify = (dir: string) => cli(['audit', 'verify', '--data-dir', dir]);

  /** Three documents, a minute apart, an hour ago: entries 1 to 6, checkpoints of 2, 4 and 6. */
  let hourOld: string;
  before(async () => {
    const t = Date.now() - 60 * MINUTE;
    hourOld = await nodeLog([t, t + MINUTE, t + 2 * MINUTE]);
  });

  it('passes a healthy log, one whose newest entries wait for the next checkpoint, and a node that just started', async () => {
    const ok = await verify(hourOld);
    assert.equal(ok.code, 0, ok.stdout + ok.stderr);
    assert.match(ok.stdout, /^audit log intact: 6 entries \(1 to 6\), 3 signed checkpoints, the newest covering entry 6/);

    const now = Date.now();
    const live = await verify(await nodeLog([now - 10 * MINUTE, now - 2_000], false));
    assert.equal(live.code, 0, live.stdout + live.stderr);
    assert.match(live.stdout, /^audit log intact: 4 entries .*1 signed checkpoint, the newest covering entry 2/);
    assert.match(live.stdout, /2 entries after the newest checkpoint/);

    const young = await verify(await nodeLog([Date.now() - 1_000], false));
    assert.equal(young.code, 0, young.stdout + young.stderr);
    assert.match(young.stdout, /^audit log intact: 2 entries \(1 to 2\), no signed checkpoint yet/);
  });

  it('(a) entries 5-6 deleted with the checkpoint covering them: the stored message is newer than the log', async () => {
    const r = await verify(tampered(hourOld, 'DELETE FROM audit_log WHERE seq >= 5; DELETE FROM audit_checkpoints WHERE seq >= 5'));
    assert.equal(r.code, 1, r.stdout + r.stderr);
    assert.match(r.stdout, /^audit log TAMPERED: first bad entry 5 \(truncated\)/);
    assert.match(r.stdout, /the store holds message \S+, accepted at .*, but the newest entry is 4 .*entries from 5 on were deleted/);
    assert.match(r.stdout, /entries 1 to 4 check out/);
  });

  it('(a) the same cut leaving an unsigned entry behind: the node kept writing, yet never signed it', async () => {
    const t = Date.now() - 60 * MINUTE;
    // Entries 3-4 unsigned (the node crashed before its next checkpoint), restarted a minute later
    // and signed 3-4 at once at start, then wrote 5-6 and signed them.
    const dir = await nodeLog([t, t + MINUTE], false);
    const store = openSqliteStore({ path: join(dir, 'lienthong.sqlite') });
    await store.recordAuditCheckpoint(signer.sign(store.auditHead()!, t + 2 * MINUTE), signer.certificatePem);
    await store.accept([item(doc(), [local(agency(1))], { nowMs: t + 3 * MINUTE })]);
    await store.recordAuditCheckpoint(signer.sign(store.auditHead()!, t + 3 * MINUTE + AUDIT_CHECKPOINT_EVERY_MS), signer.certificatePem);
    store.close();
    assert.equal((await verify(dir)).code, 0);
    // Cut 5-6 and every checkpoint from 4 on, and the message too: only the policy is left to tell.
    const r = await verify(tampered(dir, 'DELETE FROM audit_log WHERE seq >= 5; DELETE FROM audit_checkpoints WHERE seq >= 4; DELETE FROM messages WHERE accepted_at > (SELECT max(at) FROM audit_log)'));
    assert.equal(r.code, 2, r.stdout + r.stderr);
    assert.match(r.stdout, /^audit log NOT ANCHORED: entries 3 to 4 have no signed checkpoint although they should \(checkpoints missing\)/);
    assert.match(r.stdout, /entries 3 to 4 are older than the checkpoint interval \(entry 3 was written 59 min ago, .*\) but not covered by any signed checkpoint \(no signed checkpoint covers anything after entry 2\)/);
    assert.match(r.stdout, /compare with an anchor kept outside the database \(--anchor/);
    assert.match(r.stdout, /entries 1 to 2 check out/);
  });

  it('(b) entry 3 edited, every hash recomputed, every checkpoint deleted', async () => {
    const r = await verify(tampered(hourOld, `UPDATE audit_log SET reason = 'nothing here' WHERE seq = 3; DELETE FROM audit_checkpoints`, 3));
    assert.equal(r.code, 2, r.stdout + r.stderr);
    assert.match(r.stdout, /^audit log NOT ANCHORED: entries 1 to 6 have no signed checkpoint/);
    assert.match(r.stdout, /entries 1 to 6 are not covered by any signed checkpoint \(there is no signed checkpoint at all\), yet the node was still writing entries 2 min after entry 1 .*checkpoints that covered them were most likely deleted/);
    assert.match(r.stdout, /no entry can be vouched for/);
    assert.match(r.stdout, /what to do: treat entry 1 and everything after it as unproven/);
  });

  it('(c) entry 6 edited, re-hashed, its checkpoint deleted', async () => {
    const r = await verify(tampered(hourOld, `UPDATE audit_log SET recipients = '000.00.00.B09' WHERE seq = 6; DELETE FROM audit_checkpoints WHERE seq >= 6`, 6));
    assert.equal(r.code, 2, r.stdout + r.stderr);
    assert.match(r.stdout, /^audit log NOT ANCHORED: entries 5 to 6 have no signed checkpoint/);
    assert.match(r.stdout, /entries 5 to 6 are older than the checkpoint interval \(entry 5 was written 58 min ago/);
    assert.match(r.stdout, /entries 1 to 4 check out \(2 signed checkpoints, the newest covering entry 4/);
    const j = JSON.parse((await cli(['audit', 'verify', '--data-dir', tampered(hourOld, 'DELETE FROM audit_checkpoints WHERE seq >= 6'), '--json'])).stdout);
    assert.equal(j.ok, false);
    assert.equal(j.problem, null);
    assert.deepEqual([j.missingCheckpoint.fromSeq, j.missingCheckpoint.toSeq, j.missingCheckpoint.evidence], [5, 6, 'overdue']);
  });
});
