/**
 * The answer to a resend: a document sent again under the id of one this node already holds is not
 * taken again, and each recipient's route says what became of the copy it holds (pure, from the
 * store's recipient states), not where a new copy would be queued. Same shape as a first send's
 * routes: decision "local", "forward" or "undeliverable", the next hop, and a reason.
 */
import type { AgencyCode, RecipientState } from './types.js';

export interface ResendRoute {
  recipient: AgencyCode;
  decision: 'local' | 'forward' | 'undeliverable';
  nextHop: string;
  reason: string;
}

const at = (ms: number): string => new Date(ms).toISOString();

/** What became of one recipient's earlier copy, in the sender's words. */
export function resendRoute(r: RecipientState): ResendRoute {
  const hop = r.nextHop;
  const why = r.detail ? `: ${r.detail}` : '';
  switch (r.state) {
    case 'queued':
      return { recipient: r.recipient, decision: 'forward', nextHop: hop, reason: `already queued for ${hop} since ${at(r.updatedAtMs)}, not yet passed on${why}` };
    case 'forwarded':
      return { recipient: r.recipient, decision: 'forward', nextHop: hop, reason: `already passed on to ${hop} at ${at(r.updatedAtMs)}` };
    case 'inbox':
      return { recipient: r.recipient, decision: 'local', nextHop: '', reason: `already delivered to its inbox on this node at ${at(r.updatedAtMs)}, not yet acknowledged` };
    case 'acknowledged':
      return { recipient: r.recipient, decision: 'local', nextHop: '', reason: `already delivered to its inbox on this node and acknowledged at ${at(r.updatedAtMs)}` };
    case 'failed':
      return { recipient: r.recipient, decision: 'undeliverable', nextHop: hop, reason: `already failed at ${at(r.updatedAtMs)}${why}` };
    case 'expired':
      return { recipient: r.recipient, decision: 'undeliverable', nextHop: hop, reason: `already given up at ${at(r.updatedAtMs)}${why}` };
  }
}

/**
 * One route per recipient of `to`, in its order; null when the store knows nothing of one of them
 * (then the caller answers with the routing decision instead).
 */
export function resendRoutes(to: readonly AgencyCode[], states: readonly RecipientState[]): ResendRoute[] | null {
  const byRecipient = new Map(states.map((s) => [s.recipient, s]));
  const out: ResendRoute[] = [];
  for (const r of to) {
    const s = byRecipient.get(r);
    if (!s) return null;
    out.push(resendRoute(s));
  }
  return out;
}
