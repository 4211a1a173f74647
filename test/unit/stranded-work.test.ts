import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { strandedInbox, strandedInboxProblem, strandedOutbox, strandedOutboxProblem } from '../../src/node/stranded-work.js';
import type { OutboxDepth } from '../../src/store/store.js';

const T = Date.UTC(2026, 0, 15, 3, 0, 0);
const depth = (nextHop: string, over: Partial<OutboxDepth> = {}): OutboxDepth =>
  ({ nextHop, queued: 0, inflight: 0, held: 0, failed: 0, expired: 0, oldestMs: 0, ...over });

describe('work the configuration no longer reaches', () => {
  it('outbox: next hops that are no configured peer and hold waiting entries (queued, in flight, held)', () => {
    const peers = new Set(['000.46.24.H44', '000.00.00.H44']);
    const got = strandedOutbox([
      depth('000.46.24.H44', { queued: 9, oldestMs: T }),
      depth('000.47.24.H44', { queued: 2, held: 1, oldestMs: T }),
      depth('000.48.24.H44', { failed: 4, expired: 1 }),
      depth('000.49.24.H44', { inflight: 1, oldestMs: T + 1 }),
    ], peers);
    assert.deepEqual(got, [
      { nextHop: '000.47.24.H44', entries: 3, oldestMs: T },
      { nextHop: '000.49.24.H44', entries: 1, oldestMs: T + 1 },
    ], 'a configured child is not stranded; failed and expired entries wait for nothing');
  });

  it('outbox: says what happens and the three ways out the CLI offers', () => {
    assert.equal(strandedOutboxProblem({ nextHop: '000.47.24.H44', entries: 3, oldestMs: T }),
      '3 outbox entries wait for next hop 000.47.24.H44 (the oldest from 2026-01-15T03:00:00.000Z), which is no longer a child, parent or lateral peer in this node\'s configuration: ' +
      'no link carries them, so they wait until they expire and their senders then get a non-delivery report. ' +
      'Route them again by the current table with `lienthong outbox reroute --next-hop 000.47.24.H44` (each recipient goes to the child, parent or inbox that holds it now), ' +
      'put 000.47.24.H44 back in the configuration (children, parent or laterals) and restart to deliver them through it, ' +
      'or end them now with `lienthong outbox delete --next-hop 000.47.24.H44` (their senders get a non-delivery report, REMOVED_BY_OPERATOR)');
    assert.match(strandedOutboxProblem({ nextHop: 'X', entries: 1, oldestMs: 0 }), /^1 outbox entry waits for next hop X, which/);
  });

  it('inbox: agencies no longer attached that have unacknowledged items', () => {
    const got = strandedInbox([
      { agency: '000.00.24.H44', items: 2, oldestMs: T },
      { agency: '000.01.24.H44', items: 5, oldestMs: T },
    ], new Set(['000.00.24.H44']));
    assert.deepEqual(got, [{ agency: '000.01.24.H44', items: 5, oldestMs: T }]);
    const line = strandedInboxProblem(got[0]!);
    assert.match(line, /^5 unacknowledged inbox items for agency 000\.01\.24\.H44, which is no longer attached here \(the oldest delivered 2026-01-15T03:00:00\.000Z\): /);
    assert.match(line, /attach 000\.01\.24\.H44 here again \(agencies\[\]\) and restart: `lienthong inbox --agency 000\.01\.24\.H44` then reads them, `lienthong inbox export --agency 000\.01\.24\.H44` writes them/);
  });
});
