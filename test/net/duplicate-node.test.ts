/**
 * Two nodes running with one certificate (the old server left running after a move): the parent
 * keeps the link it has while that connection lives and refuses the second one, saying why, instead
 * of letting them take turns and split the documents of their subtree between them. Real nodes,
 * real TLS on 127.0.0.1, a SQLite file each.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import pino from 'pino';
import { buildNetwork, type BuiltNetwork } from '../../scripts/lib/network-builder.js';
import { waitFor } from '../../scripts/lib/wait-for.js';
import { loadConfig } from '../../src/node/config-load.js';
import { startNode, type RunningNode } from '../../src/node/node.js';

const D24 = '000.00.24.H44';
const C46 = '000.46.24.H44';

type Line = Record<string, unknown> & { level: number; msg: string; node?: string };

describe('two nodes with the same certificate', () => {
  let dir: string;
  let net: BuiltNetwork;
  let parent: RunningNode;
  let first: RunningNode;
  let second: RunningNode | null = null;
  const lines: Line[] = [];
  const log = pino({ level: 'debug' }, new Writable({ write: (chunk, _enc, cb) => cb(void lines.push(JSON.parse(String(chunk)) as Line)) }));

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'lienthong-duplicate-'));
    net = await buildNetwork(dir, [
      { name: 'd24', code: D24, agencies: [D24] },
      { name: 'c46', code: C46, parent: 'd24', agencies: [C46] },
    ]);
    parent = await startNode(loadConfig(net.nodes.get('d24')!.configPath), { log, drainTimeoutMs: 2_000 });
    first = await startNode(loadConfig(net.nodes.get('c46')!.configPath), { log, drainTimeoutMs: 2_000 });
    await waitFor('the commune linked', () => parent.registry.get(C46)?.state === 'up' || undefined, 10_000);
  });
  after(async () => {
    await second?.stop();
    await first.stop();
    await parent.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('keeps the first link, refuses the second with the reason on both sides, and delivers everything to the first', async () => {
    const since = parent.registry.get(C46)!.sinceMs;
    const from = lines.length;
    // The same configuration and certificate, its own data directory and port.
    second = await startNode(loadConfig(net.nodes.get('c46')!.configPath, { dataDir: join(dir, 'c46-copy'), listen: '127.0.0.1:0' }), { log, drainTimeoutMs: 2_000 });
    const refused = await waitFor('the second link refused at the parent', () => lines.slice(from).find((l) => l.node === D24 && l.msg === 'second link for the same node refused'), 10_000);
    assert.equal(refused.level, 50, 'at error');
    const atSecond = await waitFor('the second node told why', () => lines.slice(from).find((l) => l.node === C46 && l.msg === 'cannot open the link' && String(l.reason).includes('already linked')), 10_000);
    assert.match(String(atSecond.reason), /PEER_BUSY.*node 000\.46\.24\.H44 is already linked to 000\.00\.24\.H44 from .* since .*two nodes use the certificate of 000\.46\.24\.H44: stop one/);

    const metrics = await parent.metrics.registry.metrics();
    assert.match(metrics, /^lienthong_connections_refused_total\{peer="000\.46\.24\.H44",reason="PEER_BUSY"[^}]*\} [1-9]/m);

    for (let i = 0; i < 20; i++) await parent.relay.submit({ from: D24, to: [C46], priority: 0, document: { subject: `Công văn ${i}` }, body: Buffer.from(`số ${i}`) });
    await waitFor('20 documents at the first node', () => first.store.inbox(C46, 0, 100, true).length === 20 || undefined, 10_000);
    assert.equal(second.store.inbox(C46, 0, 100, true).length, 0, 'nothing went to the second node');
    const link = parent.registry.get(C46)!;
    assert.equal(link.state, 'up');
    assert.equal(link.sinceMs, since, 'the first link was never replaced');
    assert.equal(link.reconnects, 0);
  });

  it('lets a node that restarted in once its old connection is gone', async () => {
    await second!.stop();
    second = null;
    await first.stop();
    await waitFor('the link down at the parent', () => parent.registry.get(C46)?.state !== 'up' || undefined, 10_000);
    first = await startNode(loadConfig(net.nodes.get('c46')!.configPath), { log, drainTimeoutMs: 2_000 });
    await waitFor('the restarted commune linked', () => parent.registry.get(C46)?.state === 'up' || undefined, 10_000);
  });
});
