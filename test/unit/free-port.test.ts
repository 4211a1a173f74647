/** Ports for test networks: one process's port is not handed out by another while it lives. */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { RESERVED_DIR, freePort, reserve, unreserve } from '../../scripts/lib/network-builder.js';

/** A port number no test network uses (above the range freePort picks from). */
const PORT = 32_500 + (process.pid % 400);

describe('freePort: reservations across processes', () => {
  it('skips a port a live process holds, takes over one whose holder died, and gives it back', () => {
    mkdirSync(RESERVED_DIR, { recursive: true });
    const file = join(RESERVED_DIR, String(PORT));
    writeFileSync(file, String(process.ppid));
    assert.equal(reserve(PORT), false, 'held by a live process (this test runner)');
    const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
    writeFileSync(file, dead.stdout);
    assert.equal(reserve(PORT), true, 'its holder has exited');
    assert.equal(readFileSync(file, 'utf8'), String(process.pid));
    unreserve(PORT);
    assert.equal(existsSync(file), false);
  });

  it('hands out a port it has reserved, once', async () => {
    const a = await freePort();
    const b = await freePort();
    assert.notEqual(a, b);
    for (const p of [a, b]) assert.equal(readFileSync(join(RESERVED_DIR, String(p)), 'utf8'), String(process.pid));
  });
});
