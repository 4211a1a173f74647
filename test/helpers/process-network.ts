/**
 * A network of real `lienthong start` processes (one per node, built by the network builder), for
 * tests that kill and restart nodes; each node's admin socket is reachable with `call`.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildNetwork, type BuiltNetwork, type NodeSpec } from '../../scripts/lib/network-builder.js';
import { NodeProcess } from '../../scripts/lib/node-process.js';
import { waitFor } from '../../scripts/lib/wait-for.js';
import { AdminClient } from '../../src/cli/admin-client.js';
import type { StatusResponse__Output } from '../../src/gen/lienthong/v1/StatusResponse.js';

export interface ProcessNetwork {
  dir: string;
  net: BuiltNetwork;
  procs: Map<string, NodeProcess>;
  /** One admin call on node `name`'s socket. */
  call<T>(name: string, method: string, req: object): Promise<T>;
  close(): Promise<void>;
}

/** Builds the network in a fresh folder, starts every node and waits until every link is up. */
export async function startProcessNetwork(prefix: string, topology: NodeSpec[]): Promise<ProcessNetwork> {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const net = await buildNetwork(dir, topology);
  const procs = new Map<string, NodeProcess>();
  const call = async <T>(name: string, method: string, req: object): Promise<T> => {
    const c = AdminClient.open({ socket: join(net.nodes.get(name)!.dataDir, 'admin.sock') });
    try {
      return await c.call<object, T>(method as never, req);
    } finally {
      c.close();
    }
  };
  const close = async () => {
    await Promise.all([...procs.values()].map((p) => p.kill()));
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    for (const n of net.nodes.values()) {
      const p = new NodeProcess(n.name, n.configPath, 'info');
      await p.start();
      procs.set(n.name, p);
    }
    for (const n of net.nodes.values()) {
      await waitFor(`links of ${n.name}`, async () => (await call<StatusResponse__Output>(n.name, 'Status', {})).links.every((l) => l.state === 'up'));
    }
  } catch (err) {
    await close();
    throw err;
  }
  return { dir, net, procs, call, close };
}
