/**
 * The chaos network: sixteen nodes of mixed depth as separate OS processes on 127.0.0.1, with a TCP
 * proxy on every child → parent link (the child's `parent.address` points at the proxy, the proxy at
 * the parent's real port), so links can be cut or stalled from the harness.
 *
 *   national G22 ─┬─ ministry G12 ── tax 000.00.18.G12                       (ministry with a sub-node)
 *                 ├─ province H44 ─┬─ district 24 ─┬─ commune 46             (four levels)
 *                 │                │               └─ commune 47
 *                 │                └─ district 25 ── commune 50
 *                 ├─ province H29 ─┬─ commune 07, 08, 09                     (two tiers, post-2025)
 *                 └─ province H31 ── district 03 ── commune 11               (another province)
 */
import { readFileSync, writeFileSync } from 'node:fs';
import YAML from 'yaml';
import { buildNetwork, type BuiltNetwork, type NodeSpec } from './network-builder.js';
import { NodeProcess } from './node-process.js';
import { TcpProxy } from './tcp-proxy.js';
import { AdminPool } from './chaos-admin.js';
import { waitFor } from './wait-for.js';

/**
 * Shorter backoffs than the defaults (1 s..300 s retries, 250 ms..10 s reconnects) so that the
 * network heals within seconds of the last fault and a run fits in minutes.
 */
const NODE_CONFIG = {
  retry: { base: '250ms', max: '5s' },
  reconnect: { base: '100ms', max: '2s' },
};

export const CHAOS_TOPOLOGY: NodeSpec[] = [
  { name: 'national', code: '000.00.00.G22', agencies: ['000.00.00.G22', '000.00.01.G22'] },
  { name: 'finance', code: '000.00.00.G12', parent: 'national', agencies: ['000.00.00.G12'] },
  { name: 'tax', code: '000.00.18.G12', parent: 'finance', agencies: ['000.00.18.G12', '000.01.18.G12'] },
  { name: 'h44', code: '000.00.00.H44', parent: 'national', agencies: ['000.00.00.H44', '000.00.01.H44'] },
  { name: 'h44-d24', code: '000.00.24.H44', parent: 'h44', agencies: ['000.00.24.H44'] },
  { name: 'h44-c46', code: '000.46.24.H44', parent: 'h44-d24', agencies: ['000.46.24.H44'] },
  { name: 'h44-c47', code: '000.47.24.H44', parent: 'h44-d24', agencies: ['000.47.24.H44'] },
  { name: 'h44-d25', code: '000.00.25.H44', parent: 'h44', agencies: ['000.00.25.H44'] },
  { name: 'h44-c50', code: '000.50.25.H44', parent: 'h44-d25', agencies: ['000.50.25.H44'] },
  { name: 'h29', code: '000.00.00.H29', parent: 'national', agencies: ['000.00.00.H29'] },
  { name: 'h29-w07', code: '000.00.07.H29', parent: 'h29', agencies: ['000.00.07.H29'] },
  { name: 'h29-w08', code: '000.00.08.H29', parent: 'h29', agencies: ['000.00.08.H29'] },
  { name: 'h29-w09', code: '000.00.09.H29', parent: 'h29', agencies: ['000.00.09.H29'] },
  { name: 'h31', code: '000.00.00.H31', parent: 'national', agencies: ['000.00.00.H31'] },
  { name: 'h31-d03', code: '000.00.03.H31', parent: 'h31', agencies: ['000.00.03.H31'] },
  { name: 'h31-c11', code: '000.11.03.H31', parent: 'h31-d03', agencies: ['000.11.03.H31'] },
];

export interface AgencyAt {
  code: string;
  /** Name of the node the agency is attached to. */
  node: string;
}

export interface ChaosNetwork {
  dir: string;
  net: BuiltNetwork;
  /** Node name → its process. */
  procs: Map<string, NodeProcess>;
  /** Child node name → the proxy on its link to its parent. */
  proxies: Map<string, TcpProxy>;
  agencies: AgencyAt[];
  admin: AdminPool;
  /** Starts every node (a few at a time) and waits until every link is up. */
  startAll(timeoutMs?: number): Promise<void>;
  /** Where a node's log is. */
  logOf(node: string): string;
  /** Last resort (process exit): SIGKILL every child still running, synchronously. */
  killAllSync(): void;
  /** SIGKILLs what still runs, closes proxies and admin clients. */
  close(): Promise<void>;
}

/** Writes CA, certificates and configurations into `dir`, starts the proxies; no node runs yet. */
export async function buildChaosNetwork(dir: string, opts: { logLevel?: string; topology?: NodeSpec[] } = {}): Promise<ChaosNetwork> {
  const topology = (opts.topology ?? CHAOS_TOPOLOGY).map((s) => ({ ...s, extra: { ...NODE_CONFIG, ...(s.extra ?? {}) } }));
  const net = await buildNetwork(dir, topology);
  const proxies = new Map<string, TcpProxy>();
  const procs = new Map<string, NodeProcess>();
  const admin = new AdminPool((node) => net.nodes.get(node)!.dataDir);

  const network: ChaosNetwork = {
    dir,
    net,
    procs,
    proxies,
    agencies: topology.flatMap((s) => s.agencies.map((code) => ({ code, node: s.name }))),
    admin,
    async startAll(timeoutMs = 60_000) {
      const queue = [...procs.values()];
      const worker = async () => {
        for (let p = queue.shift(); p; p = queue.shift()) await p.start(30_000);
      };
      await Promise.all([worker(), worker(), worker()]);
      await waitLinksUp(network, timeoutMs);
    },
    logOf(node) {
      return net.nodes.get(node)!.configPath.replace(/node\.yaml$/, 'node.log');
    },
    killAllSync() {
      for (const p of procs.values()) {
        if (p.pid === undefined) continue;
        try {
          process.kill(p.pid, 'SIGKILL');
        } catch {
          /* already gone */
        }
      }
    },
    async close() {
      await Promise.all([...procs.values()].map((p) => p.kill()));
      await Promise.all([...proxies.values()].map((x) => x.close()));
      admin.close();
    },
  };

  try {
    for (const n of net.nodes.values()) {
      procs.set(n.name, new NodeProcess(n.name, n.configPath, opts.logLevel ?? 'info'));
      if (!n.parent) continue;
      const parent = net.nodes.get(n.parent)!;
      const proxy = await TcpProxy.start({ targetHost: '127.0.0.1', targetPort: parent.port });
      proxies.set(n.name, proxy);
      pointParentAt(n.configPath, proxy.address);
    }
  } catch (err) {
    await network.close();
    throw err;
  }
  return network;
}

/** Rewrites the child's `parent.address` (the rest of the file, comments included, stays). */
function pointParentAt(configPath: string, address: string): void {
  const doc = YAML.parseDocument(readFileSync(configPath, 'utf8'));
  doc.setIn(['parent', 'address'], address);
  writeFileSync(configPath, doc.toString());
}

interface LinkView {
  peerCode: string;
  state: string;
}

/** Waits until every node answers and reports every one of its links up. */
export async function waitLinksUp(n: ChaosNetwork, timeoutMs: number): Promise<void> {
  await Promise.all([...n.net.nodes.keys()].map((name) =>
    waitFor(`every link of ${name} up (log: ${n.logOf(name)})`, async () => {
      const s = await n.admin.call<{ links: LinkView[] }>(name, 'Status', {}, 5_000);
      return s.links.every((l) => l.state === 'up');
    }, timeoutMs, 200)));
}
