/**
 * The network view: every node periodically sends its parent a summary of itself and its subtree
 * over the link; each node keeps the latest report of each child. `subtree()` is what the operator
 * page draws. A child whose link is down, or whose report is stale, is shown down with its whole
 * subtree (nobody below it can be heard from).
 */
import type { NodeSummary } from '../gen/lienthong/v1/NodeSummary.js';
import type { Clock } from '../domain/types.js';
import type { LinkRegistry } from '../link/link-registry.js';
import type { Store } from '../store/store.js';
import type { Logger } from 'pino';
import { LogThrottle } from '../domain/log-throttle.js';
import { keepReported, MAX_REPORT_NODES } from './child-report.js';

export interface LinkView {
  peer: string;
  role: string;
  state: string;
  outboxDepth: number;
  oldestAgeMs: number;
  lastError: string;
}

export interface NodeView {
  code: string;
  parent: string | null;
  level: number;
  version: string;
  state: 'up' | 'down';
  reportedAtMs: number;
  uptimeMs: number;
  draining: boolean;
  certificateNotAfterMs: number;
  counters: Record<string, number>;
  outboxTotal: number;
  inboxUnacknowledged: number;
  links: LinkView[];
  /** Messages accepted per second over the last few seconds. */
  acceptedPerSecond: number;
}

export const REPORT_EVERY_MS = 3_000;
/** A report older than this is stale: its nodes are shown down. */
export const STALE_AFTER_MS = 10_000;

export interface NetworkViewSources {
  self: string;
  parent: string | null;
  level: number;
  version: string;
  startedAtMs: number;
  certificateNotAfterMs: number;
  store: Store;
  registry: LinkRegistry;
  draining: () => boolean;
  now: Clock;
  /** What each configured child holds (its route prefixes): its reports are believed inside that only. */
  childSubtrees: (child: string) => readonly string[] | undefined;
  log: Logger;
}

/** One warn line per child at most this often for the entries its reports lose (the rest counted). */
export const REPORT_DROP_LOG_EVERY_MS = 60_000;

/** Pure: marks a child's reported subtree down when its link is down or its report stale. */
export function ageReport(nodes: NodeView[], receivedAtMs: number, linkUp: boolean, nowMs: number): NodeView[] {
  const fresh = linkUp && nowMs - receivedAtMs <= STALE_AFTER_MS;
  return fresh ? nodes : nodes.map((n) => ({ ...n, state: 'down' as const }));
}

export class NetworkView {
  private readonly reports = new Map<string, { receivedAtMs: number; nodes: NodeView[] }>();
  /** Two samples of the accepted counter, REPORT_EVERY_MS apart at least: the rate between them. */
  private rate = { atMs: 0, accepted: 0, perSecond: 0 };
  private readonly dropLines: LogThrottle;

  constructor(private readonly s: NetworkViewSources) {
    this.dropLines = new LogThrottle(REPORT_DROP_LOG_EVERY_MS, s.now);
  }

  /**
   * A child sent its subtree: kept are the entries inside it (child-report.ts), bounded. Reports
   * from peers that are not children (a parent, a lateral) are ignored: this view shows this node's
   * subtree only.
   */
  onReport(peer: string, nodes: NodeSummary[]): void {
    if (this.s.registry.get(peer)?.role !== 'child') return;
    const subtrees = this.s.childSubtrees(peer) ?? [];
    const kept = keepReported(nodes.map(fromPb), { self: this.s.self, child: peer, subtrees });
    this.reports.set(peer, { receivedAtMs: this.s.now(), nodes: kept.nodes });
    const dropped = kept.outside + kept.duplicates + kept.overLimit;
    if (dropped === 0) return;
    const line = this.dropLines.take(peer);
    if (line) {
      this.s.log.warn(
        { peer, reported: nodes.length, kept: kept.nodes.length, outside: kept.outside, duplicates: kept.duplicates, overLimit: kept.overLimit, heldBack: line.suppressed },
        `network report of child ${peer}: ${dropped} of ${nodes.length} entries dropped (outside its subtree ${subtrees.join(', ') || peer}, repeated, or past ${MAX_REPORT_NODES}): a node reports only itself and the nodes below it; check that node's software and configuration`,
      );
    }
  }

  self(): NodeView {
    const now = this.s.now();
    const depths = new Map(this.s.store.outboxDepths().map((d) => [d.nextHop, d]));
    const c = this.s.store.counters();
    if (this.rate.atMs === 0) this.rate = { atMs: now, accepted: c.accepted, perSecond: 0 };
    else if (now - this.rate.atMs >= REPORT_EVERY_MS) {
      this.rate = { atMs: now, accepted: c.accepted, perSecond: ((c.accepted - this.rate.accepted) * 1000) / (now - this.rate.atMs) };
    }
    return {
      acceptedPerSecond: Math.round(this.rate.perSecond * 10) / 10,
      code: this.s.self,
      parent: this.s.parent,
      level: this.s.level,
      version: this.s.version,
      state: 'up',
      reportedAtMs: now,
      uptimeMs: now - this.s.startedAtMs,
      draining: this.s.draining(),
      certificateNotAfterMs: this.s.certificateNotAfterMs,
      counters: { accepted: c.accepted, forwarded: c.forwarded, delivered: c.delivered, expired: c.expired, failed: c.failed, refused: c.refused },
      outboxTotal: [...depths.values()].reduce((n, d) => n + d.queued + d.inflight + d.held, 0),
      inboxUnacknowledged: this.s.store.unacknowledgedInbox(),
      links: this.s.registry.list().map((l) => {
        const d = depths.get(l.peer);
        return {
          peer: l.peer,
          role: l.role,
          state: l.state,
          outboxDepth: d ? d.queued + d.inflight + d.held : 0,
          oldestAgeMs: d?.oldestMs ? now - d.oldestMs : 0,
          lastError: l.session ? l.session.lastError : l.lastError,
        };
      }),
    };
  }

  /** This node and everything its children last reported. */
  subtree(): NodeView[] {
    const now = this.s.now();
    const out = [this.self()];
    for (const l of this.s.registry.list()) {
      if (l.role !== 'child') continue;
      const r = this.reports.get(l.peer);
      if (r) out.push(...ageReport(r.nodes, r.receivedAtMs, l.state === 'up', now));
      else out.push(placeholder(l.peer, this.s.self, l.state === 'up'));
    }
    return out;
  }

  subtreePb(): NodeSummary[] {
    return this.subtree().map(toPb);
  }
}

/** A configured child never heard from: still drawn, so a missing commune shows. */
function placeholder(code: string, parent: string, up: boolean): NodeView {
  return {
    code, parent, level: 0, version: '', state: up ? 'up' : 'down', reportedAtMs: 0, uptimeMs: 0, draining: false,
    certificateNotAfterMs: 0, counters: {}, outboxTotal: 0, inboxUnacknowledged: 0, links: [], acceptedPerSecond: 0,
  };
}

function toPb(n: NodeView): NodeSummary {
  return { ...n, parent: n.parent ?? '' };
}

function fromPb(n: NodeSummary): NodeView {
  return {
    code: n.code ?? '',
    parent: n.parent ? n.parent : null,
    level: n.level ?? 0,
    version: n.version ?? '',
    state: n.state === 'up' ? 'up' : 'down',
    reportedAtMs: Number(n.reportedAtMs ?? 0),
    uptimeMs: Number(n.uptimeMs ?? 0),
    draining: Boolean(n.draining),
    certificateNotAfterMs: Number(n.certificateNotAfterMs ?? 0),
    counters: Object.fromEntries(Object.entries(n.counters ?? {}).map(([k, v]) => [k, Number(v)])),
    outboxTotal: n.outboxTotal ?? 0,
    inboxUnacknowledged: n.inboxUnacknowledged ?? 0,
    acceptedPerSecond: Number(n.acceptedPerSecond ?? 0),
    links: (n.links ?? []).map((l) => ({
      peer: l.peer ?? '', role: l.role ?? '', state: l.state ?? '', outboxDepth: l.outboxDepth ?? 0,
      oldestAgeMs: Number(l.oldestAgeMs ?? 0), lastError: l.lastError ?? '',
    })),
  };
}
