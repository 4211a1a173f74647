/** The bench's profile summary: each busy sample counted under the innermost area on its stack. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { areaTimes, type ProfileFrame } from '../../scripts/bench/profile-areas.js';

const frame = (id: number, functionName: string, url: string, children: number[] = []): ProfileFrame => ({
  id, callFrame: { functionName, url }, children,
});

// root → relay (src/node) → store (sqlite) → digest (node:crypto);  root → audit → digest;  idle, gc.
const nodes = [
  frame(1, '(root)', '', [2, 5, 7, 8]),
  frame(2, 'acceptBatch', 'file:///x/dist/src/node/relay.js', [3]),
  frame(3, 'acceptItem', 'file:///x/dist/src/store/sqlite/accept.js', [4]),
  frame(4, 'digest', 'node:internal/crypto/hash'),
  frame(5, 'chainEntry', 'file:///x/dist/src/audit/audit-entry.js', [6]),
  frame(6, 'digest', 'node:internal/crypto/hash'),
  frame(7, '(idle)', ''),
  frame(8, '(garbage collector)', ''),
];

describe('profile areas', () => {
  it('counts a sample under the innermost area on its stack, leaves idle out, and keeps V8 apart', () => {
    const { busyMs, byArea } = areaTimes({ nodes, samples: [4, 4, 6, 7, 7, 7, 8, 2], timeDeltas: [1000, 1000, 2000, 5000, 5000, 5000, 3000, 4000] });
    assert.equal(busyMs, 11);
    assert.equal(byArea.get('SQLite store'), 2);
    assert.equal(byArea.get('audit entries'), 2);
    assert.equal(byArea.get('garbage collection'), 3);
    assert.equal(byArea.get('other JavaScript'), 4);
  });
});
