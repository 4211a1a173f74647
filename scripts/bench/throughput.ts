/**
 * One throughput run through a running network: N senders push `count` documents to one recipient
 * (closed loop); timed from the first send to the last document in the recipient's inbox (its
 * delivered_at, written by the recipient's node on the same clock).
 */
import type { BenchNetwork, ClientKind } from './bench-network.js';
import { cpuMeter, type CpuPerDocument } from './cpu-use.js';
import { closedLoop, type Sender } from './senders.js';
import { perSecond } from './stats.js';

export interface ThroughputRun {
  from: string[];
  to: string;
  bodies: Buffer[];
  count: number;
  senders: number;
  /** How the senders talk to the node (default: SendStream, documents signed by the sender). */
  client?: ClientKind;
}

export interface ThroughputResult {
  count: number;
  senders: number;
  bodyBytes: number;
  /** First send → last send answered (documents durably accepted by the sender's node). */
  acceptMs: number;
  acceptedPerSec: number;
  /** First send → last document in the recipient's inbox. */
  deliverMs: number;
  deliveredPerSec: number;
  deliveredMBPerSec: number;
  /** CPU of each node and of the senders from the first send until the last document arrived, per document. */
  cpu: CpuPerDocument;
}

/** How often a run asks the recipient's node whether everything arrived. */
export const SLOW_POLL_MS = 250;

export function sendersFor(bn: BenchNetwork, from: string[], n: number, how: ClientKind = {}): Sender[] {
  return Array.from({ length: n }, (_, i) => {
    const agency = from[i % from.length]!;
    return { client: bn.agencyClient(agency, how), from: agency };
  });
}

export async function measureThroughput(bn: BenchNetwork, r: ThroughputRun): Promise<ThroughputResult> {
  const home = bn.home(r.to).name;
  const senders = sendersFor(bn, r.from, r.senders, r.client);
  try {
    // Warm-up: one document per sender opens its TLS connection and warms every node's code paths.
    const before = await bn.counter(home, 'delivered');
    await closedLoop(senders, [r.to], r.bodies, senders.length);
    await bn.waitCounter(home, 'delivered', before + senders.length, 60_000);
    await bn.newArrivals(r.to);

    const base = await bn.counter(home, 'delivered');
    const meter = cpuMeter(bn);
    const run = await closedLoop(senders, [r.to], r.bodies, r.count, meter.start);
    // The end is the last inbox item's delivered_at, not when the poll saw it: polling slowly
    // (a status call counts the inbox) keeps the benchmark from loading the node it measures.
    await bn.waitCounter(home, 'delivered', base + r.count, Math.max(60_000, r.count * 20), SLOW_POLL_MS);
    const cpu = meter.perDocument(r.count);
    const arrivals = await bn.newArrivals(r.to);
    if (arrivals.length !== r.count) throw new Error(`expected ${r.count} new documents in the inbox of ${r.to}, found ${arrivals.length}`);
    const lastAt = arrivals.reduce((m, a) => Math.max(m, a.deliveredAtMs), 0);
    const acceptMs = run.acceptedAtMs - run.startedAtMs;
    const deliverMs = lastAt - run.startedAtMs;
    const bodyBytes = r.bodies[0]!.length;
    return {
      count: r.count,
      senders: r.senders,
      bodyBytes,
      acceptMs,
      acceptedPerSec: perSecond(r.count, acceptMs),
      deliverMs,
      deliveredPerSec: perSecond(r.count, deliverMs),
      deliveredMBPerSec: perSecond(r.count * bodyBytes, deliverMs) / 1e6,
      cpu,
    };
  } finally {
    bn.closeClients();
  }
}
