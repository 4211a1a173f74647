import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  buildRouteTable,
  explainRoute,
  resolveRoute,
  subtreesOf,
  type RouteTable,
  type RouteTableInput,
} from '../../src/domain/route-table.js';
import type { RouteDecision, RouteSource } from '../../src/domain/types.js';

/**
 * One example network, seen from each of its nodes. Depth varies by branch: the ministry branch goes
 * four levels down (G12 → 18.G12 → 05.18.G12 → 001.05.18.G12), province H44 keeps districts, and the
 * post-2025 province H29 has communes directly below it.
 */
const NODES: Record<string, RouteTableInput> = {
  national: {
    self: '000.00.00.G22',
    attached: ['000.00.00.G22'],
    children: [
      { code: '000.00.00.G12', subtrees: ['000.00.00.G12'] },
      { code: '000.00.00.H44', subtrees: ['000.00.00.H44'] },
      { code: '000.00.00.H29', subtrees: ['000.00.00.H29'] },
    ],
    laterals: [],
    statics: [],
  },
  ministry: {
    self: '000.00.00.G12',
    parent: '000.00.00.G22',
    attached: ['000.00.00.G12', '000.00.01.G12'],
    children: [{ code: '000.00.18.G12', subtrees: ['000.00.18.G12'] }],
    laterals: [],
    statics: [],
  },
  /** Tổng cục Thuế: a provincial tax department below it, and one big level-4 branch linked directly. */
  taxation: {
    self: '000.00.18.G12',
    parent: '000.00.00.G12',
    attached: ['000.00.18.G12'],
    children: [
      { code: '000.05.18.G12', subtrees: ['000.05.18.G12'] },
      { code: '001.05.18.G12', subtrees: ['001.05.18.G12'] },
    ],
    laterals: [],
    statics: [],
  },
  /** Level-3 node with a level-4 child: the bottom of the deep branch. */
  taxDepartment: {
    self: '000.05.18.G12',
    parent: '000.00.18.G12',
    attached: ['000.05.18.G12'],
    children: [{ code: '002.05.18.G12', subtrees: ['002.05.18.G12'] }],
    laterals: [],
    statics: [],
  },
  /** Four-level province: a district below, one commune linked straight to the province, a lateral to H29. */
  province: {
    self: '000.00.00.H44',
    parent: '000.00.00.G22',
    attached: ['000.00.00.H44', '000.00.01.H44'],
    children: [
      { code: '000.00.24.H44', subtrees: ['000.00.24.H44'] },
      { code: '000.00.25.H44', subtrees: ['000.00.25.H44'] },
      { code: '000.47.24.H44', subtrees: ['000.47.24.H44'] },
    ],
    laterals: [{ code: '000.00.00.H29', subtrees: ['000.00.00.H29'] }],
    // District 26 was merged into district 25: its whole subtree goes to the node of district 25.
    statics: [{ prefix: '000.00.26.H44', via: '000.00.25.H44' }],
  },
  /** A static route at the same depth as a child's subtree overrides the child. */
  provinceOverride: {
    self: '000.00.00.H44',
    parent: '000.00.00.G22',
    attached: ['000.00.00.H44'],
    children: [
      { code: '000.00.24.H44', subtrees: ['000.00.24.H44'] },
      { code: '000.00.25.H44', subtrees: ['000.00.25.H44'] },
    ],
    laterals: [{ code: '000.00.00.H29', subtrees: ['000.00.00.H29', '000.46.24.H44'] }],
    statics: [{ prefix: '000.00.24.H44', via: '000.00.25.H44' }],
  },
  /** Post-2025 two-tier province: communes directly under the province. */
  twoTier: {
    self: '000.00.00.H29',
    parent: '000.00.00.G22',
    attached: ['000.00.00.H29', '000.00.01.H29'],
    children: [
      { code: '000.00.07.H29', subtrees: ['000.00.07.H29'] },
      { code: '000.00.08.H29', subtrees: ['000.00.08.H29'] },
    ],
    laterals: [],
    statics: [],
  },
  district: {
    self: '000.00.24.H44',
    parent: '000.00.00.H44',
    attached: ['000.00.24.H44', '000.46.24.H44'],
    children: [{ code: '000.46.24.H44', subtrees: ['000.46.24.H44'] }],
    laterals: [],
    statics: [],
  },
  commune: {
    self: '000.46.24.H44',
    parent: '000.00.24.H44',
    attached: ['000.46.24.H44'],
    children: [],
    laterals: [],
    statics: [],
  },
};

type Expected =
  | { local: true }
  | { via: string; source: RouteSource }
  | { unknown: true };

interface Case {
  node: keyof typeof NODES;
  to: string;
  expect: Expected;
  why: string;
}

const CASES: Case[] = [
  // National root.
  { node: 'national', to: '000.00.00.G22', expect: { local: true }, why: 'attached agency' },
  { node: 'national', to: '000.00.00.G12', expect: { via: '000.00.00.G12', source: 'child' }, why: 'a child node’s own code' },
  { node: 'national', to: '000.00.18.G12', expect: { via: '000.00.00.G12', source: 'child' }, why: 'inside the ministry subtree' },
  { node: 'national', to: '001.05.18.G12', expect: { via: '000.00.00.G12', source: 'child' }, why: 'level 4, deep in the ministry subtree' },
  { node: 'national', to: '000.46.24.H44', expect: { via: '000.00.00.H44', source: 'child' }, why: 'a commune of province H44' },
  { node: 'national', to: '000.00.07.H29', expect: { via: '000.00.00.H29', source: 'child' }, why: 'a commune of the two-tier province' },
  { node: 'national', to: '000.00.01.G22', expect: { unknown: true }, why: 'in the root’s own subtree, not attached' },
  { node: 'national', to: '000.00.00.H49', expect: { unknown: true }, why: 'at the root, no child covers it' },
  // Ministry.
  { node: 'ministry', to: '000.00.01.G12', expect: { local: true }, why: 'second attached agency' },
  { node: 'ministry', to: '000.00.18.G12', expect: { via: '000.00.18.G12', source: 'child' }, why: 'the child itself' },
  { node: 'ministry', to: '001.05.18.G12', expect: { via: '000.00.18.G12', source: 'child' }, why: 'level 4 below the child' },
  { node: 'ministry', to: '000.00.02.G12', expect: { unknown: true }, why: 'inside the ministry, no node holds it' },
  { node: 'ministry', to: '000.00.00.G22', expect: { via: '000.00.00.G22', source: 'parent' }, why: 'outside its subtree: up' },
  { node: 'ministry', to: '000.00.00.H44', expect: { via: '000.00.00.G22', source: 'parent' }, why: 'another branch: up' },
  // Deep branch: nested child subtrees, the deepest wins.
  { node: 'taxation', to: '001.05.18.G12', expect: { via: '001.05.18.G12', source: 'child' }, why: 'level-4 child beats its level-3 parent’s subtree' },
  { node: 'taxation', to: '002.05.18.G12', expect: { via: '000.05.18.G12', source: 'child' }, why: 'level-4 sibling goes to the level-3 child' },
  { node: 'taxation', to: '000.05.18.G12', expect: { via: '000.05.18.G12', source: 'child' }, why: 'the level-3 child itself' },
  { node: 'taxation', to: '000.06.18.G12', expect: { unknown: true }, why: 'another tax department, not connected' },
  { node: 'taxation', to: '000.00.01.G12', expect: { via: '000.00.00.G12', source: 'parent' }, why: 'a sibling at the ministry: up' },
  { node: 'taxDepartment', to: '002.05.18.G12', expect: { via: '002.05.18.G12', source: 'child' }, why: 'level-4 child of a level-3 node' },
  { node: 'taxDepartment', to: '003.05.18.G12', expect: { unknown: true }, why: 'level 4 inside a level-3 node, unknown' },
  { node: 'taxDepartment', to: '000.00.18.G12', expect: { via: '000.00.18.G12', source: 'parent' }, why: 'its own parent' },
  // Four-level province.
  { node: 'province', to: '000.00.01.H44', expect: { local: true }, why: 'attached department' },
  { node: 'province', to: '000.46.24.H44', expect: { via: '000.00.24.H44', source: 'child' }, why: 'commune of district 24' },
  { node: 'province', to: '000.47.24.H44', expect: { via: '000.47.24.H44', source: 'child' }, why: 'commune linked straight to the province beats its district' },
  { node: 'province', to: '001.47.24.H44', expect: { via: '000.47.24.H44', source: 'child' }, why: 'below that commune' },
  { node: 'province', to: '000.00.26.H44', expect: { via: '000.00.25.H44', source: 'static' }, why: 'static route for a merged district' },
  { node: 'province', to: '000.12.26.H44', expect: { via: '000.00.25.H44', source: 'static' }, why: 'static route covers the whole subtree' },
  { node: 'province', to: '000.00.07.H29', expect: { via: '000.00.00.H29', source: 'lateral' }, why: 'lateral route instead of the parent' },
  { node: 'province', to: '000.00.27.H44', expect: { unknown: true }, why: 'district with no node' },
  { node: 'province', to: '000.00.00.H49', expect: { via: '000.00.00.G22', source: 'parent' }, why: 'another province without lateral: up' },
  // Static vs child at equal depth; lateral deeper than a child.
  { node: 'provinceOverride', to: '000.00.24.H44', expect: { via: '000.00.25.H44', source: 'static' }, why: 'static overrides a child at equal depth' },
  { node: 'provinceOverride', to: '000.47.24.H44', expect: { via: '000.00.25.H44', source: 'static' }, why: '...for its whole subtree' },
  { node: 'provinceOverride', to: '000.46.24.H44', expect: { via: '000.00.00.H29', source: 'lateral' }, why: 'a deeper lateral prefix beats a shallower static' },
  { node: 'provinceOverride', to: '000.01.25.H44', expect: { via: '000.00.25.H44', source: 'child' }, why: 'untouched child' },
  // Two-tier province.
  { node: 'twoTier', to: '000.00.07.H29', expect: { via: '000.00.07.H29', source: 'child' }, why: 'commune directly under the province' },
  { node: 'twoTier', to: '000.05.08.H29', expect: { via: '000.00.08.H29', source: 'child' }, why: 'unit under a commune' },
  { node: 'twoTier', to: '000.00.01.H29', expect: { local: true }, why: 'attached department' },
  { node: 'twoTier', to: '000.00.09.H29', expect: { unknown: true }, why: 'commune with no node' },
  { node: 'twoTier', to: '000.46.24.H44', expect: { via: '000.00.00.G22', source: 'parent' }, why: 'other province: up' },
  // District and commune.
  { node: 'district', to: '000.46.24.H44', expect: { local: true }, why: 'attached beats a child covering the same code' },
  { node: 'district', to: '001.46.24.H44', expect: { via: '000.46.24.H44', source: 'child' }, why: 'below the commune' },
  { node: 'district', to: '000.48.24.H44', expect: { unknown: true }, why: 'commune without a node' },
  { node: 'district', to: '000.00.00.H44', expect: { via: '000.00.00.H44', source: 'parent' }, why: 'the province' },
  { node: 'commune', to: '000.46.24.H44', expect: { local: true }, why: 'its own agency' },
  { node: 'commune', to: '001.46.24.H44', expect: { unknown: true }, why: 'leaf: inside its subtree, unknown' },
  { node: 'commune', to: '000.47.24.H44', expect: { via: '000.00.24.H44', source: 'parent' }, why: 'sibling commune: up' },
  { node: 'commune', to: '000.00.00.G22', expect: { via: '000.00.24.H44', source: 'parent' }, why: 'the national hub: up' },
];

const tables = new Map<string, RouteTable>();
function table(node: string): RouteTable {
  let t = tables.get(node);
  if (!t) {
    t = buildRouteTable(NODES[node]!);
    tables.set(node, t);
  }
  return t;
}

function describeExpected(e: Expected): string {
  if ('local' in e) return 'local';
  if ('unknown' in e) return 'undeliverable';
  return `${e.source} → ${e.via}`;
}

describe('route table: resolve', () => {
  for (const c of CASES) {
    it(`${c.node}: ${c.to} → ${describeExpected(c.expect)} (${c.why})`, () => {
      const t = table(c.node);
      const { decision, steps } = explainRoute(t, c.to);
      assert.deepEqual(resolveRoute(t, c.to), decision, 'resolveRoute agrees with explainRoute');
      let want: RouteDecision;
      if ('local' in c.expect) want = { recipient: c.to, kind: 'local' };
      else if ('via' in c.expect) want = { recipient: c.to, kind: 'forward', nextHop: c.expect.via, source: c.expect.source };
      else {
        assert.equal(decision.kind, 'undeliverable');
        assert.ok(decision.kind === 'undeliverable');
        assert.equal(decision.errorCode, 'UNKNOWN_RECIPIENT');
        assert.match(decision.reason, new RegExp(c.to.replace(/\./g, '\\.')), 'the reason names the recipient');
        want = decision;
      }
      assert.deepEqual(decision, want);

      assert.ok(steps.length > 0, 'steps are not empty');
      assert.ok(steps[0]!.includes(c.to), `first step names the recipient: ${steps[0]}`);
      const last = steps[steps.length - 1]!;
      if ('local' in c.expect) assert.match(last, /attached.*inbox/);
      else if ('unknown' in c.expect) assert.match(last, /non-delivery/);
      else {
        assert.ok(last.includes(c.expect.via), `last step names the next hop: ${last}`);
        assert.ok(last.includes(c.expect.source), `last step names the kind of route: ${last}`);
      }
    });
  }

  it('at the root, the reason for an unknown code says it is the root', () => {
    const { decision } = explainRoute(table('national'), '000.00.00.H49');
    assert.ok(decision.kind === 'undeliverable');
    assert.match(decision.reason, /root node 000\.00\.00\.G22/);
  });

  it('inside its own subtree, the reason says so instead of sending the document up', () => {
    const { decision } = explainRoute(table('province'), '000.00.27.H44');
    assert.ok(decision.kind === 'undeliverable');
    assert.match(decision.reason, /subtree of node 000\.00\.00\.H44/);
  });
});

describe('route table: build', () => {
  it('orders entries deepest first, and on equal depth static before child before lateral', () => {
    const t = table('provinceOverride');
    const order = t.entries.map((e) => `${e.depth}:${e.source}:${e.prefix}`);
    assert.deepEqual(order, [
      '5:attached:000.00.00.H44',
      '3:lateral:000.46.24.H44',
      '2:static:000.00.24.H44',
      '2:child:000.00.24.H44',
      '2:child:000.00.25.H44',
      '1:lateral:000.00.00.H29',
    ]);
  });

  it('keeps the parent and the attached set', () => {
    const t = table('ministry');
    assert.equal(t.parent, '000.00.00.G22');
    assert.deepEqual([...t.attached].sort(), ['000.00.00.G12', '000.00.01.G12']);
    assert.equal(table('national').parent, undefined);
  });
});

describe('route table: subtreesOf', () => {
  const CASES: { node: string; peer: string; subtrees: string[]; why: string }[] = [
    { node: 'national', peer: '000.00.00.G12', subtrees: ['000.00.00.G12'], why: 'a child' },
    { node: 'taxation', peer: '000.05.18.G12', subtrees: ['000.05.18.G12'], why: 'level-3 child' },
    { node: 'taxation', peer: '001.05.18.G12', subtrees: ['001.05.18.G12'], why: 'level-4 child' },
    { node: 'province', peer: '000.00.25.H44', subtrees: ['000.00.25.H44'], why: 'static routes via a child are not its subtrees' },
    { node: 'province', peer: '000.00.00.H29', subtrees: ['000.00.00.H29'], why: 'a lateral' },
    { node: 'provinceOverride', peer: '000.00.00.H29', subtrees: ['000.00.00.H29', '000.46.24.H44'], why: 'a lateral with two prefixes' },
    { node: 'province', peer: '000.00.00.G22', subtrees: [], why: 'the parent covers no subtree' },
    { node: 'province', peer: '000.00.99.H44', subtrees: [], why: 'not a peer' },
  ];
  for (const c of CASES) {
    it(`${c.node}: ${c.peer} (${c.why})`, () => {
      assert.deepEqual(subtreesOf(table(c.node), c.peer).sort(), c.subtrees);
    });
  }
});
