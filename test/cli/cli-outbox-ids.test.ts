/**
 * `lienthong outbox flush|hold|release|requeue|delete IDS`: an id that names no entry is an error
 * naming it (exit 1), like `ack` of an id not in the inbox; the action still applies to the ids
 * that do name entries, and never to every entry. An id that is not a number is a usage error.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { buildNetwork } from '../../scripts/lib/network-builder.js';
import { NodeProcess } from '../../scripts/lib/node-process.js';
import { cli } from '../helpers/cli-run.js';

describe('outbox actions on ids that name no entry', () => {
  let dir: string;
  let config: string;
  let proc: NodeProcess;
  let entry: number;

  const entries = async () => JSON.parse((await cli(['outbox', 'list', '-c', config, '--json'])).stdout).entries as { id: number; state: string; expiresAtMs: string }[];

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'lienthong-outbox-ids-'));
    // The commune never runs: what the province sends it waits in the outbox.
    const net = await buildNetwork(dir, [
      { name: 'province', code: '000.00.00.H44', agencies: ['000.00.00.H44'] },
      { name: 'commune', code: '000.00.07.H44', parent: 'province', agencies: ['000.00.07.H44'] },
    ]);
    config = net.nodes.get('province')!.configPath;
    proc = new NodeProcess('province', config);
    await proc.start();
    const sent = await cli(['send', '-c', config, '--from', '000.00.00.H44', '--to', '000.00.07.H44', '--subject', 'chờ', '--text', 'x']);
    assert.equal(sent.code, 0, sent.stderr);
    entry = (await entries())[0]!.id;
  });
  after(async () => {
    await proc.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  for (const action of ['hold', 'release', 'requeue', 'flush', 'delete']) {
    it(`${action} 999999: exit 1 naming the id, and no entry touched`, async () => {
      const r = await cli(['outbox', action, '999999', '-c', config]);
      assert.equal(r.code, 1, r.stdout + r.stderr);
      assert.match(r.stdout, new RegExp(`^${action}: 0 entries changed\\nno outbox entry 999999 \\(unknown, or delivered or deleted since\\)`));
      assert.deepEqual((await entries()).map((e) => [e.id, e.state]), [[entry, 'queued']], 'the real entry is left alone');
    });
  }

  it('requeue of a queued entry leaves it and its sender\'s expiry alone, saying what requeue applies to', async () => {
    const [before] = await entries();
    const r = await cli(['outbox', 'requeue', String(entry), '-c', config]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^requeue: 0 entries changed\n1 of the entries given left as they were: requeue applies to failed, expired, held entries \(.*a queued one is made due now by flush, and keeps its expiry\)/);
    const [after] = await entries();
    assert.deepEqual([after!.state, after!.expiresAtMs], [before!.state, before!.expiresAtMs]);
  });

  it('known and unknown ids together: acts on the known one, names the unknown ones, exit 1', async () => {
    const r = await cli(['outbox', 'hold', String(entry), '424242', '999999', '-c', config]);
    assert.equal(r.code, 1);
    assert.match(r.stdout, /^hold: 1 entry changed\nno outbox entries 424242, 999999 /);
    assert.equal((await entries())[0]!.state, 'held');
    const j = await cli(['outbox', 'release', String(entry), '424242', '-c', config, '--json']);
    assert.equal(j.code, 1);
    assert.deepEqual(JSON.parse(j.stdout), { affected: 1, unknownIds: [424242] });
    const ok = await cli(['outbox', 'release', String(entry), '-c', config]);
    assert.equal(ok.code, 0, 'only known ids: success');
  });

  it('a --next-hop that is no agency code: usage error, exit 64 (a typo listed nothing, silently)', async () => {
    for (const args of [['outbox', 'list'], ['outbox', 'flush']]) {
      const r = await cli([...args, '--next-hop', '000.00.00.XX', '-c', config]);
      assert.equal(r.code, 64, r.stdout);
      assert.match(r.stderr, /^lienthong: --next-hop 000\.00\.00\.XX: invalid agency code/);
    }
    const ok = await cli(['outbox', 'list', '--next-hop', '000.00.00.H44 ', '-c', config]);
    assert.equal(ok.code, 0, ok.stderr);
    assert.match(ok.stdout, /^no entries for 000\.00\.00\.H44: it is not a next hop of this node \(its peers are 000\.00\.07\.H44; `lienthong routes -c \S+province\/node\.yaml --resolve 000\.00\.00\.H44` shows/, 'a valid code that is no peer is named as such');
    const peer = await cli(['outbox', 'list', '--next-hop', '000.00.07.H44', '--state', 'held', '-c', config]);
    assert.equal(peer.stdout.trim(), 'no entries for next hop 000.00.07.H44');
  });

  it('--json, shape and the actions say too when --next-hop is no peer (JSON stays JSON: the note goes to stderr)', async () => {
    const NOT_A_PEER = /no entries for 000\.00\.00\.H44: it is not a next hop of this node \(its peers are 000\.00\.07\.H44;/;
    const json = await cli(['outbox', 'list', '--next-hop', '000.00.00.H44', '--json', '-c', config]);
    assert.equal(json.code, 0, json.stderr);
    assert.deepEqual(JSON.parse(json.stdout).entries, []);
    assert.match(json.stderr, NOT_A_PEER);
    const shape = await cli(['outbox', 'shape', '--next-hop', '000.00.00.H44', '-c', config]);
    assert.match(shape.stdout, NOT_A_PEER);
    const shapeJson = await cli(['outbox', 'shape', '--next-hop', '000.00.00.H44', '--json', '-c', config]);
    assert.deepEqual(JSON.parse(shapeJson.stdout), []);
    assert.match(shapeJson.stderr, NOT_A_PEER);
    const flush = await cli(['outbox', 'flush', '--next-hop', '000.00.00.H44', '-c', config]);
    assert.equal(flush.code, 0, flush.stderr);
    assert.match(flush.stdout, /^flush: 0 entries changed\n/);
    assert.match(flush.stdout, NOT_A_PEER);
    const flushJson = await cli(['outbox', 'flush', '--next-hop', '000.00.00.H44', '--json', '-c', config]);
    assert.deepEqual(JSON.parse(flushJson.stdout), { affected: 0, unknownIds: [] });
    assert.match(flushJson.stderr, NOT_A_PEER);
    const peer = await cli(['outbox', 'release', '--next-hop', '000.00.07.H44', '-c', config]);
    assert.equal(peer.stdout.trim().split('\n').length, 1, `a peer with nothing to release gets no note: ${peer.stdout}`);
  });

  it('an id that is not a number: usage error, exit 64', async () => {
    const r = await cli(['outbox', 'delete', 'abc', '-c', config]);
    assert.equal(r.code, 64);
    assert.match(r.stderr, /^lienthong: outbox entry ids are whole numbers \(the ID column of `lienthong outbox list`\): "abc" is not one\n/);
    assert.equal((await entries()).length, 1);
  });
});
