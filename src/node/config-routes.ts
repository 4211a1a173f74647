/** The routing table a node's configuration describes (used by the daemon and `lienthong routes`). */
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
