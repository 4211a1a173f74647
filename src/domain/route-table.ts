/**
 * Hierarchical routing by agency code. Pure: the table is built from configuration, a recipient is
 * resolved against it, and each step of the decision is explained for `lienthong routes --resolve`.
 *
 * Rules, in order:
 * 1. An agency attached to this node is delivered to its local inbox (exact code).
 * 2. Otherwise the deepest matching prefix wins among children, lateral peers and static routes
 *    (a prefix matches the code itself and its whole subtree). On equal depth: static, then child,
 *    then lateral, so a static route can override a child's subtree.
 * 3. Otherwise, a code inside this node's own subtree is unknown here: non-delivery (sending it up
 *    would only bring it back down).
 * 4. Otherwise up to the parent; at the root, non-delivery.
 */
import { isWithin, levelOf } from './agency-code.js';
import type { AgencyCode, RouteDecision, RouteSource } from './types.js';

export interface RouteTableInput {
  self: AgencyCode;
  parent?: AgencyCode;
  attached: AgencyCode[];
  children: { code: AgencyCode; subtrees: AgencyCode[] }[];
  laterals: { code: AgencyCode; subtrees: AgencyCode[] }[];
  statics: { prefix: AgencyCode; via: AgencyCode }[];
}

export interface RouteEntry {
  prefix: AgencyCode;
  target: 'local' | AgencyCode;
  source: RouteSource;
  /** Exact entries match only the code itself (attached agencies). */
  exact: boolean;
  depth: number;
}

export interface RouteTable {
  self: AgencyCode;
  parent?: AgencyCode;
  entries: readonly RouteEntry[];
  attached: ReadonlySet<AgencyCode>;
}

const SOURCE_RANK: Record<RouteSource, number> = { attached: 4, static: 3, child: 2, lateral: 1, parent: 0 };

export function buildRouteTable(input: RouteTableInput): RouteTable {
  const entries: RouteEntry[] = [];
  for (const code of input.attached) {
    entries.push({ prefix: code, target: 'local', source: 'attached', exact: true, depth: 5 });
  }
  for (const s of input.statics) {
    entries.push({ prefix: s.prefix, target: s.via, source: 'static', exact: false, depth: levelOf(s.prefix) });
  }
  for (const c of input.children) {
    for (const p of c.subtrees) {
      entries.push({ prefix: p, target: c.code, source: 'child', exact: false, depth: levelOf(p) });
    }
  }
  for (const l of input.laterals) {
    for (const p of l.subtrees) {
      entries.push({ prefix: p, target: l.code, source: 'lateral', exact: false, depth: levelOf(p) });
    }
  }
  entries.sort((a, b) => b.depth - a.depth || SOURCE_RANK[b.source] - SOURCE_RANK[a.source]);
  const table: RouteTable = { self: input.self, entries, attached: new Set(input.attached) };
  if (input.parent) table.parent = input.parent;
  return table;
}

export interface Resolution {
  decision: RouteDecision;
  steps: string[];
}

function matches(entry: RouteEntry, code: AgencyCode): boolean {
  return entry.exact ? entry.prefix === code : isWithin(code, entry.prefix);
}

/** Resolves one recipient; `steps` says why, in an operator's words. */
export function explainRoute(table: RouteTable, recipient: AgencyCode): Resolution {
  const steps: string[] = [];
  if (table.attached.has(recipient)) {
    steps.push(`${recipient} is an agency attached to this node: deliver to its inbox`);
    return { decision: { recipient, kind: 'local' }, steps };
  }
  steps.push(`${recipient} is not attached to this node`);
  const best = table.entries.find((e) => !e.exact && matches(e, recipient));
  if (best) {
    steps.push(
      `deepest matching route: ${best.prefix} (level ${best.depth}, ${best.source}) → next hop ${best.target}`,
    );
    return { decision: { recipient, kind: 'forward', nextHop: best.target, source: best.source }, steps };
  }
  steps.push('no child, lateral or static route covers it');
  if (isWithin(recipient, table.self)) {
    const reason = `${recipient} lies in the subtree of node ${table.self} but no attached agency or child node holds it`;
    steps.push(`${reason}: non-delivery`);
    return { decision: { recipient, kind: 'undeliverable', errorCode: 'UNKNOWN_RECIPIENT', reason }, steps };
  }
  if (table.parent) {
    steps.push(`not in this node's subtree: up to the parent ${table.parent}`);
    return { decision: { recipient, kind: 'forward', nextHop: table.parent, source: 'parent' }, steps };
  }
  const reason = `no route to ${recipient} at the root node ${table.self}: no attached agency, child or route covers it`;
  steps.push(`${reason}: non-delivery`);
  return { decision: { recipient, kind: 'undeliverable', errorCode: 'UNKNOWN_RECIPIENT', reason }, steps };
}

export function resolveRoute(table: RouteTable, recipient: AgencyCode): RouteDecision {
  return explainRoute(table, recipient).decision;
}

/** The subtrees a peer is responsible for, as seen from this table (for sender authorization). */
export function subtreesOf(table: RouteTable, peer: AgencyCode): AgencyCode[] {
  return table.entries.filter((e) => e.target === peer && e.source !== 'static').map((e) => e.prefix);
}
