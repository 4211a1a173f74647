/**
 * A node stopped by its operator says Goodbye on its links before it closes them: its peers log
 * the link's end at info, naming a clean stop, not a failure at warn; a child whose parent stopped
 * logs its redials at info while it waits for the parent to come back, and the link comes up again
 * when it does. Real nodes in-process, mutual TLS on 127.0.0.1, SQLite files.
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

const PARENT = '000.00.00.H29';
const CHILD = '000.00.07.H29';
const TOPOLOGY = [
  { name: 'parent', code: PARENT, agencies: [PARENT] },
  { name: 'child', code: CHILD, parent: 'parent', agencies: [CHILD] },
];

type Line = Record<string, unknown> & { level: number; msg: string; node?: string; component?: string };

describe('a clean stop says Goodbye: its peers log it at info, not as a failure', () => {
  let dir: string;
  let net: BuiltNetwork;
  const nodes = new Map<string, RunningNode>();
  const lines: Line[] = [];
  const log = pino({ level: 'debug' }, new Writable({ write: (chunk, _enc, cb) => cb(void lines.push(JSON.parse(String(chunk)) as Line)) }));
  const start = async (name: string) => nodes.set(name, await startNode(loadConfig(net.nodes.get(name)!.configPath), { log, drainTimeoutMs: 2_000 }));
  const linesOf = (code: string, from: number, msg: RegExp) => lines.slice(from).filter((l) => l.node === code && msg.test(l.msg));
  const linkUp = (code: string, from: number) => waitFor(`link up at ${code}`, () => linesOf(code, from, /^link up$/).length > 0 || null, 15_000);

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'lienthong-goodbye-'));
    net = await buildNetwork(dir, TOPOLOGY);
    await start('parent');
    await start('child');
    await linkUp(CHILD, 0);
  });
  after(async () => {
    for (const n of nodes.values()) await n.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('the parent stops and starts again: the child logs the link down and its redials at info, then the link is up', async () => {
    const from = lines.length;
    await nodes.get('parent')!.stop();
    nodes.delete('parent');
    const down = await waitFor('link down at the child', () => linesOf(CHILD, from, /^link down$/)[0] ?? null, 5_000);
    assert.equal(down.level, 30, 'info');
    assert.match(String(down.reason), /^the peer stopped cleanly \(node shutting down\): it is expected back/);
    const redial = await waitFor('a redial logged', () => linesOf(CHILD, from, /cannot open the link/)[0] ?? null, 10_000);
    assert.equal(redial.level, 30, `info: ${redial.msg}`);
    assert.match(redial.msg, /the peer stopped cleanly and is not back/);
    const upFrom = lines.length;
    await start('parent');
    await linkUp(CHILD, upFrom);
    const warned = lines.slice(from).filter((l) => l.node === CHILD && l.level >= 40 && l.component === 'dialer');
    assert.deepEqual(warned.map((l) => l.msg), [], 'no warning from the child\'s dialer');
  });

  it('the child stops: the parent logs the link down at info, naming the clean stop', async () => {
    const from = lines.length;
    await nodes.get('child')!.stop();
    nodes.delete('child');
    const down = await waitFor('link down at the parent', () => linesOf(PARENT, from, /^link down$/)[0] ?? null, 5_000);
    assert.equal(down.level, 30, 'info');
    assert.match(String(down.reason), /^the peer stopped cleanly \(node shutting down\)/);
  });
});
