/**
 * A real network inside the test process: every node is a full lienthong node (gRPC servers on
 * 127.0.0.1, mutual TLS with certificates from a fresh CA, its own SQLite file), built from YAML
 * configurations written the way an operator writes them.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Logger } from 'pino';
import { buildNetwork, type BuiltNetwork, type NodeSpec } from '../../scripts/lib/network-builder.js';
import { waitFor } from '../../scripts/lib/wait-for.js';
import { loadConfig } from '../../src/node/config-load.js';
import { silentLogger } from '../../src/node/logger.js';
import { startNode, type RunningNode } from '../../src/node/node.js';
import type { Message } from '../../src/domain/types.js';

export interface TestNetwork {
  dir: string;
  net: BuiltNetwork;
  nodes: Map<string, RunningNode>;
  node(name: string): RunningNode;
  /** The node an agency is attached to. */
  home(agency: string): RunningNode;
  start(name: string): Promise<RunningNode>;
  stop(name: string): Promise<void>;
  waitLinksUp(): Promise<void>;
  /** Waits until `agency`'s inbox holds a message matching `pred`, returns it. */
  waitInbox(agency: string, pred: (m: Message) => boolean, what?: string): Promise<Message>;
  close(): Promise<void>;
}

export async function startTestNetwork(specs: NodeSpec[], opts: { nodeSigns?: boolean; expiryEveryMs?: number; logFor?: (name: string) => Logger } = {}): Promise<TestNetwork> {
  const dir = mkdtempSync(join(tmpdir(), 'lienthong-net-'));
  const net = await buildNetwork(dir, specs, opts.nodeSigns === false ? { nodeSigns: false } : {});
  const nodes = new Map<string, RunningNode>();
  const start = async (name: string) => {
    const n = net.nodes.get(name)!;
    const running = await startNode(loadConfig(n.configPath), { log: opts.logFor?.(name) ?? silentLogger(), drainTimeoutMs: 2_000, ...(opts.expiryEveryMs ? { expiryEveryMs: opts.expiryEveryMs } : {}) });
    nodes.set(name, running);
    return running;
  };
  const t: TestNetwork = {
    dir,
    net,
    nodes,
    node: (name) => {
      const n = nodes.get(name);
      if (!n) throw new Error(`node ${name} is not running`);
      return n;
    },
    home: (agency) => {
      const n = [...net.nodes.values()].find((x) => x.agencies.includes(agency));
      if (!n) throw new Error(`no node holds ${agency}`);
      return t.node(n.name);
    },
    start,
    stop: async (name) => {
      await nodes.get(name)?.stop();
      nodes.delete(name);
    },
    waitLinksUp: async () => {
      for (const [name, n] of nodes) {
        await waitFor(`links of ${name} up`, () => n.registry.list().every((l) => l.state === 'up' || !nodes.has(nameOf(l.peer))));
      }
    },
    waitInbox: async (agency, pred, what = 'a message') => {
      const item = await waitFor(`${what} in the inbox of ${agency}`, () => t.home(agency).store.inbox(agency, 0, 10_000, true).find((i) => pred(i.message)));
      return item.message;
    },
    close: async () => {
      for (const name of [...nodes.keys()].reverse()) await t.stop(name);
      rmSync(dir, { recursive: true, force: true });
    },
  };
  const nameOf = (code: string) => [...net.nodes.values()].find((x) => x.code === code)?.name ?? '';
  try {
    for (const s of specs) await start(s.name);
  } catch (err) {
    await t.close();
    throw err;
  }
  return t;
}

/** A chain deep enough for six hops commune → commune across provinces, plus a two-tier province. */
export const SIX_HOP_TOPOLOGY: NodeSpec[] = [
  { name: 'national', code: '000.00.00.G22', agencies: ['000.00.00.G22'] },
  { name: 'h44', code: '000.00.00.H44', parent: 'national', agencies: ['000.00.00.H44'] },
  { name: 'd24', code: '000.00.24.H44', parent: 'h44', agencies: ['000.00.24.H44'] },
  { name: 'c46', code: '000.46.24.H44', parent: 'd24', agencies: ['000.46.24.H44', '001.46.24.H44'] },
  { name: 'h41', code: '000.00.00.H41', parent: 'national', agencies: ['000.00.00.H41'] },
  { name: 'd12', code: '000.00.12.H41', parent: 'h41', agencies: ['000.00.12.H41'] },
  { name: 'c03', code: '000.03.12.H41', parent: 'd12', agencies: ['000.03.12.H41'] },
  { name: 'h29', code: '000.00.00.H29', parent: 'national', agencies: ['000.00.00.H29'] },
  { name: 'w07', code: '000.00.07.H29', parent: 'h29', agencies: ['000.00.07.H29'] },
];

export function documentInput(from: string, to: string[], subject: string, body = Buffer.from(`nội dung: ${subject}`), priority = 0) {
  return { from, to, priority, document: { subject, documentType: 'Công văn' }, body };
}
