/**
 * Faults: a plan drawn from the seeded PRNG (when, what, which node or link, for how long), then
 * played against the running network: SIGKILL a node and restart it after a while, cut a link
 * (connections destroyed, new ones refused) or stall it (bytes stop, connections stay), then restore.
 * A planned fault whose target is already down or impaired, or that would take down too much at
 * once, is skipped. `stop()` cancels what is left, restarts every node and restores every link.
 */
import { describeError, sleep } from './chaos-admin.js';
import type { Rng } from './chaos-random.js';
import type { ChaosNetwork } from './chaos-topology.js';

export type FaultKind = 'kill' | 'cut' | 'stall';

export interface FaultEvent {
  /** Offset from the start of the fault phase. */
  atMs: number;
  kind: FaultKind;
  /** Node name for kill; for cut and stall, the child node whose uplink it is. */
  target: string;
  /** How long the node stays down or the link impaired. */
  durationMs: number;
}

export interface FaultPlanOptions {
  nodes: string[];
  /** Child node names (one uplink each). */
  links: string[];
  durationMs: number;
  /** Average faults per node per minute (kills, cuts and stalls together). */
  ratePerNodePerMinute: number;
}

export function planFaults(rng: Rng, o: FaultPlanOptions): FaultEvent[] {
  const events: FaultEvent[] = [];
  if (o.ratePerNodePerMinute <= 0 || o.durationMs <= 0) return events;
  const meanGapMs = 60_000 / (o.ratePerNodePerMinute * o.nodes.length);
  // Every kind at least once when there are faults at all, then a random mix.
  const first = rng.sample<FaultKind>(['kill', 'cut', 'stall'], 3);
  let at = rng.between(0.02, 0.08) * o.durationMs;
  while (at < o.durationMs * 0.95) {
    const kind = first[events.length] ?? (rng.chance(0.4) ? 'kill' : rng.chance(0.5) ? 'cut' : 'stall');
    const target = kind === 'kill' ? rng.pick(o.nodes) : rng.pick(o.links);
    let durationMs: number;
    if (kind === 'kill') durationMs = rng.between(200, 5_000);
    else if (kind === 'cut') durationMs = rng.between(300, 6_000);
    // Now and then a stall long enough for gRPC keepalive (15 s + 10 s) to give up on the link.
    else durationMs = o.durationMs >= 90_000 && rng.chance(0.1) ? rng.between(20_000, 35_000) : rng.between(500, 10_000);
    events.push({ atMs: Math.round(at), kind, target, durationMs: Math.round(durationMs) });
    at += Math.max(100, rng.exponential(meanGapMs));
  }
  return events;
}

export interface FaultCounts {
  kills: number;
  restarts: number;
  cuts: number;
  stalls: number;
  skipped: number;
}

export class FaultInjector {
  readonly counts: FaultCounts = { kills: 0, restarts: 0, cuts: 0, stalls: 0, skipped: 0 };
  /** One line per fault applied or undone, with its time from the start of the phase. */
  readonly log: string[] = [];
  /** Things that went wrong with the nodes themselves (a restart that failed...). */
  readonly problems: string[] = [];
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly busy = new Set<Promise<void>>();
  /** Nodes killed and not yet running again, and links impaired. */
  private readonly down = new Set<string>();
  private readonly impaired = new Set<string>();
  private start = 0;
  private stopped = false;

  constructor(
    private readonly n: ChaosNetwork,
    private readonly events: FaultEvent[],
    private readonly limits = { maxNodesDown: 2, maxLinksImpaired: 3 },
  ) {}

  run(): void {
    this.start = Date.now();
    for (const e of this.events) this.later(e.atMs, () => this.apply(e));
  }

  /** Cancels the faults (and restarts) still planned, leaving the network as it is. */
  cancel(): void {
    this.stopped = true;
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
  }

  /** Cancels the faults still planned, then brings every node back and restores every link. */
  async stop(): Promise<void> {
    this.cancel();
    while (this.busy.size) await Promise.all([...this.busy]);
    for (const link of [...this.impaired]) this.restoreLink(link);
    await Promise.all([...this.down].map((node) => this.restartNode(node)));
  }

  private note(line: string): void {
    this.log.push(`${((Date.now() - this.start) / 1000).toFixed(3).padStart(8)} s  ${line}`);
  }

  private later(ms: number, fn: () => Promise<void> | void): void {
    const t = setTimeout(() => {
      this.timers.delete(t);
      if (this.stopped) return;
      const work = Promise.resolve(fn()).catch((err) => {
        this.problems.push(`fault handling failed: ${describeError(err)}`);
      });
      this.busy.add(work);
      void work.finally(() => this.busy.delete(work));
    }, ms);
    this.timers.add(t);
  }

  private async apply(e: FaultEvent): Promise<void> {
    if (e.kind === 'kill') {
      if (this.down.has(e.target) || this.down.size >= this.limits.maxNodesDown) return this.skip(e);
      this.down.add(e.target);
      this.counts.kills++;
      this.note(`SIGKILL ${e.target} (back in ${e.durationMs} ms)`);
      await this.n.procs.get(e.target)!.kill();
      this.later(e.durationMs, () => this.restartNode(e.target));
      return;
    }
    if (this.impaired.has(e.target) || this.impaired.size >= this.limits.maxLinksImpaired) return this.skip(e);
    this.impaired.add(e.target);
    const proxy = this.n.proxies.get(e.target)!;
    if (e.kind === 'cut') {
      this.counts.cuts++;
      proxy.cut();
    } else {
      this.counts.stalls++;
      proxy.stall();
    }
    this.note(`${e.kind} uplink of ${e.target} for ${e.durationMs} ms`);
    this.later(e.durationMs, () => this.restoreLink(e.target));
  }

  private skip(e: FaultEvent): void {
    this.counts.skipped++;
    this.note(`skipped ${e.kind} ${e.target} (already down or too much down at once)`);
  }

  private restoreLink(link: string): void {
    if (!this.impaired.delete(link)) return;
    this.n.proxies.get(link)!.restore();
    this.note(`restore uplink of ${link}`);
  }

  /** Restarts a killed node; a start that fails is a finding, tried again a few times. */
  private async restartNode(node: string): Promise<void> {
    if (!this.down.has(node)) return;
    const proc = this.n.procs.get(node)!;
    for (let attempt = 1; ; attempt++) {
      try {
        await proc.restart();
        this.counts.restarts++;
        this.down.delete(node);
        this.note(`restarted ${node}`);
        return;
      } catch (err) {
        this.problems.push(`restart of ${node} failed (attempt ${attempt}): ${describeError(err)}; log: ${this.n.logOf(node)}`);
        await proc.kill();
        if (attempt >= 3) throw err;
        await sleep(1_000);
      }
    }
  }
}
