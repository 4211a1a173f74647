/**
 * The examiner's case, with real `lienthong start` processes on 127.0.0.1: a district node holds
 * three documents it acknowledged to its agency (its parent is down, so they wait in its outbox),
 * signs a checkpoint of them, is killed with SIGKILL, and its `lienthong.sqlite-wal` is deleted.
 * The database alone is coherent (an older state), so only the node's record of its newest
 * checkpoint outside the database (`audit-head.json`) can tell that committed entries are gone:
 * `audit verify` on a copy fails, `check-config` and `start` refuse the store, `start
 * --accept-audit-loss` logs the loss, records it in the log, and `check`, `status` and `audit verify`
 * report it from then on.
 */
import assert from 'node:assert/strict';
import { cpSync, existsSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import Database from 'better-sqlite3';
import { waitFor } from '../../scripts/lib/wait-for.js';
import { AgencyClient } from '../../src/client/agency-client.js';
import type { StatusResponse__Output } from '../../src/gen/lienthong/v1/StatusResponse.js';
import { cli } from '../helpers/cli-run.js';
import { documentInput } from '../helpers/in-process-network.js';
import { startProcessNetwork, type ProcessNetwork } from '../helpers/process-network.js';

const PROVINCE = '000.00.00.H44';
const DISTRICT = '000.00.24.H44';
const TOPOLOGY = [
  { name: 'h44', code: PROVINCE, agencies: [PROVINCE] },
  { name: 'd24', code: DISTRICT, parent: 'h44', agencies: [DISTRICT] },
];

describe('a store that lost its WAL after a crash (real processes)', () => {
  let pn: ProcessNetwork;
  const district = () => pn.net.nodes.get('d24')!;
  const dataDir = () => district().dataDir;
  const db = () => join(dataDir(), 'lienthong.sqlite');
  const logLines = () => readFileSync(join(dirname(district().configPath), 'node.log'), 'utf8').split('\n').filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l) as { level: number; msg: string; fromSeq?: number; toSeq?: number });
  const head = () => JSON.parse(readFileSync(join(dataDir(), 'audit-head.json'), 'utf8')) as { seq: number; hash: string; atMs: number };
  const storeHead = () => {
    const d = new Database(db(), { readonly: true });
    try {
      return d.prepare('SELECT max(seq) FROM audit_log').pluck().get() as number;
    } finally {
      d.close();
    }
  };

  before(async () => {
    pn = await startProcessNetwork('lienthong-lost-wal-', TOPOLOGY);
  });
  after(async () => {
    await pn?.close();
  });

  it('is caught by verify on a copy, refused at start, and recorded once the operator accepts it', async () => {
    const d24 = pn.procs.get('d24')!;
    const send = async (subjects: string[]) => {
      const client = new AgencyClient({ address: district().address, nodeCode: DISTRICT, tls: { ca: join(pn.net.pkiDir, 'ca.crt'), ...pn.net.agencyCerts.get(DISTRICT)! } });
      try {
        for (const subject of subjects) await client.send(documentInput(DISTRICT, [PROVINCE], subject));
      } finally {
        client.close();
      }
    };
    // Some history first: a document forwarded to the parent.
    await send(['Báo cáo tháng']);
    await waitFor('the first document forwarded', async () => (await pn.call<StatusResponse__Output>('d24', 'Status', {})).outboxTotal === 0 || null);
    // The parent is down: what the district's agency sends next waits in its outbox.
    await pn.procs.get('h44')!.stop();
    // A clean stop and start: the database file holds everything so far, the WAL nothing.
    assert.equal(await d24.stop(), 0);
    assert.equal(storeHead(), head().seq, 'a clean stop records its last checkpoint outside the database');
    const before = head().seq;
    await d24.start();

    await send(['Công văn số 1', 'Công văn số 2', 'Công văn số 3']);
    assert.equal((await pn.call<StatusResponse__Output>('d24', 'Status', {})).outboxTotal, 3);
    // Acknowledged, queued and signed: the newest checkpoint (every 5 s while entries arrive) is recorded outside the database.
    const signed = await waitFor('the checkpoint of the three documents', async () => {
      const h = existsSync(join(dataDir(), 'audit-head.json')) ? head() : null;
      return h && h.seq > before && h.seq === storeHead() ? h : null;
    }, 20_000, 200);

    await d24.kill();
    rmSync(`${db()}-wal`);
    assert.equal(storeHead(), before, 'the database file alone ends where the clean stop left it');
    const lost = `${before + 1} to ${signed.seq}`;

    // verify on a copy of the data directory: the record outside the database shows the cut.
    const copy = join(pn.dir, 'copy');
    cpSync(dataDir(), copy, { recursive: true, filter: (src) => !src.endsWith('.sock') && !src.endsWith('.lock') });
    const onCopy = await cli(['audit', 'verify', '--data-dir', copy]);
    assert.equal(onCopy.code, 1, onCopy.stdout + onCopy.stderr);
    assert.match(onCopy.stdout, new RegExp(`^audit log TAMPERED: first bad entry ${before + 1} \\(truncated\\)`));
    assert.match(onCopy.stdout, new RegExp(`the log ends at entry ${before}, but .*audit-head\\.json \\(the node's record of its newest checkpoint, signed .*\\) names for entry ${signed.seq}: entries ${lost} were deleted`));
    // Without the record, the copy passes: nothing in the database itself shows the loss.
    rmSync(join(copy, 'audit-head.json'));
    assert.equal((await cli(['audit', 'verify', '--data-dir', copy])).code, 0);

    const checked = await cli(['check-config', '-c', district().configPath]);
    assert.notEqual(checked.code, 0, checked.stdout);
    assert.match(checked.stdout, new RegExp(`the store lost audit entries this node had committed: the store's audit log ends at entry ${before}, but this node signed a checkpoint of entry ${signed.seq} .*\`lienthong start\` refuses this store`));

    // start refuses the store, naming the range and what to do, and writes nothing to it.
    await assert.rejects(d24.start(), /exited with code 1 while starting/);
    // Its standard error goes to node.log through a pipe that may still be flushing.
    const log = await waitFor('the refusal in node.log', () => {
      const text = readFileSync(join(dirname(district().configPath), 'node.log'), 'utf8');
      return text.includes('AUDIT_ENTRIES_LOST') ? text : null;
    });
    assert.match(log, new RegExp(`lienthong: AUDIT_ENTRIES_LOST: the store lost audit entries this node had committed: the store's audit log ends at entry ${before}, but this node signed a checkpoint of entry ${signed.seq} at .*: entries ${lost} were committed and are gone .*documents and statuses this node acknowledged in that window may be lost.*start once with \`lienthong start --accept-audit-loss\``));
    assert.equal(storeHead(), before, 'the refused start wrote nothing');

    // Accepted by the operator: an error line, an 'entries-lost' entry, and a warning while it runs.
    await d24.start(15_000, ['--accept-audit-loss']);
    const line = logLines().find((l) => /^audit log: the store lost committed entries/.test(l.msg));
    assert.ok(line, 'the error line');
    assert.deepEqual([line.level, line.fromSeq, line.toSeq], [50, before + 1, signed.seq]);
    const status = await pn.call<StatusResponse__Output>('d24', 'Status', {});
    assert.equal(status.outboxTotal, 0, 'the three documents are gone');
    const check = await cli(['check', '-c', district().configPath]);
    assert.equal(check.code, 1, check.stdout);
    assert.match(check.stdout, new RegExp(`^WARNING ${DISTRICT.replace(/\./g, '\\.')}: store lost audit entries this node had committed: .*entries ${lost} were committed and are gone`, 'm'));
    const statusText = await cli(['status', '-c', district().configPath]);
    assert.match(statusText.stdout, /^warning: store lost audit entries this node had committed/m);
    await waitFor('a checkpoint over the finding', async () => head().seq > before);
    const exported = (await cli(['audit', 'export', '--since', '1h', '-c', district().configPath])).stdout.split('\n').filter(Boolean)
      .map((l) => JSON.parse(l) as { seq: number; event: string; code: string; ref: string });
    const found = exported.filter((e) => e.event === 'entries-lost');
    assert.deepEqual(found.map((e) => [e.seq, e.code, e.ref]), [[before + 1, 'AUDIT_LOST', `${before + 1}-${signed.seq}:${signed.hash}`]]);

    // verify reports it from then on; a later start needs no flag and records nothing again.
    assert.equal(await d24.stop(), 0);
    await d24.start();
    assert.equal((await pn.call<StatusResponse__Output>('d24', 'Status', {})).auditLoss, '', 'nothing found at this start');
    const code = await d24.stop();
    assert.equal(code, 0, readFileSync(join(dirname(district().configPath), 'node.log'), 'utf8').split('\n').slice(-8).join('\n'));
    const r = await cli(['audit', 'verify', '-c', district().configPath]);
    assert.equal(r.code, 2, r.stdout + r.stderr);
    assert.match(r.stdout, /^audit log NOT INTACT: the node recorded, when it started, that the store had lost entries it had committed$/m);
    assert.match(r.stdout, new RegExp(`entry ${before + 1} \\(.*\\): entries ${before + 1}-${signed.seq} lost: the store's audit log ends at entry ${before}`));
    const again = (await cli(['audit', 'export', '--since', '1h', '-c', district().configPath])).stdout.split('\n').filter((l) => l.includes('"entries-lost"'));
    assert.equal(again.length, 1, 'recorded once');
  });
});
