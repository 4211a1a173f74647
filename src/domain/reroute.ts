/**
 * Routing an outbox entry's recipients again by the current routing table, when an operator asks
 * (`lienthong outbox reroute`): after the network's shape changed (a district dissolved and its
 * communes attached to the province, an agency moved to another node), a copy queued for the old
 * next hop goes where the table now says, as Postfix's `postsuper -r` routes queued mail again.
 * Pure.
 */
import type { AgencyCode, RouteDecision } from './types.js';

export interface RerouteSplit {
  /** Recipients whose route is still the entry's next hop, or that no route covers now: they stay on it. */
  stay: AgencyCode[];
  /** Recipients now behind another next hop, by that hop. */
  byHop: Map<AgencyCode, AgencyCode[]>;
  /** Recipients now attached to this node: their copy goes to their inbox here. */
  local: AgencyCode[];
  /** Recipients no route covers now, with why (they stay: `outbox delete` ends them with a report). */
  unroutable: { recipient: AgencyCode; reason: string }[];
}

/** Splits the recipients of an entry for `nextHop` by where `route` sends each now. */
export function rerouteSplit(nextHop: AgencyCode, recipients: readonly AgencyCode[], route: (recipient: AgencyCode) => RouteDecision): RerouteSplit {
  const split: RerouteSplit = { stay: [], byHop: new Map(), local: [], unroutable: [] };
  for (const recipient of recipients) {
    const d = route(recipient);
    if (d.kind === 'local') split.local.push(recipient);
    else if (d.kind === 'forward' && d.nextHop !== nextHop) {
      const group = split.byHop.get(d.nextHop);
      if (group) group.push(recipient);
      else split.byHop.set(d.nextHop, [recipient]);
    } else {
      split.stay.push(recipient);
      if (d.kind === 'undeliverable') split.unroutable.push({ recipient, reason: d.reason });
    }
  }
  return split;
}

/** Whether the split moves any recipient. */
export function moves(split: RerouteSplit): boolean {
  return split.byHop.size > 0 || split.local.length > 0;
}
