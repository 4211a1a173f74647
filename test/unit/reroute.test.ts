/** Routing an outbox entry's recipients again (pure): who moves where, who stays. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { moves, rerouteSplit } from '../../src/domain/reroute.js';
import type { RouteDecision } from '../../src/domain/types.js';

const table: Record<string, RouteDecision> = {
  A: { recipient: 'A', kind: 'forward', nextHop: 'OLD', source: 'child' },
  B: { recipient: 'B', kind: 'forward', nextHop: 'C46', source: 'child' },
  C: { recipient: 'C', kind: 'forward', nextHop: 'C46', source: 'child' },
  D: { recipient: 'D', kind: 'forward', nextHop: 'PARENT', source: 'parent' },
  L: { recipient: 'L', kind: 'local' },
  U: { recipient: 'U', kind: 'undeliverable', errorCode: 'UNKNOWN_RECIPIENT', reason: 'no route to U' },
};
const route = (r: string): RouteDecision => table[r]!;

describe('rerouteSplit', () => {
  it('groups moved recipients by their new next hop, sends attached ones to the inbox, keeps the rest', () => {
    const s = rerouteSplit('OLD', ['A', 'B', 'C', 'D', 'L', 'U'], route);
    assert.deepEqual([...s.byHop], [['C46', ['B', 'C']], ['PARENT', ['D']]]);
    assert.deepEqual(s.local, ['L']);
    assert.deepEqual(s.stay, ['A', 'U'], 'still routed through the same hop, or nowhere');
    assert.deepEqual(s.unroutable, [{ recipient: 'U', reason: 'no route to U' }]);
    assert.equal(moves(s), true);
  });

  it('moves nothing when the table still sends every recipient to the entry\'s next hop (or nowhere)', () => {
    const s = rerouteSplit('OLD', ['A', 'U'], route);
    assert.equal(moves(s), false);
    assert.deepEqual(s.stay, ['A', 'U']);
  });
});
