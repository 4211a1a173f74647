/**
 * CPU used during a measurement: each node process, this process (the agencies' software), and the
 * whole machine, between two snapshots read from /proc. CPU time per document is what a node can
 * carry on this machine (one core ÷ CPU per document), and it varies far less between runs than a
 * rate does on a shared machine, where every process competes for the same two cores.
 */
import type { BenchNetwork } from './bench-network.js';
import { cpuSecondsOf, machineTicks, type MachineTicks } from './proc-stats.js';
import { round } from './stats.js';

export interface CpuSnapshot {
  nodes: Record<string, number>;
  bench: number;
  machine: MachineTicks;
}

export function cpuSnapshot(bn: BenchNetwork, names: readonly string[]): CpuSnapshot {
  const u = process.cpuUsage();
  return { nodes: Object.fromEntries(names.map((n) => [n, cpuSecondsOf(bn.pid(n))])), bench: (u.user + u.system) / 1e6, machine: machineTicks() };
}

export interface CpuUse {
  /** CPU seconds of each node process, and of this process (the agency's software here). */
  nodeSeconds: Record<string, number>;
  benchSeconds: number;
  /** Shares of the machine's CPU time (all cores): 1 = every core busy, whoever used it. */
  machineBusyShare: number;
  userShare: number;
  systemShare: number;
  softirqShare: number;
  stealShare: number;
  /** Busy CPU seconds of the machine not charged to the nodes or this process (kernel threads: writeback, softirq...; other programs). */
  otherSeconds: number;
}

export function cpuBetween(a: CpuSnapshot, b: CpuSnapshot): CpuUse {
  const d = (k: keyof MachineTicks) => b.machine[k] - a.machine[k];
  const total = Math.max(1, d('total'));
  const nodeSeconds = Object.fromEntries(Object.keys(a.nodes).map((n) => [n, b.nodes[n]! - a.nodes[n]!]));
  const benchSeconds = b.bench - a.bench;
  const busyTicks = total - d('idle');
  const charged = Object.values(nodeSeconds).reduce((x, y) => x + y, 0) + benchSeconds;
  return {
    nodeSeconds: Object.fromEntries(Object.entries(nodeSeconds).map(([n, v]) => [n, round(v)])),
    benchSeconds: round(benchSeconds),
    machineBusyShare: round(busyTicks / total),
    userShare: round(d('user') / total),
    systemShare: round(d('system') / total),
    softirqShare: round(d('softirq') / total),
    stealShare: round(d('steal') / total),
    otherSeconds: round(busyTicks / 100 - charged),
  };
}

/** Milliseconds of CPU per document: each node, the senders (this process), and all of them. */
export interface CpuPerDocument {
  nodesMs: Record<string, number>;
  sendersMs: number;
  totalMs: number;
  machineBusyShare: number;
}

export function cpuPerDocument(use: CpuUse, documents: number): CpuPerDocument {
  const per = (seconds: number) => (documents > 0 ? (seconds * 1000) / documents : 0);
  const nodesMs = Object.fromEntries(Object.entries(use.nodeSeconds).map(([n, s]) => [n, round(per(s))]));
  const nodesTotal = Object.values(use.nodeSeconds).reduce((x, y) => x + y, 0);
  return { nodesMs, sendersMs: round(per(use.benchSeconds)), totalMs: round(per(nodesTotal + use.benchSeconds)), machineBusyShare: use.machineBusyShare };
}

/**
 * For a table note: "CPU per document: province 0.55, district 0.6, senders 0.12 ms; machine 80 %
 * busy", or with more than three nodes "7 nodes 9.8 (1.3–1.6 each)" (each node is in the JSON).
 */
export function cpuNote(c: CpuPerDocument): string {
  const entries = Object.entries(c.nodesMs);
  const values = entries.map(([, ms]) => ms);
  const nodes = entries.length <= 3
    ? entries.map(([n, ms]) => `${n} ${ms}`).join(', ')
    : `${entries.length} nodes ${round(values.reduce((x, y) => x + y, 0))} (${Math.min(...values)}–${Math.max(...values)} each)`;
  return `CPU per document: ${nodes}, senders ${c.sendersMs} ms; machine ${Math.round(100 * c.machineBusyShare)} % busy`;
}

/** CPU per document over a run of the whole network: `start` when sending begins, `perDocument` once all arrived. */
export interface CpuMeter {
  start: () => void;
  perDocument: (documents: number) => CpuPerDocument;
}

export function cpuMeter(bn: BenchNetwork): CpuMeter {
  let before: CpuSnapshot | null = null;
  return {
    start: () => {
      before = cpuSnapshot(bn, bn.names());
    },
    perDocument: (documents) => {
      if (!before) throw new Error('cpuMeter: perDocument before start');
      return cpuPerDocument(cpuBetween(before, cpuSnapshot(bn, bn.names())), documents);
    },
  };
}
