/**
 * Section 2b, a chain of three nodes: the sender's district node → the province node (a pure relay
 * here) → the recipient's district node. End-to-end durable documents per second, 1 KiB.
 */
import type { NodeSpec } from '../lib/network-builder.js';
import { withNetwork } from './bench-network.js';
import { cpuNote } from './cpu-use.js';
import { forwardCeiling } from './measurement.js';
import type { Section } from './section.js';
import { bodies, round, seededRandom, subSeed } from './stats.js';
import { measureThroughput } from './throughput.js';

const SENDER_AGENCIES = ['000.00.24.H44', '000.01.24.H44', '000.02.24.H44', '000.03.24.H44'];
const RECIPIENT = '000.00.25.H44';

const TOPOLOGY: NodeSpec[] = [
  { name: 'province', code: '000.00.00.H44', agencies: [] },
  { name: 'district-24', code: '000.00.24.H44', parent: 'province', agencies: SENDER_AGENCIES },
  { name: 'district-25', code: '000.00.25.H44', parent: 'province', agencies: [RECIPIENT] },
];

export const chainSection: Section = {
  name: 'chain',
  title: 'Chain of three nodes (district → province → district), end to end',
  async run(ctx) {
    const { count, senders } = ctx.sizes.chain;
    const pool = bodies(seededRandom(subSeed(ctx.seed, 'chain')), 1024, 16);
    return withNetwork('chain', TOPOLOGY, { cpuProfDir: ctx.cpuProfDir }, async (bn) => {
      await bn.startAll();
      await bn.waitLinksUp();
      ctx.log(`chain of three: ${count} documents of 1 KiB, ${senders} senders`);
      const r = await measureThroughput(bn, { from: SENDER_AGENCIES, to: RECIPIENT, bodies: pool, count, senders });
      const ceiling = forwardCeiling(ctx.ceilings, senders);
      return {
        measurements: [{
          id: 'chain.1KiB',
          label: `chain of three nodes, 1 KiB, ${senders} senders: delivered`,
          value: r.deliveredPerSec,
          unit: 'docs/s',
          note: `(accepted ${round(r.acceptedPerSec).toLocaleString('en')}/s; ${cpuNote(r.cpu)})`,
          target: { op: '>=', value: 5000 },
          ...(ceiling ? { ceiling } : {}),
        }],
        details: { topology: TOPOLOGY.map((s) => `${s.name} ${s.code}`), run: r },
      };
    });
  },
};
