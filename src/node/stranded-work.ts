/**
 * Work the configuration no longer reaches, in an operator's words (pure: for the start-up log,
 * `status` and `check`). Outbox entries whose next hop is no longer a configured child, parent or
 * lateral peer: no link carries them, so they wait until they expire. Unacknowledged inbox items of
 * an agency no longer attached here: its software cannot read them (`inbox` answers NOT_FOUND), and
 * nothing passes them on to where it is attached now.
 */
import type { AgencyBacklog, OutboxDepth } from '../store/store.js';

/** The role `status` gives a next hop that holds outbox entries but is no configured peer. */
export const UNCONFIGURED_ROLE = 'unconfigured';

/** Outbox entries still waiting (queued, in flight or held) for one next hop. */
export interface StrandedOutbox {
  nextHop: string;
  entries: number;
  /** createdAtMs of the oldest, or 0. */
  oldestMs: number;
}

/** The next hops, other than `peers` (every configured child, parent and lateral peer), that hold waiting entries. */
export function strandedOutbox(depths: readonly OutboxDepth[], peers: ReadonlySet<string>): StrandedOutbox[] {
  return depths
    .filter((d) => !peers.has(d.nextHop))
    .map((d) => ({ nextHop: d.nextHop, entries: d.queued + d.inflight + d.held, oldestMs: d.oldestMs }))
    .filter((s) => s.entries > 0);
}

/** Agencies other than `attached` with unacknowledged inbox items here. */
export function strandedInbox(backlogs: readonly AgencyBacklog[], attached: ReadonlySet<string>): AgencyBacklog[] {
  return backlogs.filter((b) => b.items > 0 && !attached.has(b.agency));
}

const plural = (n: number, one: string, many: string): string => `${n} ${n === 1 ? one : many}`;
const since = (ms: number): string => (ms > 0 ? ` (the oldest from ${new Date(ms).toISOString()})` : '');

/** What is wrong with a stranded next hop and what the operator can do (start-up log and `check`). */
export function strandedOutboxProblem(s: StrandedOutbox): string {
  const hop = s.nextHop;
  return `${plural(s.entries, 'outbox entry waits', 'outbox entries wait')} for next hop ${hop}${since(s.oldestMs)}, which is no longer a child, parent or lateral peer in this node's configuration: ` +
    'no link carries them, so they wait until they expire and their senders then get a non-delivery report. ' +
    `Route them again by the current table with \`lienthong outbox reroute --next-hop ${hop}\` (each recipient goes to the child, parent or inbox that holds it now), ` +
    `put ${hop} back in the configuration (children, parent or laterals) and restart to deliver them through it, ` +
    `or end them now with \`lienthong outbox delete --next-hop ${hop}\` (their senders get a non-delivery report, REMOVED_BY_OPERATOR)`;
}

/** What is wrong with an agency's stranded inbox and what the operator can do. */
export function strandedInboxProblem(b: AgencyBacklog): string {
  const a = b.agency;
  return `${plural(b.items, 'unacknowledged inbox item', 'unacknowledged inbox items')} for agency ${a}, which is no longer attached here` +
    `${b.oldestMs > 0 ? ` (the oldest delivered ${new Date(b.oldestMs).toISOString()})` : ''}: ` +
    `its software cannot read them here (\`lienthong inbox\` answers NOT_FOUND) and they are not passed on to where ${a} is attached now. ` +
    `To reach them, attach ${a} here again (agencies[]) and restart: \`lienthong inbox --agency ${a}\` then reads them, ` +
    `\`lienthong inbox export --agency ${a}\` writes them as edXML packages to hand to the agency, and \`lienthong ack --agency ${a} ID..\` clears them; ` +
    'detach it again afterwards';
}
