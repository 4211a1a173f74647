/**
 * A node restarted with a configuration that no longer reaches work its store holds: outbox
 * entries for a child taken out of `children`, unacknowledged inbox items of an agency taken out of
 * `agencies`. The start-up log says so, how many and what to do, instead of letting the documents
 * wait silently until they expire. A real node, its YAML, its SQLite file.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import pino from 'pino';
import { buildNetwork, editConfig as editNodeConfig, type BuiltNetwork } from '../../scripts/lib/network-builder.js';
import { loadConfig } from '../../src/node/config-load.js';
import { startNode, type RunningNode } from '../../src/node/node.js';
import { cli } from '../helpers/cli-run.js';

const D24 = '000.00.24.H44';
const A01 = '000.01.24.H44';
const C46 = '000.46.24.H44';
const C47 = '000.47.24.H44';

interface Line {
  level: number;
  code?: string;
  msg: string;
  nextHop?: string;
  entries?: number;
  agency?: string;
  items?: number;
}

describe('work a changed configuration no longer reaches', () => {
  let dir: string;
  let net: BuiltNetwork;
  let configPath: string;
  let node: RunningNode | null = null;
  const lines: Line[] = [];
  const start = (log = pino({ level: 'silent' })) =>
    startNode(loadConfig(configPath), { log, drainTimeoutMs: 2_000 });
  const capturing = () => pino({ level: 'info' }, new Writable({ write: (chunk, _enc, cb) => cb(void lines.push(JSON.parse(String(chunk)) as Line)) }));
  const editConfig = (edit: (c: Record<string, unknown>) => void) => editNodeConfig(configPath, edit);

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'lienthong-stranded-'));
    net = await buildNetwork(dir, [
      { name: 'd24', code: D24, agencies: [D24, A01] },
      { name: 'c46', code: C46, parent: 'd24', agencies: [C46] },
      { name: 'c47', code: C47, parent: 'd24', agencies: [C47] },
    ]);
    configPath = net.nodes.get('d24')!.configPath;
  });
  after(async () => {
    await node?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('warns at start of outbox entries for a removed child and inbox items of a detached agency, saying what to do', async () => {
    // The children never start: copies for them wait in the district's outbox.
    node = await start();
    for (const subject of ['Giấy mời', 'Kế hoạch', 'Báo cáo']) {
      await node.relay.submit({ from: D24, to: [C47], priority: 0, document: { subject }, body: Buffer.from(subject) });
    }
    await node.relay.submit({ from: D24, to: [C46], priority: 0, document: { subject: 'Thông báo' }, body: Buffer.from('x') });
    for (const subject of ['Công văn 1', 'Công văn 2']) {
      await node.relay.submit({ from: D24, to: [A01], priority: 0, document: { subject }, body: Buffer.from(subject) });
    }
    await node.stop();
    node = null;

    // The commune 47 is taken out of the configuration, and agency A01 moves to another node.
    editConfig((c) => {
      c.children = [{ code: C46 }];
      c.agencies = [D24];
      const signing = c.signing as { agencyKeys: { code: string }[] };
      signing.agencyKeys = signing.agencyKeys.filter((k) => k.code !== A01);
    });
    // check-config previews it before the restart, from the store as it is.
    const preview = await cli(['check-config', '-c', configPath]);
    assert.equal(preview.code, 0, preview.stdout + preview.stderr);
    assert.match(preview.stdout, /^WARNING:? .*3 outbox entries wait for next hop 000\.47\.24\.H44 .*outbox reroute --next-hop 000\.47\.24\.H44/m);
    assert.match(preview.stdout, /^WARNING:? .*2 unacknowledged inbox items for agency 000\.01\.24\.H44, which is no longer attached here/m);
    node = await start(capturing());
    const outbox = lines.filter((l) => l.code === 'OUTBOX_FOR_UNCONFIGURED_PEER');
    assert.equal(outbox.length, 1, `one warning, for 47 only (46 is still a child): ${JSON.stringify(lines)}`);
    assert.equal(outbox[0]!.level, 40);
    assert.equal(outbox[0]!.nextHop, C47);
    assert.equal(outbox[0]!.entries, 3);
    assert.match(outbox[0]!.msg, /^3 outbox entries wait for next hop 000\.47\.24\.H44 \(the oldest from [-\dT:.]+Z\), which is no longer a child, parent or lateral peer in this node's configuration: no link carries them, so they wait until they expire/);
    assert.match(outbox[0]!.msg, /Route them again by the current table with `lienthong outbox reroute --next-hop 000\.47\.24\.H44` .*put 000\.47\.24\.H44 back in the configuration \(children, parent or laterals\) and restart to deliver them through it, or end them now with `lienthong outbox delete --next-hop 000\.47\.24\.H44` \(their senders get a non-delivery report, REMOVED_BY_OPERATOR\)$/);

    const inbox = lines.filter((l) => l.code === 'INBOX_OF_DETACHED_AGENCY');
    assert.equal(inbox.length, 1, `one warning, for A01 only: ${JSON.stringify(lines)}`);
    assert.equal(inbox[0]!.level, 40);
    assert.equal(inbox[0]!.agency, A01);
    assert.equal(inbox[0]!.items, 2);
    assert.match(inbox[0]!.msg, /^2 unacknowledged inbox items for agency 000\.01\.24\.H44, which is no longer attached here \(the oldest delivered [-\dT:.]+Z\): .*attach 000\.01\.24\.H44 here again \(agencies\[\]\) and restart/);
  });

  it('`check` fails naming the next hop no longer configured and what to do, however young its entries; `status` lists it', async () => {
    const check = await cli(['check', '-c', configPath]);
    assert.equal(check.code, 2, check.stdout + check.stderr);
    assert.match(check.stdout, /^CRITICAL 000\.00\.24\.H44: 3 outbox entries wait for next hop 000\.47\.24\.H44 \(the oldest from [-\dT:.]+Z\), which is no longer a child, parent or lateral peer in this node's configuration: .*`lienthong outbox delete --next-hop 000\.47\.24\.H44`/m);
    assert.doesNotMatch(check.stdout, /000\.46\.24\.H44/, 'the configured child, with a young backlog, is fine');
    const status = await cli(['status', '-c', configPath]);
    assert.equal(status.code, 0, status.stderr);
    assert.match(status.stdout, /000\.47\.24\.H44 +unconfigured +none/);
  });

  it('`check` warns (exit 1, not CRITICAL) of unread inbox items of an agency no longer attached, naming it, the count and what to do', async () => {
    // The outbox entries for 47 ended: what is left is only unread, and safe.
    const removed = await cli(['outbox', 'delete', '--next-hop', C47, '-c', configPath]);
    assert.equal(removed.code, 0, removed.stdout + removed.stderr);
    const check = await cli(['check', '-c', configPath]);
    assert.equal(check.code, 1, check.stdout + check.stderr);
    assert.doesNotMatch(check.stdout, /CRITICAL/);
    assert.match(check.stdout, /^WARNING 000\.00\.24\.H44: 2 unacknowledged inbox items for agency 000\.01\.24\.H44, which is no longer attached here \(the oldest delivered [-\dT:.]+Z\): .*attach 000\.01\.24\.H44 here again \(agencies\[\]\) and restart/m);
    assert.doesNotMatch(check.stdout, /agency 000\.00\.24\.H44/, 'the attached agency\'s unread items are its own business');
    const json = await cli(['check', '-c', configPath, '--json']);
    assert.equal(json.code, 1, json.stdout + json.stderr);
    const report = JSON.parse(json.stdout) as { healthy: boolean; problems: string[]; warnings: string[] };
    assert.equal(report.healthy, false);
    assert.deepEqual(report.problems, []);
    assert.equal(report.warnings.length, 1, json.stdout);
    assert.match(report.warnings[0]!, /^2 unacknowledged inbox items for agency 000\.01\.24\.H44/);

  });

  it('`status` shows the same warning, in text and in --json', async () => {
    const check = JSON.parse((await cli(['check', '-c', configPath, '--json'])).stdout) as { warnings: string[] };
    assert.equal(check.warnings.length, 1);
    const status = await cli(['status', '-c', configPath]);
    assert.equal(status.code, 0, status.stderr);
    assert.ok(status.stdout.split('\n').includes(`warning: ${check.warnings[0]}`), status.stdout);
    const json = await cli(['status', '-c', configPath, '--json']);
    assert.equal(json.code, 0, json.stderr);
    const report = JSON.parse(json.stdout) as { warnings: string[] };
    assert.deepEqual(report.warnings, check.warnings);
  });
});
