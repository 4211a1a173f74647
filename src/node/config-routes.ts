/**
 * The routing table a node's configuration describes (used by the daemon and `lienthong routes`),
 * and the peers it names. Pure.
 */
import { isWithin } from '../domain/agency-code.js';
import { buildRouteTable, type RouteTable } from '../domain/route-table.js';
import type { NodeConfig } from './config-schema.js';

export function routeTableFromConfig(c: NodeConfig): RouteTable {
  return buildRouteTable({
    self: c.node.code,
    ...(c.parent ? { parent: c.parent.code } : {}),
    attached: [...c.agencies],
    children: c.children.map((ch) => ({ code: ch.code, subtrees: ch.subtrees?.length ? [...ch.subtrees] : [ch.code] })),
    laterals: c.laterals.map((l) => ({ code: l.code, subtrees: [...l.subtrees] })),
    statics: c.routes.map((r) => ({ prefix: r.prefix, via: r.via })),
  });
}

/**
 * The codes of the peers this node is configured with: its parent, its children and its lateral
 * peers, whether they dial it or it dials them. A static route's `via` must be one of them (the
 * loader's cross-check); outbox entries for any other next hop wait for a link that never comes
 * (stranded-work.ts, at start-up).
 */
export function configuredPeers(c: Pick<NodeConfig, 'parent' | 'children' | 'laterals'>): ReadonlySet<string> {
  return new Set([...(c.parent ? [c.parent.code] : []), ...c.children.map((ch) => ch.code), ...c.laterals.map((l) => l.code)]);
}

/**
 * Attached agencies other nodes will not send here: below the root, documents for a code go where
 * the code lies (its parent's subtree, read right to left), so an agency whose code lies outside
 * this node's gets only what its neighbours here send it, and the parent refuses its documents
 * (SENDER_NOT_ALLOWED: a child hands over senders in its subtrees only, and static routes do not
 * count), unless the parent lists the code among this node's `children[].subtrees`.
 * Pure: one warning line per such agency, for the start-up log.
 */
export function agenciesOutsideSubtree(c: Pick<NodeConfig, 'node' | 'parent' | 'agencies'>): string[] {
  const parent = c.parent?.code;
  if (!parent) return [];
  return c.agencies
    .filter((a) => !isWithin(a, c.node.code))
    .map((a) => `agency ${a} is attached here but its code lies outside this node's (${c.node.code}): other nodes send documents for ${a} to where its code lies, not here, ` +
      `and the parent ${parent} refuses the documents ${a} sends (SENDER_NOT_ALLOWED: a child may only hand over senders in its subtrees) ` +
      `unless its configuration lists ${a} among the subtrees of ${c.node.code} under children[]. ` +
      `Attach it at the node whose subtree holds its code; or, to keep it here, add ${a} to those subtrees on ${parent} ` +
      `(${parent} then takes the documents ${a} sends and routes documents for ${a} here; routes alone bring documents to it but do not let its own out), ` +
      `and the same on each node further up whose children[].subtrees for the child on the way do not hold ${a}`);
}

/**
 * Children whose subtrees lie outside this node's code (a commune moved under another district
 * without a new code): below the root, the parent routes documents for them where their codes lie,
 * and refuses what this node hands over from them (SENDER_NOT_ALLOWED), unless it lists them among
 * this node's `children[].subtrees`. Pure: one warning line per such subtree, for the start-up log.
 */
export function childrenOutsideSubtree(c: Pick<NodeConfig, 'node' | 'parent' | 'children'>): string[] {
  const parent = c.parent?.code;
  if (!parent) return [];
  return c.children.flatMap((ch) => (ch.subtrees?.length ? ch.subtrees : [ch.code])
    .filter((t) => !isWithin(t, c.node.code))
    .map((t) => `child ${ch.code} is routed the subtree ${t}, which lies outside this node's code (${c.node.code}): the parent ${parent} sends documents for ${t} to where its code lies, not here, ` +
      `and refuses the documents this node hands over from ${t} (SENDER_NOT_ALLOWED), so their senders get non-delivery reports, ` +
      `unless its configuration lists ${t} among the subtrees of ${c.node.code} under children[] (and the same on each node further up). ` +
      `Add ${t} there before documents flow, or give the commune a code under ${c.node.code}`));
}
