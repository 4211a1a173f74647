/**
 * A network of real `lienthong start` processes for one benchmark section: built in a temp dir
 * with scripts/lib/network-builder.ts, driven through the admin socket (status, inbox) and the
 * agency API (sends, with agency certificates issued on first use). `withNetwork` always stops
 * every process it started and removes the folder, also when the section fails.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { InboxResponse__Output } from '../../src/gen/lienthong/v1/InboxResponse.js';
import type { StatusResponse__Output } from '../../src/gen/lienthong/v1/StatusResponse.js';
import type { Hop } from '../../src/domain/types.js';
import { AgencyClient } from '../../src/client/agency-client.js';
import { AdminClient } from '../../src/cli/admin-client.js';
import { issueToDir } from '../../src/pki/files.js';
import { buildNetwork, type BuiltNetwork, type BuiltNode, type NodeSpec } from '../lib/network-builder.js';
import { NodeProcess } from '../lib/node-process.js';
import { waitFor } from '../lib/wait-for.js';
import { withTempDir } from './temp-dir.js';

/** An inbox item as the benchmarks need it (no body, no envelope). */
export interface Arrival {
  seq: number;
  messageId: string;
  deliveredAtMs: number;
  trace: Hop[];
}

export interface NetworkOptions {
  /** Write a V8 CPU profile of every node into <dir>/<node name>/. */
  cpuProfDir?: string | undefined;
  /** How long a SIGTERM may take before the process is killed. */
  stopTimeoutMs?: number;
}

const active = new Set<BenchNetwork>();
const PROFILE_PRELOAD = new URL('./cpu-profile-preload.js', import.meta.url).href;

function restoreEnv(name: string, value: string | undefined): void {
  if (value === undefined) delete process.env[name];
  else process.env[name] = value;
}

/** Stops every network still running (for a SIGINT during a run). */
export async function closeAllNetworks(): Promise<void> {
  await Promise.allSettled([...active].map((n) => n.close()));
}

/** How a bench sender talks to its node (see `BenchNetwork.agencyClient`). */
export interface ClientKind {
  unary?: boolean;
  nodeSigns?: boolean;
}

export class BenchNetwork {
  private readonly procs = new Map<string, NodeProcess>();
  private readonly admins = new Map<string, AdminClient>();
  private readonly clients: AgencyClient[] = [];
  private readonly certs = new Map<string, { cert: string; key: string }>();
  private readonly lastSeq = new Map<string, number>();

  constructor(readonly net: BuiltNetwork, private readonly o: NetworkOptions) {
    for (const n of net.nodes.values()) this.procs.set(n.name, new NodeProcess(n.name, n.configPath));
  }

  node(name: string): BuiltNode {
    const n = this.net.nodes.get(name);
    if (!n) throw new Error(`no node named ${name} in this benchmark network`);
    return n;
  }

  /** The node an agency is attached to. */
  home(agency: string): BuiltNode {
    const n = [...this.net.nodes.values()].find((x) => x.agencies.includes(agency));
    if (!n) throw new Error(`agency ${agency} is attached to no node of this network`);
    return n;
  }

  /** Every node of the network, by name, in the order of its specification. */
  names(): string[] {
    return [...this.procs.keys()];
  }

  pid(name: string): number {
    const pid = this.procs.get(name)?.pid;
    if (pid === undefined) throw new Error(`node ${name} is not running`);
    return pid;
  }

  /** Starts one node; resolves with the milliseconds from spawn to its "listening on" line. */
  async start(name: string): Promise<number> {
    const p = this.procs.get(name)!;
    const saved = { options: process.env.NODE_OPTIONS, dir: process.env.LIENTHONG_BENCH_CPU_PROF_DIR };
    if (this.o.cpuProfDir) {
      const dir = join(this.o.cpuProfDir, name);
      mkdirSync(dir, { recursive: true });
      // NodeProcess spawns synchronously inside start(), so the child sees these and nothing else does.
      process.env.NODE_OPTIONS = `${saved.options ?? ''} --import=${PROFILE_PRELOAD}`.trim();
      process.env.LIENTHONG_BENCH_CPU_PROF_DIR = dir;
    }
    const t0 = performance.now();
    let started: Promise<void>;
    try {
      started = p.start();
    } finally {
      if (this.o.cpuProfDir) {
        restoreEnv('NODE_OPTIONS', saved.options);
        restoreEnv('LIENTHONG_BENCH_CPU_PROF_DIR', saved.dir);
      }
    }
    await started;
    return performance.now() - t0;
  }

  /**
   * Starts every node, a level at a time (the nodes of one level at once), so that each child's
   * first dial finds its parent listening instead of waiting out a reconnect backoff.
   */
  async startAll(): Promise<void> {
    const depth = (n: BuiltNode): number => (n.parent ? 1 + depth(this.node(n.parent)) : 0);
    const nodes = [...this.net.nodes.values()];
    const levels = Math.max(...nodes.map(depth));
    for (let d = 0; d <= levels; d++) {
      await Promise.all(nodes.filter((n) => depth(n) === d).map((n) => this.start(n.name)));
    }
  }

  /** Clean stop (SIGTERM), or SIGKILL when it takes longer than the stop timeout. */
  async stop(name: string): Promise<void> {
    this.admins.get(name)?.close();
    this.admins.delete(name);
    const p = this.procs.get(name)!;
    if (!p.running) return;
    const timeout = this.o.stopTimeoutMs ?? 15_000;
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<'late'>((r) => (timer = setTimeout(() => r('late'), timeout)));
    const r = await Promise.race([p.stop(), late]);
    clearTimeout(timer);
    if (r === 'late') await p.kill();
  }

  admin(name: string): AdminClient {
    let c = this.admins.get(name);
    if (!c) {
      c = AdminClient.open({ socket: join(this.node(name).dataDir, 'admin.sock') });
      this.admins.set(name, c);
    }
    return c;
  }

  status(name: string): Promise<StatusResponse__Output> {
    return this.admin(name).call<object, StatusResponse__Output>('Status', {});
  }

  async counter(name: string, counter: string): Promise<number> {
    const s = await this.status(name);
    return Number(s.counters.find((c) => c.name === counter)?.value ?? 0);
  }

  /** Waits until every link of the named nodes (default: all running ones) is up. */
  async waitLinksUp(names: string[] = [...this.procs.keys()].filter((n) => this.procs.get(n)!.running), timeoutMs = 30_000): Promise<void> {
    for (const n of names) {
      await waitFor(`every link of ${n} up`, async () => (await this.status(n)).links.every((l) => l.state === 'up'), timeoutMs, 25);
    }
  }

  /**
   * Waits until `node`'s counter reaches `target`, polling every `intervalMs`; resolves with
   * Date.now() when it was seen.
   */
  async waitCounter(name: string, counter: string, target: number, timeoutMs: number, intervalMs = 20): Promise<number> {
    await waitFor(`${counter} on ${name} to reach ${target}`, async () => (await this.counter(name, counter)) >= target, timeoutMs, intervalMs);
    return Date.now();
  }

  /**
   * A new agency API client for `agency` on its node (certificate issued on first use). By default
   * it sends over `SendStream` and signs each document itself; `unary` sends with one `Send` call
   * each, `nodeSigns` leaves signing to the node (which holds the agency's key).
   */
  agencyClient(agency: string, how: ClientKind = {}): AgencyClient {
    const home = this.home(agency);
    let pair = this.certs.get(agency);
    if (!pair) {
      const issued = issueToDir(this.net.pkiDir, { code: agency, role: 'agency', outDir: join(this.net.dir, home.name, 'agencies') });
      pair = { cert: issued.certPath, key: issued.keyPath };
      this.certs.set(agency, pair);
    }
    const c = new AgencyClient({ streamSends: how.unary !== true, sign: how.nodeSigns !== true, address: home.address, nodeCode: home.code, tls: { ca: join(this.net.pkiDir, 'ca.crt'), ...pair } });
    this.clients.push(c);
    return c;
  }

  /** Closes every agency client opened so far (they are also closed with the network). */
  closeClients(): void {
    for (const c of this.clients.splice(0)) c.close();
  }

  /** Inbox items of `agency` that arrived since the previous call for it (read over the admin socket). */
  async newArrivals(agency: string): Promise<Arrival[]> {
    const home = this.home(agency);
    const out: Arrival[] = [];
    let after = this.lastSeq.get(agency) ?? 0;
    for (;;) {
      const page = await this.admin(home.name).call<object, InboxResponse__Output>('Inbox', {
        agency, includeAcknowledged: true, limit: 1000, withBodies: false, afterSeq: after,
      });
      for (const i of page.items) {
        out.push({ seq: Number(i.seq), messageId: i.message?.id ?? '', deliveredAtMs: Number(i.deliveredAtMs), trace: i.trace.map((h) => ({ nodeCode: h.nodeCode, atMs: Number(h.atMs) })) });
        after = Math.max(after, Number(i.seq));
      }
      if (page.items.length < 1000) break;
    }
    this.lastSeq.set(agency, after);
    return out;
  }

  /** The newest inbox seq of `agency` that newArrivals has returned (0 before any). */
  inboxCursor(agency: string): number {
    return this.lastSeq.get(agency) ?? 0;
  }

  async close(): Promise<void> {
    active.delete(this);
    this.closeClients();
    await Promise.allSettled([...this.procs.keys()].map((n) => this.stop(n)));
  }
}

/** Builds a network in a temp dir, runs `fn`, then stops every node and removes the folder. */
export async function withNetwork<T>(label: string, specs: NodeSpec[], o: NetworkOptions, fn: (n: BenchNetwork) => Promise<T>): Promise<T> {
  return withTempDir(label, async (dir) => {
    const bn = new BenchNetwork(await buildNetwork(dir, specs), o);
    active.add(bn);
    try {
      return await fn(bn);
    } finally {
      await bn.close();
    }
  });
}
