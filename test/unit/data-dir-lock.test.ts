/**
 * One node per data directory, with real processes: a live node's lock is respected; a lock whose
 * pid now belongs to another process (a reboot, a reused pid) is taken over, as is one of a process
 * that is gone.
 */
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { formatOwner, lockDataDir, parseOwner } from '../../src/node/data-dir-lock.js';

const MODULE = fileURLToPath(new URL('../../src/node/data-dir-lock.js', import.meta.url));

describe('the data directory lock', () => {
  const root = mkdtempSync(join(tmpdir(), 'lienthong-lock-'));
  const children: ChildProcess[] = [];
  after(() => {
    for (const c of children) c.kill('SIGKILL');
    rmSync(root, { recursive: true, force: true });
  });

  it('discards only a directory it created: an existing one keeps its files, a dangling symlink is never followed', () => {
    const fresh = join(root, 'fresh');
    const made = lockDataDir(fresh);
    assert.equal(made.created, true);
    writeFileSync(join(fresh, 'lienthong.sqlite'), 'x');
    made.discard();
    assert.equal(existsSync(fresh), false, 'a directory this lock created goes, with its files');
    const kept = join(root, 'kept');
    mkdirSync(kept);
    writeFileSync(join(kept, 'lienthong.sqlite'), 'x');
    const existing = lockDataDir(kept);
    assert.equal(existing.created, false);
    existing.discard();
    assert.deepEqual(readdirSync(kept), ['lienthong.sqlite'], 'an existing directory keeps its files; only the lock goes');
    // A data directory that is a symlink to a mount not yet there: no lock, and the link stays.
    const link = join(root, 'link');
    symlinkSync(join(root, 'not-mounted', 'data'), link);
    assert.throws(() => lockDataDir(link), (e: Error & { code?: string }) => e.code === 'CONFIG_INVALID' && /cannot create node\.dataDir .*link .*symlink or mount/.test(e.message));
    assert.equal(lstatSync(link).isSymbolicLink(), true);
  });

  it('refuses a second node while the first runs, naming its pid', async () => {
    const dir = join(root, 'busy');
    const holder = spawn(process.execPath, ['--input-type=module', '-e', `const { lockDataDir } = await import(${JSON.stringify(MODULE)}); lockDataDir(${JSON.stringify(dir)}); console.log('locked'); setInterval(() => {}, 1000);`]);
    children.push(holder);
    await once(holder.stdout!, 'data');
    const owner = parseOwner(readFileSync(join(dir, 'node.lock'), 'utf8'));
    assert.equal(owner?.pid, holder.pid);
    if (existsSync('/proc/self/stat')) assert.ok(owner?.boot && owner.start, 'on Linux the lock names the boot and the start time too');
    assert.throws(() => lockDataDir(dir), (e: Error & { code?: string }) => e.code === 'CONFIG_INVALID' && e.message.includes(`pid ${holder.pid}`));
    holder.kill('SIGKILL');
    await once(holder, 'exit');
    const release = lockDataDir(dir);
    assert.equal(parseOwner(readFileSync(join(dir, 'node.lock'), 'utf8'))?.pid, process.pid, 'a killed owner\'s lock is taken over');
    release();
  });

  it('takes over a lock whose pid now belongs to another process (after a reboot, or reused)', { skip: existsSync('/proc/self/stat') ? false : 'needs /proc' }, async () => {
    const dir = join(root, 'reused');
    mkdirSync(dir);
    const other = spawn('sleep', ['30']);
    children.push(other);
    await once(other, 'spawn');
    writeFileSync(join(dir, 'node.lock'), formatOwner({ pid: other.pid!, boot: 'another-boot', start: '1' }), { flag: 'w' });
    const release = lockDataDir(dir);
    assert.equal(parseOwner(readFileSync(join(dir, 'node.lock'), 'utf8'))?.pid, process.pid);
    release();
    // An old lock file (a pid only) of a live process is still respected.
    writeFileSync(join(dir, 'node.lock'), String(other.pid));
    assert.throws(() => lockDataDir(dir), (e: Error & { code?: string }) => e.code === 'CONFIG_INVALID');
  });
});
