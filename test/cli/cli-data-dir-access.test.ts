/**
 * A data directory the node's user may not write (owned by root, the node run as another user; a
 * store or attachments folder left by an earlier run as root; a read-only file system): `start`
 * fails with one line naming the path and what to do, exit 1, not a stack trace or "attempt to
 * write a readonly database". Run as root, the commands run as nobody (setpriv); run as another
 * user, as that user with the write bits taken off.
 */
import assert from 'node:assert/strict';
import { execFile, spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { after, before, describe, it } from 'node:test';
import { buildNetwork, type BuiltNode } from '../../scripts/lib/network-builder.js';
import { CLI } from '../../scripts/lib/node-process.js';
import { dataDirNotWritable } from '../../src/node/data-dir-lock.js';
import { openSqliteStore } from '../../src/store/sqlite/open.js';

const run = promisify(execFile);
const ROOT = process.getuid?.() === 0;
const AS_NOBODY = ['--reuid=65534', '--regid=65534', '--clear-groups'];

/** The CLI as a user who is not the owner of the files (nobody when the tests run as root). */
async function cliAsOther(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const [file, argv] = ROOT ? ['setpriv', [...AS_NOBODY, process.execPath, CLI, ...args]] : [process.execPath, [CLI, ...args]];
  try {
    const r = await run(file, argv, { timeout: 30_000 });
    return { code: 0, stdout: r.stdout, stderr: r.stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

/** Why these tests cannot run here (root without setpriv, or a checkout nobody may read); false when they can. */
function cannotRun(): string | false {
  if (!ROOT) return false;
  const r = spawnSync('setpriv', [...AS_NOBODY, process.execPath, CLI, '--version']);
  return r.status === 0 ? false : 'running as root, and nobody cannot run the CLI here (no setpriv, or a checkout only root may read)';
}

/** One line on stderr, the error code and no stack frame. */
function oneLine(r: { code: number; stderr: string }): void {
  assert.equal(r.code, 1, r.stderr);
  assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
  assert.match(r.stderr, /^lienthong: CONFIG_INVALID: /);
  assert.doesNotMatch(r.stderr, /\n\s+at |readonly database/);
}

describe('start on a data directory this user may not write', { skip: cannotRun() }, () => {
  let dir: string;
  let node: BuiltNode;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'lienthong-access-'));
    const net = await buildNetwork(dir, [{ name: 'province', code: '000.00.00.H44', agencies: [] }]);
    node = net.nodes.get('province')!;
    // Everything readable to the other user, the private key included (a test key).
    spawnSync('chmod', ['-R', 'a+rX', dir]);
    chmodSync(join(dir, 'province', 'node-000.00.00.H44.key'), 0o644);
  });
  after(() => {
    spawnSync('chmod', ['-R', 'u+w', dir]);
    rmSync(dir, { recursive: true, force: true });
  });

  it('a data directory owned by someone else: names it, the user and what to do', async () => {
    mkdirSync(node.dataDir, { recursive: true });
    chmodSync(node.dataDir, 0o555);
    const r = await cliAsOther(['start', '-c', node.configPath]);
    oneLine(r);
    assert.match(r.stderr, new RegExp(`cannot write in node\\.dataDir ${node.dataDir}: permission denied to \\S+ \\(uid \\d+\\)`));
    assert.match(r.stderr, /give that user the folder and everything in it \(`chown -R \S+ \S+`\), run the node as the folder's owner, or choose another node\.dataDir/);
  });

  it('a store left by an earlier run as another user: names the file and what to do', async () => {
    chmodSync(node.dataDir, 0o777);
    openSqliteStore({ path: join(node.dataDir, 'lienthong.sqlite') }).close();
    chmodSync(join(node.dataDir, 'lienthong.sqlite'), 0o444);
    const r = await cliAsOther(['start', '-c', node.configPath]);
    oneLine(r);
    assert.match(r.stderr, new RegExp(`may not write ${join(node.dataDir, 'lienthong.sqlite')}`));
    assert.match(r.stderr, /chown -R \S+ \S+data`\), run the node as their owner, or choose another node\.dataDir/);
  });

  it('an attachments folder left by an earlier run as another user: names it', async () => {
    chmodSync(join(node.dataDir, 'lienthong.sqlite'), 0o666);
    mkdirSync(join(node.dataDir, 'attachments', 'complete'), { recursive: true });
    chmodSync(join(node.dataDir, 'attachments'), 0o777);
    chmodSync(join(node.dataDir, 'attachments', 'complete'), 0o555);
    const r = await cliAsOther(['start', '-c', node.configPath]);
    oneLine(r);
    assert.match(r.stderr, new RegExp(`may not write ${join(node.dataDir, 'attachments', 'complete')}`));
  });

  it('a store file this user may not write, opened on its own: CONFIG_INVALID naming it (not a read-only store that fails later)', async () => {
    const store = join(dir, 'alone', 'lienthong.sqlite');
    openSqliteStore({ path: store }).close();
    chmodSync(join(dir, 'alone'), 0o777);
    chmodSync(store, 0o444);
    const script = `import(${JSON.stringify(new URL('../../src/store/sqlite/open.js', import.meta.url).href)}).then((m) => { try { m.openSqliteStore({ path: ${JSON.stringify(store)} }); console.log('opened'); } catch (e) { console.log(e.code + ': ' + e.message); } })`;
    const r = ROOT ? spawnSync('setpriv', [...AS_NOBODY, process.execPath, '-e', script]) : spawnSync(process.execPath, ['-e', script]);
    assert.match(r.stdout.toString(), new RegExp(`^CONFIG_INVALID: cannot open the store at ${store}: \\S+ \\(uid \\d+\\) may not write ${store}`));
  });
});

describe('a data directory on a read-only file system (pure)', () => {
  it('says so and what to do', () => {
    const err = Object.assign(new Error('EROFS: read-only file system, open \'/srv/d/node.lock\''), { code: 'EROFS' });
    const e = dataDirNotWritable(err, '/srv/d', '/srv/d/node.lock');
    assert.equal(e.code, 'CONFIG_INVALID');
    assert.equal(e.message, 'cannot write in node.dataDir /srv/d: it is on a read-only file system (writing /srv/d/node.lock failed): mount it read-write, or choose another node.dataDir');
  });
});
