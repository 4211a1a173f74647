/**
 * Clock skew over real links (mutual TLS on 127.0.0.1): a district whose clock runs 31 days ahead
 * (an injected clock) links to its province; both ends measure the difference from the Hellos, log
 * an error naming the peer, export it as lienthong_peer_clock_offset_seconds, and `status` and
 * `check` say so. The revocation list the district then calls stale is blamed on its clock, not on
 * the CA. A second district in sync with the province shows nothing.
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
import { cli } from '../helpers/cli-run.js';

const DAY = 86_400_000;
const H44 = '000.00.00.H44';
const D24 = '000.00.24.H44';
const C07 = '000.00.07.H44';
const AHEAD_MS = 31 * DAY;

type Line = Record<string, unknown> & { level: number; msg: string; node?: string; peer?: string };

describe('clock skew between linked nodes (real links, real TLS)', () => {
  let dir: string;
  let net: BuiltNetwork;
  const nodes = new Map<string, RunningNode>();
  const lines: Line[] = [];

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'lienthong-clock-'));
    net = await buildNetwork(dir, [
      { name: 'h44', code: H44, agencies: [H44] },
      { name: 'd24', code: D24, parent: 'h44', agencies: [D24] },
      { name: 'c07', code: C07, parent: 'h44', agencies: [C07] },
    ]);
    const log = pino({ level: 'debug' }, new Writable({ write: (chunk, _enc, cb) => cb(void lines.push(JSON.parse(String(chunk)) as Line)) }));
    const start = async (name: string, now?: () => number) =>
      nodes.set(name, await startNode(loadConfig(net.nodes.get(name)!.configPath), { log, drainTimeoutMs: 2_000, ...(now ? { now } : {}) }));
    await start('h44');
    await start('d24', () => Date.now() + AHEAD_MS);
    await start('c07');
    await waitFor('both links up, their clocks read', () => ['d24', 'c07'].every((n) => nodes.get(n)!.registry.get(H44)?.clock) && [D24, C07].every((c) => nodes.get('h44')!.registry.get(c)?.clock));
  });
  after(async () => {
    for (const name of [...nodes.keys()].reverse()) await nodes.get(name)!.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('both ends measure the difference, allowing for the round trip', () => {
    const atChild = nodes.get('d24')!.registry.get(H44)!.clock!;
    const atParent = nodes.get('h44')!.registry.get(D24)!.clock!;
    assert.ok(Math.abs(atChild.offsetMs + AHEAD_MS) <= atChild.uncertaintyMs + 50, `the district reads the province ${atChild.offsetMs} ms off`);
    assert.ok(atChild.uncertaintyMs < 5_000, 'the dialer measured its round trip');
    assert.ok(Math.abs(atParent.offsetMs - AHEAD_MS) <= atParent.uncertaintyMs, `the province reads the district ${atParent.offsetMs} ms off`);
    const inSync = nodes.get('h44')!.registry.get(C07)!.clock!;
    assert.ok(Math.abs(inSync.offsetMs) < 5_000, `the other district is in sync: ${inSync.offsetMs} ms`);
  });

  it('each end logs an error naming the peer and the difference, and says to fix the clock', () => {
    const errors = lines.filter((l) => l.level === 50 && /clock of/.test(l.msg));
    const atChild = errors.find((l) => l.node === D24);
    const atParent = errors.find((l) => l.node === H44);
    assert.ok(atChild && atParent, JSON.stringify(errors));
    assert.equal(atChild.peer, H44);
    assert.match(atChild.msg, /^the clock of parent 000\.00\.00\.H44 is 31\.0 days behind this node's .*one of the two clocks is wrong.*NTP/);
    assert.equal(atParent.peer, D24);
    assert.match(atParent.msg, /^the clock of child 000\.00\.24\.H44 is 31\.0 days ahead of this node's/);
    assert.ok(Math.abs((atParent.clockOffsetSeconds as number) - AHEAD_MS / 1000) < 11);
    assert.equal(errors.filter((l) => l.peer === C07 || (l.node === C07)).length, 0, 'nothing about the district in sync');
  });

  it('the offset is a metric, lienthong_peer_clock_offset_seconds{peer}', async () => {
    const text = await nodes.get('h44')!.metrics.registry.getSingleMetricAsString('lienthong_peer_clock_offset_seconds');
    const value = (peer: string) => Number(new RegExp(`lienthong_peer_clock_offset_seconds\\{peer="${peer.replace(/\./g, '\\.')}",node="000\\.00\\.00\\.H44"\\} (\\S+)`).exec(text)?.[1]);
    assert.ok(Math.abs(value(D24) - AHEAD_MS / 1000) < 11, text);
    assert.ok(Math.abs(value(C07)) < 5, text);
  });

  it('status warns and check is CRITICAL, at both ends; the node in sync is healthy', async () => {
    const config = (n: string) => net.nodes.get(n)!.configPath;
    const status = await cli(['status', '-c', config('h44')]);
    assert.equal(status.code, 0, status.stderr);
    assert.match(status.stdout, /warning: the clock of child 000\.00\.24\.H44 is 31\.0 days ahead of this node's/);
    assert.doesNotMatch(status.stdout, /clock of child 000\.00\.07\.H44/);
    const check = await cli(['check', '-c', config('d24')]);
    assert.equal(check.code, 2, check.stdout);
    assert.match(check.stdout, /CRITICAL 000\.00\.24\.H44: the clock of parent 000\.00\.00\.H44 is 31\.0 days behind this node's/);
    const ok = await cli(['check', '-c', config('c07')]);
    assert.equal(ok.code, 0, ok.stdout);
  });

  it('a revocation list the district calls stale (its clock is ahead) is blamed on its clock, not on the CA', async () => {
    const published = await cli(['pki', 'revoke', '--dir', net.pkiDir, '--serial', 'ABCDEF01', '--unknown-serial-ok', '-c', net.nodes.get('h44')!.configPath]);
    assert.equal(published.code, 0, published.stderr);
    await waitFor('the district to hold the list', () => nodes.get('d24')!.revocations.current()?.version === 1);
    assert.equal(nodes.get('d24')!.revocations.current()?.stale, true, 'stale by the district\'s clock');
    const check = await cli(['check', '-c', net.nodes.get('d24')!.configPath]);
    assert.match(check.stdout, /CRITICAL 000\.00\.24\.H44: revocation list version 1 is stale since .*\. But the clock of parent 000\.00\.00\.H44 is 31\.0 days behind this node's, and by that clock the list is not due until .*: most likely this node's clock is ahead; set it right \(NTP\) rather than publish a new list/);
    const atRoot = await cli(['check', '-c', net.nodes.get('h44')!.configPath]);
    assert.doesNotMatch(atRoot.stdout, /revocation list version 1 is stale/, 'the province, in time, does not call it stale');
  });
});
