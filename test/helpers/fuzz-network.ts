/**
 * The target of the fuzz tests: a small real network (a province node and the district node under
 * test, real mutual TLS on 127.0.0.1, real SQLite files) plus what a hostile client needs to reach
 * every port of the district node: its peer/agency port, its admin socket and its operator HTTP port.
 * A commune child is configured at the district but never started: the fuzzers hold its node
 * certificate and speak on its link as a compromised child would.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { buildNetwork, type BuiltNetwork, type NodeSpec } from '../../scripts/lib/network-builder.js';
import { waitFor } from '../../scripts/lib/wait-for.js';
import { AgencyClient } from '../../src/client/agency-client.js';
import { loadConfig } from '../../src/node/config-load.js';
import { silentLogger } from '../../src/node/logger.js';
import { startNode, type RunningNode } from '../../src/node/node.js';
import type { TlsFiles } from '../../src/link/tls-credentials.js';
import { isKnownDefect, malformationOf } from './fuzz-checks.js';

/** The province above the node under test. */
export const PROVINCE = '000.00.00.H44';
/** The node under test. */
export const TARGET = '000.00.24.H44';
/** A configured child of the target that never runs: the fuzzers speak on its link. */
export const CHILD = '000.46.24.H44';
/** Agencies attached to the target, and the one attached to the province. */
export const TARGET_AGENCY = '000.00.24.H44';
export const OTHER_TARGET_AGENCY = '000.47.24.H44';
export const PROVINCE_AGENCY = '000.00.00.H44';

const TOPOLOGY: NodeSpec[] = [
  { name: 'h44', code: PROVINCE, agencies: [PROVINCE_AGENCY] },
  { name: 'd24', code: TARGET, parent: 'h44', agencies: [TARGET_AGENCY, OTHER_TARGET_AGENCY], extra: { http: { listen: '127.0.0.1:0' } } },
  { name: 'c46', code: CHILD, parent: 'd24', agencies: [CHILD] },
];

export interface FuzzTarget {
  dir: string;
  net: BuiltNetwork;
  province: RunningNode;
  node: RunningNode;
  caPath: string;
  /** TLS files of an agency attached to the target. */
  agencyTls(code: string): TlsFiles;
  /** TLS files of the target's (never started) child node. */
  childTls: TlsFiles;
  /** An agency client on the node that holds `code`. */
  client(code: string): AgencyClient;
  /** Every message id the target's database holds (a separate read-only connection). */
  storedIds(): string[];
  /** Ids of stored messages that break an envelope rule, with the rule (empty when all are sound; known defects aside). */
  malformedStored(): string[];
  close(): Promise<void>;
}

export async function startFuzzTarget(): Promise<FuzzTarget> {
  const dir = mkdtempSync(join(tmpdir(), 'lienthong-fuzz-'));
  const net = await buildNetwork(dir, TOPOLOGY);
  const start = (name: string) => startNode(loadConfig(net.nodes.get(name)!.configPath), { log: silentLogger(), drainTimeoutMs: 2_000 });
  const started: RunningNode[] = [];
  const clients: AgencyClient[] = [];
  let db: Database.Database | null = null;
  const close = async () => {
    for (const c of clients) c.close();
    db?.close();
    for (const n of started.reverse()) await n.stop();
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    const province = await start('h44');
    started.push(province);
    const node = await start('d24');
    started.push(node);
    await waitFor('the link d24 → h44', () => node.registry.get(PROVINCE)?.state === 'up' && province.registry.get(TARGET)?.state === 'up');
    const caPath = join(net.pkiDir, 'ca.crt');
    const target: FuzzTarget = {
      dir,
      net,
      province,
      node,
      caPath,
      agencyTls: (code) => ({ ca: caPath, ...net.agencyCerts.get(code)! }),
      childTls: { ca: caPath, cert: join(dir, 'c46', `node-${CHILD}.crt`), key: join(dir, 'c46', `node-${CHILD}.key`) },
      client(code) {
        const home = code === PROVINCE_AGENCY ? province : node;
        const c = new AgencyClient({ address: home.address, nodeCode: home.code, tls: target.agencyTls(code) });
        clients.push(c);
        return c;
      },
      storedIds() {
        db ??= new Database(loadConfig(net.nodes.get('d24')!.configPath).databasePath, { readonly: true, fileMustExist: true });
        return (db.prepare('SELECT id FROM messages').all() as { id: string }[]).map((r) => r.id);
      },
      malformedStored() {
        const bad: string[] = [];
        for (const id of target.storedIds()) {
          const stored = node.store.message(id);
          const why = stored ? malformationOf(stored.message) : 'listed in the database but unreadable through the store';
          if (why && !isKnownDefect(why)) bad.push(`${id}: ${why}`);
        }
        return bad;
      },
      close,
    };
    return target;
  } catch (err) {
    await close();
    throw err;
  }
}
