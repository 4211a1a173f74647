/**
 * Section 4, fan-out: one document from the national hub's agency to agencies attached to every
 * province (e.g. 10 provinces × 10 agencies = 100 recipients): the time from the Send call until
 * the last inbox holds it (delivered_at on each province's node, one clock).
 */
import type { NodeSpec } from '../lib/network-builder.js';
import { withNetwork } from './bench-network.js';
import type { Measurement } from './measurement.js';
import type { Section } from './section.js';
import { sendRequest } from './senders.js';
import { bodies, median, round, seededRandom, shuffle, subSeed } from './stats.js';

const SENDER = '000.00.00.G22';
export const FAN_OUT_TARGET_MS = 1000;

const pad = (n: number) => String(n).padStart(2, '0');

export function fanOutTopology(provinces: number, agenciesPerProvince: number): NodeSpec[] {
  const specs: NodeSpec[] = [{ name: 'national', code: '000.00.00.G22', agencies: [SENDER] }];
  for (let p = 1; p <= provinces; p++) {
    const agencies = Array.from({ length: agenciesPerProvince }, (_, a) => `000.00.${pad(a + 1)}.H${pad(p)}`);
    specs.push({ name: `province-h${pad(p)}`, code: `000.00.00.H${pad(p)}`, parent: 'national', agencies });
  }
  return specs;
}

export interface FanOutRound {
  /** Send called → the last inbox has the document. */
  lastInboxMs: number;
  /** Send call answered (stored at the hub, one outbox entry per province). */
  acceptMs: number;
  /** From the trace: last arrival's hop time − the hub's hop time. */
  traceMs: number;
}

export const fanOutSection: Section = {
  name: 'fan-out',
  title: 'Fan-out: one document to agencies in every province',
  async run(ctx) {
    const { provinces, agenciesPerProvince, rounds } = ctx.sizes.fanOut;
    const random = seededRandom(subSeed(ctx.seed, 'fan-out'));
    const pool = bodies(random, 1024, 4);
    const specs = fanOutTopology(provinces, agenciesPerProvince);
    const recipients = specs.slice(1).flatMap((s) => s.agencies);
    return withNetwork('fan-out', specs, { cpuProfDir: ctx.cpuProfDir }, async (bn) => {
      await bn.startAll();
      await bn.waitLinksUp();
      const client = bn.agencyClient(SENDER);
      const results: FanOutRound[] = [];
      // Round 0 is a warm-up (connections and code paths), not counted.
      for (let n = 0; n <= rounds; n++) {
        const bases = await Promise.all(specs.slice(1).map((s) => bn.counter(s.name, 'delivered')));
        const to = shuffle([...recipients], random);
        const request = client.signRequest(sendRequest(SENDER, to, pool[n % pool.length]!, n));
        const t0 = Date.now();
        await client.send(request);
        const acceptMs = Date.now() - t0;
        for (const [i, s] of specs.slice(1).entries()) await bn.waitCounter(s.name, 'delivered', bases[i]! + s.agencies.length, 30_000, 5);
        let last = 0;
        let traceMs = 0;
        for (const r of recipients) {
          const arrivals = await bn.newArrivals(r);
          if (arrivals.length !== 1) throw new Error(`expected the document once in the inbox of ${r}, found ${arrivals.length}`);
          const a = arrivals[0]!;
          last = Math.max(last, a.deliveredAtMs);
          traceMs = Math.max(traceMs, a.trace.at(-1)!.atMs - a.trace[0]!.atMs);
        }
        if (n > 0) results.push({ lastInboxMs: last - t0, acceptMs, traceMs });
        ctx.log(`fan-out: round ${n}${n === 0 ? ' (warm-up)' : ''}: last inbox after ${last - t0} ms`);
      }
      const worst = Math.max(...results.map((r) => r.lastInboxMs));
      const measurements: Measurement[] = [{
        id: 'fan-out.last-inbox',
        label: `fan-out to ${recipients.length} agencies in ${provinces} provinces: until the last inbox (worst of ${rounds})`,
        value: worst,
        unit: 'ms',
        note: `(median ${round(median(results.map((r) => r.lastInboxMs)))} ms; Send answered after ${round(median(results.map((r) => r.acceptMs)))} ms)`,
        target: { op: '<', value: FAN_OUT_TARGET_MS },
      }];
      return { measurements, details: { provinces, agenciesPerProvince, recipients: recipients.length, rounds: results } };
    });
  },
};
