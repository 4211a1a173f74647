/**
 * `lienthong audit verify` and `audit export`, run as an operator runs them, on the databases of real
 * nodes (in-process, mutual TLS, SQLite files) after real traffic: a forward, deliveries, an ack and
 * a status back, a refusal by the next hop, a send refused at the agency edge, an expiry. Then the
 * database is edited by hand, the way someone with access to the file would, and verify must name
 * the first bad entry.
 */
import assert from 'node:assert/strict';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import Database from 'better-sqlite3';
import { entryHash } from '../../src/audit/audit-entry.js';
import type { AuditEntry } from '../../src/audit/audit-entry.js';
import { AgencyClient } from '../../src/client/agency-client.js';
import { LienthongError } from '../../src/domain/errors.js';
import { cli } from '../helpers/cli-run.js';
import { documentInput, startTestNetwork, type TestNetwork } from '../helpers/in-process-network.js';

const PROVINCE = '000.00.00.H44';
const DISTRICT = '000.00.24.H44';
const COMMUNE = '000.46.24.H44';

/** A line of `audit export`: the stored entry plus its time in ISO 8601. */
type ExportedEntry = AuditEntry & { at: string };

function lines(text: string): ExportedEntry[] {
  return text.split('\n').filter(Boolean).map((l) => JSON.parse(l) as ExportedEntry);
}

describe('lienthong audit on a real node\'s database', () => {
  let t: TestNetwork;
  let work: string;
  let districtDir: string;
  const ids: Record<string, string> = {};

  before(async () => {
    work = mkdtempSync(join(tmpdir(), 'lienthong-audit-cli-'));
    t = await startTestNetwork(
      [
        { name: 'province', code: PROVINCE, agencies: [PROVINCE], extra: { limits: { maxDocumentBytes: '4KiB' } } },
        { name: 'district', code: DISTRICT, parent: 'province', agencies: [DISTRICT] },
        { name: 'commune', code: COMMUNE, parent: 'district', agencies: [COMMUNE] },
      ],
      { expiryEveryMs: 100 },
    );
    districtDir = t.net.nodes.get('district')!.dataDir;
    await t.waitLinksUp();
    await t.stop('commune'); // its copies wait at the district until they expire

    const ca = join(t.net.pkiDir, 'ca.crt');
    const client = (node: string, agency: string) => {
      const n = t.node(node);
      return new AgencyClient({ address: n.address, nodeCode: n.code, tls: { ca, ...t.net.agencyCerts.get(agency)! } });
    };
    const district = client('district', DISTRICT);
    const province = client('province', PROVINCE);
    try {
      // A công văn up one hop, acknowledged (status 01) and registered (status 03) by the recipient.
      ids.doc = (await district.send(documentInput(DISTRICT, [PROVINCE], 'Công văn về kiểm toán'))).messageId;
      await t.waitInbox(PROVINCE, (m) => m.id === ids.doc, 'the document');
      await province.acknowledge(PROVINCE, [ids.doc]);
      ids.status03 = (await province.updateStatus(PROVINCE, ids.doc, '03', 'vào sổ')).statusMessageIds[0]!;
      await t.waitInbox(DISTRICT, (m) => m.status?.refMessageId === ids.doc && m.status.code === '03', 'status 03');

      // Too large for the province: refused there, failed at the district, non-delivery back.
      ids.large = (await district.send(documentInput(DISTRICT, [PROVINCE], 'Báo cáo lớn', Buffer.alloc(10_000, 1)))).messageId;
      await t.waitInbox(DISTRICT, (m) => m.status?.refMessageId === ids.large && m.status.errorCode === 'DOCUMENT_TOO_LARGE', 'non-delivery (too large)');

      // To the commune, which is down: expires at the district.
      ids.expiring = (await district.send({ ...documentInput(DISTRICT, [COMMUNE], 'Giấy mời họp'), expirySeconds: 2 })).messageId;
      await t.waitInbox(DISTRICT, (m) => m.status?.refMessageId === ids.expiring && m.status.errorCode === 'EXPIRED', 'non-delivery (expired)');

      // The district's agency tries to send as another agency: refused at the edge.
      await assert.rejects(district.send({ ...documentInput('000.00.00.H41', [PROVINCE], 'giả mạo'), messageId: '0193aaaa-0000-7000-8000-000000000001' }), (e: LienthongError) => e.code === 'SENDER_NOT_ALLOWED');
    } finally {
      district.close();
      province.close();
    }
  });

  after(async () => {
    await t?.close();
    rmSync(work, { recursive: true, force: true });
  });

  it('verifies while the nodes run (read-only, beside the writer)', async () => {
    const r = await cli(['audit', 'verify', '--data-dir', districtDir]);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /^audit log intact: \d+ entries \(1 to \d+\)/);
  });

  it('exports what happened at each node, as a chain of JSON lines', async () => {
    const d = await cli(['audit', 'export', '--data-dir', districtDir, '--since', '1h']);
    assert.equal(d.code, 0, d.stderr);
    const dl = lines(d.stdout);
    assert.deepEqual(dl.map((e) => e.seq), dl.map((_, i) => i + 1));
    for (let i = 1; i < dl.length; i++) assert.equal(dl[i]!.prevHash, dl[i - 1]!.hash);
    const find = (list: ExportedEntry[], event: string, pred: (e: ExportedEntry) => boolean = () => true) => {
      const e = list.find((x) => x.event === event && pred(x));
      assert.ok(e, `${event} in ${list.map((x) => `${x.event}:${x.messageId.slice(-4)}:${x.code}`).join(' ')}`);
      return e;
    };
    const accepted = find(dl, 'accepted', (e) => e.messageId === ids.doc);
    assert.equal(accepted.peer, DISTRICT, 'taken in from the agency');
    assert.deepEqual(accepted.recipients, [PROVINCE]);
    assert.equal(find(dl, 'forwarded', (e) => e.messageId === ids.doc).peer, PROVINCE);
    assert.equal(find(dl, 'accepted', (e) => e.ref === ids.doc && e.code === '01').peer, PROVINCE, 'status 01 came back');
    assert.equal(find(dl, 'accepted', (e) => e.messageId === ids.status03).reason, 'vào sổ');
    find(dl, 'delivered', (e) => e.messageId === ids.status03);
    assert.match(find(dl, 'failed', (e) => e.messageId === ids.large).code, /DOCUMENT_TOO_LARGE/);
    const expired = find(dl, 'expired', (e) => e.messageId === ids.expiring);
    assert.equal(expired.peer, COMMUNE);
    assert.match(expired.reason, /not delivered to 000\.46\.24\.H44 before it expired/);
    find(dl, 'created', (e) => e.ref === ids.expiring && e.code === 'NON_DELIVERY');
    const refused = find(dl, 'refused', (e) => e.code === 'SENDER_NOT_ALLOWED');
    assert.equal(refused.peer, DISTRICT);
    assert.equal(refused.sender, '000.00.00.H41');
    assert.equal(refused.messageId, '0193aaaa-0000-7000-8000-000000000001');

    const out = join(work, 'province.jsonl');
    const p = await cli(['audit', 'export', '-c', t.net.nodes.get('province')!.configPath, '--since', new Date(Date.now() - 3_600_000).toISOString(), '--out', out]);
    assert.equal(p.code, 0, p.stderr);
    assert.match(p.stdout, /^wrote \d+ audit entries since .* \(entries 1 to \d+\) to /);
    const pl = lines(readFileSync(out, 'utf8'));
    find(pl, 'delivered', (e) => e.messageId === ids.doc && e.recipients[0] === PROVINCE);
    find(pl, 'acknowledged', (e) => e.messageId === ids.doc);
    find(pl, 'created', (e) => e.messageId === ids.status03 && e.code === '03');
    const tooLarge = find(pl, 'refused', (e) => e.messageId === ids.large);
    assert.equal(tooLarge.code, 'DOCUMENT_TOO_LARGE');
    assert.equal(tooLarge.peer, DISTRICT);

    const none = await cli(['audit', 'export', '--data-dir', districtDir, '--since', new Date(Date.now() + 60_000).toISOString()]);
    assert.equal(none.code, 0);
    assert.equal(none.stdout, '', 'nothing after a future time');
  });

  it('refuses a bad command line with exit 64', async () => {
    assert.equal((await cli(['audit', 'verify'])).code, 64);
    assert.equal((await cli(['audit', 'export', '--data-dir', districtDir])).code, 64, '--since is required');
    const both = await cli(['audit', 'verify', '--data-dir', districtDir, '-c', t.net.nodes.get('district')!.configPath]);
    assert.equal(both.code, 64);
    assert.match(both.stderr, /--data-dir, or its configuration with --config \(one of them\)/);
    const since = await cli(['audit', 'export', '--data-dir', districtDir, '--since', 'hôm qua']);
    assert.equal(since.code, 1);
    assert.match(since.stderr, /neither a time nor a duration/);
    const missing = await cli(['audit', 'verify', '--data-dir', join(work, 'nowhere')]);
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /no store at .*: give the node's data directory/);
  });

  describe('after the nodes stop (a last checkpoint anchors every entry)', () => {
    let last: number;
    let refusedSeq: number;

    before(async () => {
      await t.stop('province');
      await t.stop('district');
      const db = new Database(join(districtDir, 'lienthong.sqlite'), { readonly: true });
      last = db.prepare('SELECT max(seq) FROM audit_log').pluck().get() as number;
      refusedSeq = db.prepare(`SELECT seq FROM audit_log WHERE event = 'refused'`).pluck().get() as number;
      assert.equal(db.prepare('SELECT max(seq) FROM audit_checkpoints').pluck().get(), last, 'the stop signed the newest entry');
      db.close();
    });

    /** A copy of the district's store, edited by hand with SQL. */
    function tampered(name: string, sql: string): string {
      copyFileSync(join(districtDir, 'lienthong.sqlite'), join(work, `${name}.sqlite`));
      const wal = join(districtDir, 'lienthong.sqlite-wal');
      if (existsSync(wal)) copyFileSync(wal, join(work, `${name}.sqlite-wal`));
      const db = new Database(join(work, `${name}.sqlite`));
      db.exec(sql);
      db.close();
      return join(work, `${name}.sqlite`);
    }

    /** Re-chains the entries of `file` from `fromSeq` on (an attacker without the node key who recomputes hashes). */
    function rehashFrom(file: string, fromSeq: number): void {
      const db = new Database(file);
      type Row = { seq: number; at: number; event: string; message_id: string; kind: string; sender: string; recipients: string; peer: string; code: string; reason: string; ref: string };
      let prev = db.prepare('SELECT hash FROM audit_log WHERE seq = ?').pluck().get(fromSeq - 1) as string;
      const update = db.prepare('UPDATE audit_log SET prev_hash = ?, hash = ? WHERE seq = ?');
      for (const r of db.prepare<[number], Row>('SELECT * FROM audit_log WHERE seq >= ? ORDER BY seq').all(fromSeq)) {
        const hash = entryHash({ seq: r.seq, atMs: r.at, event: r.event as 'refused', messageId: r.message_id, kind: r.kind, sender: r.sender, recipients: r.recipients === '' ? [] : r.recipients.split('\n'), peer: r.peer, code: r.code, reason: r.reason, ref: r.ref, prevHash: prev });
        update.run(prev, hash, r.seq);
        prev = hash;
      }
      db.close();
    }

    async function verifyCopy(file: string): Promise<{ code: number; stdout: string; stderr: string }> {
      const dir = mkdtempSync(join(work, 'dd-'));
      copyFileSync(file, join(dir, 'lienthong.sqlite'));
      if (existsSync(`${file}-wal`)) copyFileSync(`${file}-wal`, join(dir, 'lienthong.sqlite-wal'));
      const r = await cli(['audit', 'verify', '--data-dir', dir]);
      assert.equal(r.stderr, '', 'no error besides the finding');
      return r;
    }

    it('passes on both untouched stores, checking signers against the CA from the configuration', async () => {
      for (const name of ['district', 'province']) {
        const r = await cli(['audit', 'verify', '-c', t.net.nodes.get(name)!.configPath]);
        assert.equal(r.code, 0, r.stdout + r.stderr);
        assert.match(r.stdout, /audit log intact: \d+ entries .*signed checkpoint/);
        assert.doesNotMatch(r.stdout, /not checked against the network CA|after the newest checkpoint/);
      }
      const j = JSON.parse((await cli(['audit', 'verify', '--data-dir', districtDir, '--json'])).stdout);
      assert.equal(j.ok, true);
      assert.equal(j.lastSeq, last);
      assert.equal(j.unanchored, 0);
      const anchored = await cli(['audit', 'verify', '--data-dir', districtDir, '--anchor', `${j.lastSeq}:${j.lastHash}`, '--anchor', `1:${'0'.repeat(64)}`]);
      assert.equal(anchored.code, 1, 'entry 1 does not have that hash');
      assert.match(anchored.stdout, /first bad entry 1 \(rewritten\)/);
      assert.equal((await cli(['audit', 'verify', '--data-dir', districtDir, '--anchor', `${j.lastSeq}:${j.lastHash}`])).code, 0);
      const bad = await cli(['audit', 'verify', '--data-dir', districtDir, '--anchor', 'bốn']);
      assert.equal(bad.code, 64);
      assert.match(bad.stderr, /is not SEQ:HASH/);
      // Another CA given by mistake: the verdict says which CA was used and to try the right one.
      const other = join(work, 'other-ca');
      assert.equal((await cli(['pki', 'init', '--dir', other])).code, 0);
      const wrongCa = await cli(['audit', 'verify', '--data-dir', districtDir, '--ca', join(other, 'ca.crt')]);
      assert.equal(wrongCa.code, 1);
      assert.match(wrongCa.stdout, new RegExp(`was not issued by the CA given \\(${join(other, 'ca.crt').replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}\\\): if that is not this network's CA, run again with the right one`));
    });

    it('export takes --json (its only format: the same JSON lines) and refuses --no-json', async () => {
      const plain = await cli(['audit', 'export', '--data-dir', districtDir, '--since', '1h']);
      assert.equal(plain.code, 0, plain.stderr);
      const json = await cli(['audit', 'export', '--data-dir', districtDir, '--since', '1h', '--json']);
      assert.equal(json.code, 0, json.stderr);
      assert.equal(json.stdout, plain.stdout, 'byte for byte the output without --json');
      assert.equal(lines(json.stdout).length, last, 'one line per entry');
      const out = join(work, 'district-json.jsonl');
      const toFile = await cli(['audit', 'export', '--data-dir', districtDir, '--since', '1h', '--json', '--out', out]);
      assert.equal(toFile.code, 0, toFile.stderr);
      assert.equal(readFileSync(out, 'utf8'), plain.stdout);
      const text = await cli(['audit', 'export', '--data-dir', districtDir, '--since', '1h', '--no-json']);
      assert.equal(text.code, 64);
      assert.match(text.stderr, /audit export writes JSON lines only \(one entry per line\): drop --no-json/);
      const help = await cli(['audit', 'export', '--help']);
      assert.match(help.stdout.replace(/\s+/g, ' '), /--json JSON lines, one entry per line \(the default and only format; accepted like other commands' --json\)/);
    });

    it('names an entry whose field was changed (triggers dropped first)', async () => {
      const file = tampered('edited', `DROP TRIGGER audit_log_no_update; UPDATE audit_log SET code = 'OK' WHERE seq = ${refusedSeq}`);
      const r = await verifyCopy(file);
      assert.equal(r.code, 1, r.stdout + r.stderr);
      assert.match(r.stdout, new RegExp(`audit log TAMPERED: first bad entry ${refusedSeq} \\(edited\\)`));
      assert.match(r.stdout, new RegExp(`entry ${refusedSeq} \\(refused .*\\) does not match its hash`));
      assert.match(r.stdout, /what to do: treat entry \d+ and everything after it as untrusted/);
    });

    it('names a deleted middle entry', async () => {
      const seq = Math.floor(last / 2);
      const r = await verifyCopy(tampered('deleted', `DROP TRIGGER audit_log_no_delete; DELETE FROM audit_log WHERE seq = ${seq}`));
      assert.equal(r.code, 1);
      assert.match(r.stdout, new RegExp(`first bad entry ${seq} \\(missing\\)`));
      assert.match(r.stdout, new RegExp(`entry ${seq} is missing: the log jumps from ${seq - 1} to ${seq + 1}`));
    });

    it('names two entries swapped', async () => {
      const seq = 4;
      const r = await verifyCopy(tampered('swapped', `DROP TRIGGER audit_log_no_update;
        UPDATE audit_log SET seq = -1 WHERE seq = ${seq}; UPDATE audit_log SET seq = ${seq} WHERE seq = ${seq + 1};
        UPDATE audit_log SET seq = ${seq + 1} WHERE seq = -1`));
      assert.equal(r.code, 1);
      assert.match(r.stdout, new RegExp(`first bad entry ${seq} \\(moved\\)`));
      assert.match(r.stdout, new RegExp(`the entry at seq ${seq} was written as entry ${seq + 1}`));
    });

    it('names the newest entries deleted (beyond the chain: the signed checkpoint shows it)', async () => {
      const r = await verifyCopy(tampered('truncated', `DROP TRIGGER audit_log_no_delete; DELETE FROM audit_log WHERE seq > ${last - 3}`));
      assert.equal(r.code, 1);
      assert.match(r.stdout, new RegExp(`first bad entry ${last - 2} \\(truncated\\)`));
      assert.match(r.stdout, new RegExp(`entries ${last - 2} to ${last} were deleted`));
    });

    it('names a chain edited and re-hashed by someone without the node key', async () => {
      const file = tampered('rehashed', `DROP TRIGGER audit_log_no_update; UPDATE audit_log SET peer = '000.00.00.H29' WHERE seq = ${refusedSeq}`);
      rehashFrom(file, refusedSeq);
      const r = await verifyCopy(file);
      assert.equal(r.code, 1, r.stdout);
      assert.match(r.stdout, /\(rewritten\)/);
      assert.match(r.stdout, /but the checkpoint signed at .* fixed .*: entries \d+ to \d+ were rewritten/);
      const first = Number(/first bad entry (\d+)/.exec(r.stdout)![1]);
      assert.ok(first <= refusedSeq, `the edited entry ${refusedSeq} is not among those said to check out (first bad entry ${first})`);
    });

    it('a node started on a log re-hashed with its checkpoints deleted does not vouch for it: it records what it found, and verify goes on reporting it', async () => {
      // The attacker of the test above, who also deletes the checkpoints that would expose the
      // re-hash and whose entries span minutes (a node that ran, and should have signed them).
      const file = tampered('unsigned', `DROP TRIGGER audit_log_no_update; DROP TRIGGER audit_checkpoints_no_delete;
        UPDATE audit_log SET peer = '000.00.00.H29' WHERE seq = ${refusedSeq};
        DELETE FROM audit_checkpoints WHERE seq >= 2;
        UPDATE audit_log SET at = at + (seq - 1) * 10000 WHERE seq >= 2;`);
      const db = new Database(file, { readonly: true });
      const from = (db.prepare('SELECT coalesce(max(seq), 0) FROM audit_checkpoints').pluck().get() as number) + 1;
      db.close();
      rehashFrom(file, 2);
      const before = await verifyCopy(file);
      assert.equal(before.code, 2, before.stdout);
      assert.match(before.stdout, /NOT ANCHORED/);

      // The district refuses the doctored store: its newest entry is not the one it signed last
      // (audit-head.json, outside the database).
      for (const ext of ['', '-wal', '-shm']) rmSync(join(districtDir, `lienthong.sqlite${ext}`), { force: true });
      copyFileSync(file, join(districtDir, 'lienthong.sqlite'));
      await assert.rejects(t.start('district'), (e: LienthongError) => e.code === 'AUDIT_ENTRIES_LOST' && new RegExp(`^the store lost audit entries this node had committed: entry ${last} in the store hashes to`).test(e.message));
      // An attacker who can write the data directory deletes that record too: the district then
      // restarts on the doctored store, signs its checkpoints and stops again.
      rmSync(join(districtDir, 'audit-head.json'));
      await t.start('district');
      await t.stop('district');
      const r = await cli(['audit', 'verify', '-c', t.net.nodes.get('district')!.configPath]);
      assert.equal(r.code, 2, r.stdout + r.stderr);
      assert.match(r.stdout, /^audit log NOT ANCHORED: the node recorded, when it started, entries that had lost their signed checkpoints$/m);
      assert.match(r.stdout, new RegExp(`at a start, the node found entries ${from}-${last} unsigned: entries ${from} to ${last} are not covered by any signed checkpoint .*yet the node was still writing entries`));
      assert.match(r.stdout, new RegExp(`what to do: treat entries ${from} on as unproven until an anchor`));
      const exported = lines((await cli(['audit', 'export', '--since', '1d', '-c', t.net.nodes.get('district')!.configPath])).stdout);
      const found = exported.filter((e) => e.event === 'unsigned-found');
      assert.equal(found.length, 1, 'one finding, written before the first checkpoint of the run');
      assert.equal(found[0]!.code, 'AUDIT_UNSIGNED');
    });
  });
});
