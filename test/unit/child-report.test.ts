/** What a parent keeps of a child's network report: its subtree only, once per code, bounded. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { keepReported, MAX_REPORT_LINKS, MAX_REPORT_NODES, MAX_REPORT_TEXT } from '../../src/node/child-report.js';
import type { NodeView } from '../../src/node/network-view.js';

const node = (code: string, parent: string | null, extra: Partial<NodeView> = {}): NodeView => ({
  code, parent, level: 3, version: 'x', state: 'up', reportedAtMs: 0, uptimeMs: 0, draining: false,
  certificateNotAfterMs: 0, counters: {}, outboxTotal: 0, inboxUnacknowledged: 0, links: [], acceptedPerSecond: 0, ...extra,
});

const D = '000.00.24.H44';
const C = '000.46.24.H44';
const scope = { self: D, child: C, subtrees: [C] };
const codes = (nodes: NodeView[]) => nodes.map((n) => n.code);

describe('a child\'s network report', () => {
  it('keeps the child and the nodes below it', () => {
    const kept = keepReported([node(C, D), node('001.46.24.H44', C), node('002.46.24.H44', '001.46.24.H44')], scope);
    assert.deepEqual(codes(kept.nodes), [C, '001.46.24.H44', '002.46.24.H44']);
    assert.deepEqual([kept.outside, kept.duplicates, kept.overLimit], [0, 0, 0]);
  });

  it('drops the parent itself, nodes outside the subtree, invalid codes and parents outside it (the examiner\'s report)', () => {
    const kept = keepReported([
      node(C, D),
      node('000.00.00.H49', '000.00.00.G22', { state: 'down' }),
      node(D, null, { state: 'down' }),
      node('000.47.24.H44', D),
      node('not a code', C),
      node('001.46.24.H44', '000.00.00.G22'),
      node('003.46.24.H44', null),
    ], scope);
    assert.deepEqual(codes(kept.nodes), [C]);
    assert.equal(kept.outside, 6);
  });

  it('takes the child\'s own entry only under this node, and each code once', () => {
    assert.deepEqual(codes(keepReported([node(C, '000.00.00.G22')], scope).nodes), []);
    const kept = keepReported([node(C, D), node(C, D, { state: 'down' }), node('001.46.24.H44', C), node('001.46.24.H44', C)], scope);
    assert.deepEqual(codes(kept.nodes), [C, '001.46.24.H44']);
    assert.equal(kept.nodes[0]!.state, 'up', 'the first entry wins');
    assert.equal(kept.duplicates, 2);
  });

  it('believes what the configuration says the child holds (subtrees), not only its own code', () => {
    const wide = { self: D, child: C, subtrees: [C, '000.99.24.H44'] };
    assert.deepEqual(codes(keepReported([node(C, D), node('001.99.24.H44', C)], wide).nodes), [C, '001.99.24.H44']);
  });

  it(`keeps ${MAX_REPORT_NODES} entries at most, and bounds each one's links, counters and text`, () => {
    const many = [node(C, D)];
    for (let i = 1; many.length < MAX_REPORT_NODES + 100; i++) many.push(node(`${i.toString(36).toUpperCase().padStart(3, '0')}.46.24.H44`, C));
    const kept = keepReported(many, scope);
    assert.equal(kept.nodes.length, MAX_REPORT_NODES);
    assert.equal(kept.overLimit, 100);
    const link = { peer: 'p'.repeat(100_000), role: 'child', state: 'up', outboxDepth: 0, oldestAgeMs: 0, lastError: 'e'.repeat(100_000) };
    const fat = node(C, D, { version: 'v'.repeat(100_000), links: Array.from({ length: MAX_REPORT_LINKS + 5 }, () => link), counters: Object.fromEntries(Array.from({ length: 100 }, (_, k) => [`c${k}`, k])) });
    const [one] = keepReported([fat], scope).nodes;
    assert.equal(one!.links.length, MAX_REPORT_LINKS);
    assert.equal(one!.version.length, MAX_REPORT_TEXT);
    assert.equal(one!.links[0]!.lastError.length, MAX_REPORT_TEXT);
    assert.ok(Object.keys(one!.counters).length <= 32);
  });
});
