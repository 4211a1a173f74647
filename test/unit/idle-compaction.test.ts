/** An idle node collects its heap once per quiet spell (idle-compaction.ts). */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { idleDecision, IDLE_UTILIZATION, startIdleCompaction } from '../../src/node/idle-compaction.js';

describe('idle compaction', () => {
  it('collects on the first idle period, not again until the node has been busy', () => {
    let state = { compacted: false };
    const seen: boolean[] = [];
    for (const u of [0.5, 0.001, 0.001, 0.001, 0.3, 0.01, 0.0]) {
      const d = idleDecision(state, u);
      seen.push(d.collect);
      state = d.next;
    }
    assert.deepEqual(seen, [false, true, false, false, false, true, false]);
  });

  it('a period at the threshold is idle, one above it is busy', () => {
    assert.equal(idleDecision({ compacted: false }, IDLE_UTILIZATION).collect, true);
    assert.equal(idleDecision({ compacted: false }, IDLE_UTILIZATION + 0.001).collect, false);
  });

  it('really runs a full collection when the loop is idle, which frees unreachable objects', async () => {
    let ref: WeakRef<object> | null = null;
    (() => {
      ref = new WeakRef({ big: new Array(10_000).fill('x') });
    })();
    const times: number[] = [];
    const released: number[] = [];
    const stop = startIdleCompaction((ms) => times.push(ms), 150, [() => released.push(times.length)]);
    try {
      const deadline = Date.now() + 10_000;
      while (times.length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      // Three more quiet periods: the node has not been busy since, so no second collection.
      await new Promise((r) => setTimeout(r, 3 * 150 + 50));
    } finally {
      stop();
    }
    assert.equal(times.length, 1, 'one collection in the quiet spell, however long it lasts');
    assert.deepEqual(released, [0], 'the pools let go of their buffers once, just before that collection');
    assert.ok(times[0]! >= 0);
    // A WeakRef target is kept until the end of the job that created or read it; this is a later one.
    await new Promise((r) => setImmediate(r));
    assert.equal(ref!.deref(), undefined, 'the unreachable object was collected');
  });
});
