/**
 * `lienthong check` reaches a node the way the other commands do: by its configuration or by its
 * admin socket (a node started with `--data-dir` has its socket where its configuration does not
 * say). With the socket alone the thresholds are the defaults, and the node names itself.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { buildNetwork, type BuiltNode } from '../../scripts/lib/network-builder.js';
import { NodeProcess } from '../../scripts/lib/node-process.js';
import { cli } from '../helpers/cli-run.js';

describe('lienthong check --socket', () => {
  let dir: string;
  let node: BuiltNode;
  let proc: NodeProcess;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'lienthong-check-'));
    const net = await buildNetwork(dir, [{ name: 'province', code: '000.00.00.H44', agencies: ['000.00.00.H44'] }]);
    node = net.nodes.get('province')!;
    proc = new NodeProcess('province', node.configPath);
    await proc.start();
  });
  after(async () => {
    await proc.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('checks a running node by its admin socket, without its configuration', async () => {
    const r = await cli(['check', '--socket', join(node.dataDir, 'admin.sock')]);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.equal(r.stdout.trim(), 'OK 000.00.00.H44: healthy');
    const j = await cli(['check', '--socket', join(node.dataDir, 'admin.sock'), '--json']);
    assert.deepEqual(JSON.parse(j.stdout), { node: '000.00.00.H44', healthy: true, problems: [], warnings: [] });
  });

  it('a socket nobody listens on is CRITICAL, exit 2', async () => {
    const gone = join(dir, 'gone.sock');
    const r = await cli(['check', '--socket', gone]);
    assert.equal(r.code, 2);
    assert.match(r.stdout, /^CRITICAL \S+gone\.sock: the node at \S+gone\.sock does not answer: no admin socket/);
  });

  it('neither --config nor --socket is a usage error', async () => {
    const r = await cli(['check']);
    assert.equal(r.code, 64);
    assert.match(r.stderr, /say which node: --config NODE\.yaml \(or --socket PATH\)/);
  });
});
