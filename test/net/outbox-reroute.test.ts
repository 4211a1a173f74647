/**
 * `lienthong outbox reroute` after the network's shape changed (the 2025 reform: a district
 * dissolved, its commune attached straight to the province, its agency moved to the province's
 * node). Copies the province had queued for the district route again by the current table: to the
 * commune, now a child, and into the inbox of the agency, now attached here; a copy for a code no
 * route covers now stays, named, for `outbox delete`. Real nodes in-process (gRPC on 127.0.0.1 with
 * mutual TLS, SQLite files), the real CLI over the admin socket. Each document arrives exactly once.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import pino from 'pino';
import { buildNetwork, editConfig, type BuiltNetwork } from '../../scripts/lib/network-builder.js';
import { waitFor } from '../../scripts/lib/wait-for.js';
import { loadConfig } from '../../src/node/config-load.js';
import { startNode, type RunningNode } from '../../src/node/node.js';
import { cli } from '../helpers/cli-run.js';

const P44 = '000.00.00.H44';
const D24 = '000.00.24.H44';
const A01 = '000.01.24.H44';
const C46 = '000.46.24.H44';

describe('outbox reroute after a district is dissolved (real nodes, CLI)', () => {
  let dir: string;
  let net: BuiltNetwork;
  const running: RunningNode[] = [];
  const start = async (name: string) => {
    const n = await startNode(loadConfig(net.nodes.get(name)!.configPath), { log: pino({ level: 'silent' }), drainTimeoutMs: 2_000 });
    running.push(n);
    return n;
  };
  const ids: Record<string, string> = {};

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'lienthong-reroute-'));
    net = await buildNetwork(dir, [
      { name: 'p44', code: P44, agencies: [P44] },
      { name: 'd24', code: D24, parent: 'p44', agencies: [D24, A01] },
      { name: 'c46', code: C46, parent: 'd24', agencies: [C46] },
    ]);
  });
  after(async () => {
    for (const n of running) await n.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('copies queued for the dissolved district go to the commune and the moved agency; the rest is named', async () => {
    // The district is down: the province queues every copy below it for the district.
    const p44 = await start('p44');
    for (const [to, subject] of [[C46, 'Giấy mời họp'], [A01, 'Kế hoạch'], [D24, 'Báo cáo']] as const) {
      ids[to] = (await p44.relay.submit({ from: P44, to: [to], priority: 0, document: { subject }, body: Buffer.from(subject) })).messageId;
    }
    assert.equal(p44.store.outbox({ nextHop: D24, limit: 10 }).length, 3);
    await p44.stop();
    running.length = 0;

    // The reform: commune 46 hangs under the province, the district's agency A01 moves to it.
    editConfig(net.nodes.get('p44')!.configPath, (c) => {
      c.children = [{ code: C46 }];
      c.agencies = [P44, A01];
    });
    editConfig(net.nodes.get('c46')!.configPath, (c) => {
      c.parent = { code: P44, address: net.nodes.get('p44')!.address };
    });
    const p = await start('p44');
    const config = net.nodes.get('p44')!.configPath;

    const r = await cli(['outbox', 'reroute', '--next-hop', D24, '-c', config]);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /^reroute: 2 entries changed, 2 recipients moved to another next hop or an inbox here$/m);
    assert.match(r.stdout, new RegExp(`^no route now: entry \\d+: ${D24.replace(/\./g, '\\.')}: .*left on its entry \\(\`lienthong outbox delete ID\` ends it`, 'm'));

    // A01 is in the province's inbox at once; the copy for C46 waits for its new next hop.
    const inbox = p.store.inbox(A01, 0, 10, false);
    assert.deepEqual(inbox.map((i) => i.message.id), [ids[A01]]);
    const left = p.store.outbox({ limit: 10 });
    assert.deepEqual(left.map((e) => [e.nextHop, e.recipients, e.state]).sort(), [[C46, [C46], 'queued'], [D24, [D24], 'queued']].sort());

    // The commune dials its new parent and gets its document, once.
    const c46 = await start('c46');
    await waitFor('the document in commune 46', () => c46.store.inbox(C46, 0, 10, false).length > 0, 15_000);
    await waitFor('the province\'s copy for C46 acknowledged', () => p.store.outbox({ nextHop: C46, limit: 10 }).length === 0, 15_000);
    assert.deepEqual(c46.store.inbox(C46, 0, 10, false).map((i) => i.message.id), [ids[C46]]);
    assert.deepEqual(p.relay.trace(ids[C46]!).recipients.map((x) => [x.recipient, x.state, x.nextHop]), [[C46, 'forwarded', C46]]);
    assert.deepEqual(p.relay.trace(ids[A01]!).recipients.map((x) => [x.recipient, x.state]), [[A01, 'inbox']]);

    // Reroute again: nothing moves (the table still sends D24 nowhere), and repeating is harmless.
    const again = await cli(['outbox', 'reroute', '-c', config]);
    assert.equal(again.code, 0, again.stdout + again.stderr);
    assert.match(again.stdout, /^reroute: 0 entries changed, 0 recipients moved/m);
    assert.equal(p.store.inbox(A01, 0, 10, false).length, 1, 'delivered once');

    // What no route covers ends with a non-delivery report, as before.
    const del = await cli(['outbox', 'delete', '--next-hop', D24, '-c', config]);
    assert.equal(del.code, 0, del.stdout + del.stderr);
    await waitFor('the non-delivery report at the sender', () => p.store.inbox(P44, 0, 10, false).some((i) => i.message.status?.code === 'NON_DELIVERY' && i.message.status.refMessageId === ids[D24]), 10_000);
  });
});
