/**
 * Builds a local lienthong network on disk: a CA, a certificate per node and agency, and one YAML
 * configuration per node, exactly as an operator would write them (see README "Configuration
 * reference"). Used by the demo, the multi-node tests, the chaos run and the benchmarks.
 */
import { mkdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import YAML from 'yaml';
import { initPkiDir, issueToDir } from '../../src/pki/files.js';

export interface NodeSpec {
  /** Short name for humans and folders, e.g. "hanoi". */
  name: string;
  code: string;
  /** Name of the parent node; absent at the root. */
  parent?: string;
  agencies: string[];
  /** Extra configuration merged into the node's YAML (limits, routes...). */
  extra?: Record<string, unknown>;
  /** Lateral peers by node name; `dial` makes this node the one that dials (the other must not). */
  laterals?: { peer: string; dial: boolean; subtrees: string[]; allowSenders?: string[] }[];
}

export interface BuiltNode {
  name: string;
  code: string;
  configPath: string;
  dataDir: string;
  port: number;
  address: string;
  agencies: string[];
  parent?: string;
  children: string[];
}

export interface BuiltNetwork {
  dir: string;
  pkiDir: string;
  nodes: Map<string, BuiltNode>;
  /** Agency code → agency certificate files, for agency API clients. */
  agencyCerts: Map<string, { cert: string; key: string }>;
  byCode(code: string): BuiltNode;
}

/**
 * Ports are picked below Linux's ephemeral range (32768–60999 by default). A port the kernel
 * hands out for `listen(0)` is in that range, and so is the source port of every outgoing
 * connection: between picking a port and the node binding it, another process's client socket
 * may take it, and the node fails with EADDRINUSE (seen once in CI, with two test files running
 * side by side). Below the range only another listener can collide; the port is tried with a
 * bind first, and a process never hands out the same port twice.
 *
 * Nor do two processes: a port handed out is reserved by a file named after it in RESERVED_DIR
 * holding the process id, removed when the process exits (one left by a process that died is
 * taken over). Without it, two test files building networks side by side could pick the same
 * port, both find it free, and the node started second failed with EADDRINUSE ("exited with code 1
 * while starting"; seen with three test runs on one machine).
 */
const PORT_LOW = 20000;
const PORT_HIGH = 32000;
const handedOut = new Set<number>();
export const RESERVED_DIR = join(tmpdir(), 'lienthong-test-ports');
const reservedHere: string[] = [];
let releaseAtExit = false;

function alive(pid: number): boolean {
  if (!Number.isSafeInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Reserves `port` for this process unless a live process holds it. */
export function reserve(port: number): boolean {
  const path = join(RESERVED_DIR, String(port));
  try {
    mkdirSync(RESERVED_DIR, { recursive: true });
    if (!releaseAtExit) {
      // Once per process: keyed on an empty list, every port found taken registered another listener.
      releaseAtExit = true;
      process.once('exit', () => {
        for (const p of reservedHere) {
          try {
            unlinkSync(p);
          } catch {
            // Gone already: nothing to give back.
          }
        }
      });
    }
    try {
      writeFileSync(path, String(process.pid), { flag: 'wx' });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      if (alive(Number(readFileSync(path, 'utf8')))) return false;
      writeFileSync(path, String(process.pid));
    }
  } catch {
    // No shared folder to reserve in (or the file went meanwhile): fall back to the bind check.
    return true;
  }
  reservedHere.push(path);
  return true;
}

export function unreserve(port: number): void {
  const path = join(RESERVED_DIR, String(port));
  const i = reservedHere.indexOf(path);
  if (i < 0) return;
  reservedHere.splice(i, 1);
  try {
    unlinkSync(path);
  } catch {
    // Gone already.
  }
}

function bindable(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = createServer();
    s.once('error', () => resolve(false));
    s.listen(port, '127.0.0.1', () => s.close(() => resolve(true)));
  });
}

export async function freePort(): Promise<number> {
  for (let attempt = 0; attempt < 200; attempt++) {
    const port = PORT_LOW + Math.floor(Math.random() * (PORT_HIGH - PORT_LOW));
    if (handedOut.has(port) || !reserve(port)) continue;
    if (await bindable(port)) {
      handedOut.add(port);
      return port;
    }
    unreserve(port);
  }
  throw new Error(`no free port on 127.0.0.1 between ${PORT_LOW} and ${PORT_HIGH} after 200 tries`);
}

export interface BuildOptions {
  /**
   * Whether each node holds its agencies' keys (`signing.agencyKeys`) and signs their unsigned
   * documents (CLI, edXML). Default true. Agency certificates are issued either way.
   */
  nodeSigns?: boolean;
}

export async function buildNetwork(dir: string, specs: NodeSpec[], opts: BuildOptions = {}): Promise<BuiltNetwork> {
  const pkiDir = join(dir, 'pki');
  mkdirSync(pkiDir, { recursive: true });
  initPkiDir(pkiDir, { commonName: 'lienthong local network CA', force: true });
  const nodes = new Map<string, BuiltNode>();
  for (const s of specs) {
    const port = await freePort();
    nodes.set(s.name, {
      name: s.name, code: s.code, port, address: `127.0.0.1:${port}`, agencies: s.agencies,
      configPath: join(dir, s.name, 'node.yaml'), dataDir: join(dir, s.name, 'data'), children: [],
      ...(s.parent ? { parent: s.parent } : {}),
    });
  }
  for (const s of specs) if (s.parent) nodes.get(s.parent)!.children.push(s.name);

  const agencyCerts = new Map<string, { cert: string; key: string }>();
  for (const s of specs) {
    const n = nodes.get(s.name)!;
    mkdirSync(join(dir, s.name), { recursive: true });
    const issued = issueToDir(pkiDir, { code: s.code, role: 'node', outDir: join(dir, s.name) });
    for (const a of s.agencies) {
      const ac = issueToDir(pkiDir, { code: a, role: 'agency', outDir: join(dir, s.name, 'agencies') });
      agencyCerts.set(a, { cert: ac.certPath, key: ac.keyPath });
    }
    const signing = opts.nodeSigns === false ? {} : { signing: { agencyKeys: s.agencies.map((a) => ({ code: a, ...agencyCerts.get(a)! })) } };
    const config: Record<string, unknown> = {
      node: { code: s.code, listen: n.address, dataDir: 'data' },
      ...(s.parent ? { parent: { code: nodes.get(s.parent)!.code, address: nodes.get(s.parent)!.address } } : {}),
      children: n.children.map((c) => ({ code: nodes.get(c)!.code })),
      agencies: s.agencies,
      ...(s.laterals?.length
        ? {
            laterals: s.laterals.map((l) => ({
              code: nodes.get(l.peer)!.code,
              ...(l.dial ? { address: nodes.get(l.peer)!.address } : {}),
              subtrees: l.subtrees,
              ...(l.allowSenders ? { allowSenders: l.allowSenders } : {}),
            })),
          }
        : {}),
      tls: { ca: join(pkiDir, 'ca.crt'), cert: issued.certPath, key: issued.keyPath },
      ...signing,
      ...(s.extra ?? {}),
    };
    const header = `# lienthong node "${s.name}" (${s.code}), written by scripts/lib/network-builder.ts\n`;
    writeFileSync(n.configPath, header + YAML.stringify(config));
  }
  return {
    dir,
    pkiDir,
    nodes,
    agencyCerts,
    byCode(code: string) {
      const n = [...nodes.values()].find((x) => x.code === code);
      if (!n) throw new Error(`no node ${code}`);
      return n;
    },
  };
}

/** Rewrites a node's YAML configuration through `edit` (tests that restart a node changed). */
export function editConfig(configPath: string, edit: (config: Record<string, unknown>) => void): void {
  const config = YAML.parse(readFileSync(configPath, 'utf8')) as Record<string, unknown>;
  edit(config);
  writeFileSync(configPath, YAML.stringify(config));
}
