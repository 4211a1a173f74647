/** The C heap's free pages go back to the system (malloc-trim.ts), measured in a real process. */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'node:test';
import { mallocTrim, mallocTrimUnavailable } from '../../src/node/malloc-trim.js';

const MODULE = fileURLToPath(new URL('../../src/node/malloc-trim.js', import.meta.url));

describe('malloc trim', () => {
  it('runs where the C library is glibc, and says why not elsewhere', { skip: process.platform !== 'linux' }, () => {
    const ran = mallocTrim();
    assert.equal(ran, mallocTrimUnavailable() === '', `ran ${ran}, unavailable: ${mallocTrimUnavailable()}`);
    assert.equal(ran, true, `glibc's malloc_trim could not be called: ${mallocTrimUnavailable()}`);
  });

  it('releases the free pages a burst of buffers left inside the heap', { skip: process.platform !== 'linux' }, () => {
    // 2,000 buffers of 20 KiB (under glibc's mmap threshold, so in the heap), all freed but the
    // last, which pins the top of the heap: glibc cannot give the 40 MB back by itself.
    const script = `
      const { mallocTrim } = await import(${JSON.stringify(MODULE)});
      const { setFlagsFromString } = await import('node:v8');
      const { runInNewContext } = await import('node:vm');
      setFlagsFromString('--expose-gc');
      const gc = runInNewContext('gc');
      const rss = () => process.memoryUsage().rss / 1048576;
      let held = [];
      for (let i = 0; i < 2000; i++) held.push(Buffer.allocUnsafeSlow(20 * 1024).fill(i & 255));
      const pin = held.pop();
      held = [];
      gc(); gc();
      await new Promise((r) => setTimeout(r, 200));
      const before = rss();
      const ran = mallocTrim();
      const after = rss();
      console.log(JSON.stringify({ before, after, ran, pin: pin.length }));
    `;
    const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8', env: { ...process.env, MALLOC_ARENA_MAX: '2' } });
    const { before, after, ran } = JSON.parse(out.trim().split('\n').pop()!) as { before: number; after: number; ran: boolean };
    assert.equal(ran, true);
    assert.ok(before - after >= 20, `RSS ${before.toFixed(1)} → ${after.toFixed(1)} MB: the freed 40 MB of buffers went back`);
  });
});
