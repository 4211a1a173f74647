/** A node collects its young generation when ArrayBuffer memory has grown enough (young-collection.ts). */
import assert from 'node:assert/strict';
import { constants, PerformanceObserver, type PerformanceEntry } from 'node:perf_hooks';
import { describe, it } from 'node:test';
import { startYoungCollection, YOUNG_COLLECTION_BYTES, youngDecision } from '../../src/node/young-collection.js';

const MB = 1024 * 1024;

describe('young collection', () => {
  it('collects once the growth since the baseline reaches the threshold', () => {
    const base = { baseline: 100 * MB };
    assert.equal(youngDecision(base, 100 * MB).collect, false);
    assert.equal(youngDecision(base, 100 * MB + YOUNG_COLLECTION_BYTES - 1).collect, false);
    assert.equal(youngDecision(base, 100 * MB + YOUNG_COLLECTION_BYTES).collect, true);
    assert.equal(youngDecision(base, 100 * MB + 3 * YOUNG_COLLECTION_BYTES).collect, true);
  });

  it('follows the memory down when V8 freed buffers by itself', () => {
    const d = youngDecision({ baseline: 50 * MB }, 20 * MB);
    assert.deepEqual(d, { collect: false, next: { baseline: 20 * MB } });
    // Growth now counts from the lower baseline.
    assert.equal(youngDecision(d.next, 20 * MB + YOUNG_COLLECTION_BYTES).collect, true);
    assert.equal(youngDecision({ baseline: 50 * MB }, 20 * MB + YOUNG_COLLECTION_BYTES).collect, false);
  });

  it('really frees buffers nothing refers to any more, with a young collection', async () => {
    const seen: { before: number; ms: number; start: number; end: number }[] = [];
    const gcs: PerformanceEntry[] = [];
    const observer = new PerformanceObserver((list) => gcs.push(...list.getEntries()));
    observer.observe({ entryTypes: ['gc'] });
    const stop = startYoungCollection((before, ms) => {
      const end = performance.now();
      seen.push({ before, ms, start: end - ms, end });
    }, 8 * MB, 20);
    let after = Infinity;
    try {
      // 24 MiB of buffers that die at once: like file chunks already written (kept under V8's own
      // 64 MiB external-memory trigger, so only the policy frees them this soon).
      for (let i = 0; i < 24; i++) Buffer.allocUnsafeSlow(MB).fill(i);
      const deadline = Date.now() + 10_000;
      while (seen.length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      assert.ok(seen.length >= 1, 'a young collection ran');
      // V8 frees the memory of dead buffers on a background thread just after the collection.
      const freedBy = Date.now() + 2_000;
      while ((after = process.memoryUsage().arrayBuffers) > seen[0]!.before - 8 * MB && Date.now() < freedBy) await new Promise((r) => setTimeout(r, 10));
    } finally {
      stop();
      await new Promise((r) => setTimeout(r, 50)); // gc entries reach the observer asynchronously
      observer.disconnect();
    }
    const { before, ms, start, end } = seen[0]!;
    const minor = gcs.filter((e) => (e as unknown as { detail: { kind: number } }).detail.kind === constants.NODE_PERFORMANCE_GC_MINOR);
    assert.ok(minor.some((e) => e.startTime >= start - 1 && e.startTime <= end + 1), `a young collection (scavenge) ran during the call: ${JSON.stringify(minor.map((e) => e.startTime))} vs ${start}–${end}`);
    assert.ok(before >= 16 * MB, `the buffers were there before: ${Math.round(before / MB)} MiB`);
    assert.ok(before - after >= 8 * MB, `the collection freed the dead buffers: ${Math.round(before / MB)} → ${Math.round(after / MB)} MiB`);
    assert.ok(ms >= 0 && ms < 1000, `a young collection is short: ${ms} ms`);
  });
});
