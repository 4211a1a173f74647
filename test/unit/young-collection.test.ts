/** A node collects its young generation when ArrayBuffer memory has grown enough (young-collection.ts). */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { v8Gc } from '../../src/node/v8-gc.js';
import {
  GROWING_BYTES, initialYoungState, QUIET_READINGS, startYoungCollection, TRIM_AFTER_FREED_BYTES, TRIM_MIN_INTERVAL_MS, trimDecision,
  YOUNG_CHECK_MS, YOUNG_COLLECTION_BYTES, YOUNG_IDLE_CHECK_MS, youngDecision,
} from '../../src/node/young-collection.js';

const MB = 1024 * 1024;

describe('young collection', () => {
  it('collects once the growth since the baseline reaches the threshold', () => {
    const base = initialYoungState(100 * MB);
    assert.equal(youngDecision(base, 100 * MB).collect, false);
    assert.equal(youngDecision(base, 100 * MB + YOUNG_COLLECTION_BYTES - 1).collect, false);
    assert.equal(youngDecision(base, 100 * MB + YOUNG_COLLECTION_BYTES).collect, true);
    assert.equal(youngDecision(base, 100 * MB + 3 * YOUNG_COLLECTION_BYTES).collect, true);
  });

  it('takes the reading after a collection as the new baseline, so buffers still alive are not collected again and again', () => {
    const grown = 100 * MB + 2 * YOUNG_COLLECTION_BYTES;
    const first = youngDecision(initialYoungState(100 * MB), grown);
    assert.equal(first.collect, true);
    // Nothing was garbage: the memory is still as high at the reading after the collection. No second one...
    const settled = youngDecision(first.next, grown, YOUNG_COLLECTION_BYTES, true);
    assert.equal(settled.collect, false);
    assert.deepEqual(settled.next, { baseline: grown, last: grown, quiet: 1 });
    // ...until it grows by the threshold again.
    assert.equal(youngDecision(settled.next, grown + YOUNG_COLLECTION_BYTES - 1).collect, false);
    assert.equal(youngDecision(settled.next, grown + YOUNG_COLLECTION_BYTES).collect, true);
  });

  it('counts growth from the last collection V8 ran by itself, so document traffic brings no extra collections', () => {
    const base = initialYoungState(100 * MB);
    const grown = 100 * MB + YOUNG_COLLECTION_BYTES;
    assert.equal(youngDecision(base, grown).collect, true, 'no collection since: collect');
    const afterV8 = youngDecision(base, grown, YOUNG_COLLECTION_BYTES, true);
    assert.equal(afterV8.collect, false, 'V8 collected since the last reading: the buffers left are alive');
    assert.equal(afterV8.next.baseline, grown);
    assert.equal(youngDecision(afterV8.next, grown + YOUNG_COLLECTION_BYTES - 1).collect, false);
    assert.equal(youngDecision(afterV8.next, grown + YOUNG_COLLECTION_BYTES).collect, true);
  });

  it('follows the memory down when V8 freed buffers by itself', () => {
    const d = youngDecision(initialYoungState(50 * MB), 20 * MB);
    assert.equal(d.collect, false);
    assert.equal(d.next.baseline, 20 * MB);
    // Growth now counts from the lower baseline.
    assert.equal(youngDecision(d.next, 20 * MB + YOUNG_COLLECTION_BYTES).collect, true);
    assert.equal(youngDecision(initialYoungState(50 * MB), 20 * MB + YOUNG_COLLECTION_BYTES).collect, false);
  });

  it('reads often while buffers are being allocated and for a second after, rarely once quiet', () => {
    let state = initialYoungState(10 * MB);
    assert.equal(youngDecision(state, 10 * MB).nextCheckMs, YOUNG_IDLE_CHECK_MS, 'an idle node reads rarely');
    assert.equal(youngDecision(state, 10 * MB + GROWING_BYTES - 1).nextCheckMs, YOUNG_IDLE_CHECK_MS);
    let d = youngDecision(state, 10 * MB + GROWING_BYTES);
    assert.equal(d.nextCheckMs, YOUNG_CHECK_MS, 'growth: read soon');
    state = d.next;
    // A collection's drop and a plateau keep the fast pace for QUIET_READINGS readings...
    for (let i = 1; i < QUIET_READINGS; i++) {
      d = youngDecision(state, 5 * MB);
      assert.equal(d.nextCheckMs, YOUNG_CHECK_MS, `reading ${i} after the growth`);
      state = d.next;
    }
    // ...then the slow one.
    d = youngDecision(state, 5 * MB);
    assert.equal(d.nextCheckMs, YOUNG_IDLE_CHECK_MS);
    assert.equal(youngDecision(d.next, 5 * MB + GROWING_BYTES).nextCheckMs, YOUNG_CHECK_MS, 'new growth: fast again');
  });

  it('runs a real young collection when the buffers grew, which frees those nothing refers to', async () => {
    const calls: unknown[] = [];
    const seen: { before: number; ms: number }[] = [];
    const gc = v8Gc();
    const stop = startYoungCollection((before, ms) => seen.push({ before, ms }), 8 * MB, 20, (o) => {
      calls.push(o);
      gc(o);
    });
    let after = Infinity;
    try {
      // Buffers that die at once, like file chunks already written: 4 MiB every 20 ms until the
      // policy collects (a scavenge V8 runs by itself may free some first; that only delays it).
      const deadline = Date.now() + 10_000;
      while (seen.length === 0 && Date.now() < deadline) {
        for (let i = 0; i < 4; i++) Buffer.allocUnsafeSlow(MB).fill(i);
        await new Promise((r) => setTimeout(r, 20));
      }
      assert.ok(seen.length >= 1, 'a young collection ran');
      // V8 frees the memory of dead buffers on a background thread just after the collection.
      const freedBy = Date.now() + 2_000;
      while ((after = process.memoryUsage().arrayBuffers) > seen[0]!.before - 8 * MB && Date.now() < freedBy) await new Promise((r) => setTimeout(r, 10));
    } finally {
      stop();
    }
    assert.deepEqual(calls[0], { type: 'minor' }, 'a young collection, not a full one');
    assert.equal(calls.length, seen.length);
    const { before, ms } = seen[0]!;
    assert.ok(before - after >= 8 * MB, `the dead buffers were freed: ${Math.round(before / MB)} → ${Math.round(after / MB)} MiB`);
    assert.ok(ms >= 0 && ms < 1000, `a young collection is short: ${ms} ms`);
  });

  it('stays idle while the buffers do not grow', async () => {
    const calls: unknown[] = [];
    const stop = startYoungCollection(() => undefined, 8 * MB, 10, (o) => calls.push(o));
    await new Promise((r) => setTimeout(r, 100));
    stop();
    assert.deepEqual(calls, []);
  });

  it('gives the C heap back its pages when a collection has just freed many buffers, at most once per interval', () => {
    assert.equal(trimDecision(100 * MB, 100 * MB - TRIM_AFTER_FREED_BYTES, TRIM_MIN_INTERVAL_MS), true);
    assert.equal(trimDecision(100 * MB, 100 * MB - TRIM_AFTER_FREED_BYTES + 1, 10_000), false, 'a small fall: not worth it');
    assert.equal(trimDecision(100 * MB, 100 * MB + 50 * MB, 10_000), false, 'growth: nothing freed');
    assert.equal(trimDecision(100 * MB, 10 * MB, TRIM_MIN_INTERVAL_MS - 1), false, 'trimmed just before');
    assert.equal(trimDecision(100 * MB, 10 * MB, Infinity), true, 'never trimmed yet');
  });

  it('trims once dead buffers are freed by a real collection', async () => {
    const trims: number[] = [];
    const gc = v8Gc();
    const stop = startYoungCollection(() => undefined, 1024 * MB, 10, () => undefined, () => {
      trims.push(process.memoryUsage().arrayBuffers);
      return true;
    });
    try {
      let held: Buffer[] = [];
      for (let i = 0; i < 32; i++) held.push(Buffer.allocUnsafeSlow(MB).fill(i));
      // Two readings with the buffers held, so the fall is measured from them.
      await new Promise((r) => setTimeout(r, 40));
      assert.deepEqual(trims, [], 'no trim while the memory grows');
      held = [];
      gc({ type: 'major' });
      const deadline = Date.now() + 5_000;
      while (trims.length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
      assert.equal(held.length, 0);
    } finally {
      stop();
    }
    assert.equal(trims.length, 1, 'one trim after the fall');
  });
});
