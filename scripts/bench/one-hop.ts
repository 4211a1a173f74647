/**
 * Section 2, one hop: a district node (where the senders' software is attached) forwards to its
 * province node (where the recipient is attached), both as processes. Durable documents per second
 * accepted and delivered, 1 KiB and 100 KiB, 1, 16 and 64 concurrent senders using `SendStream`
 * and signing their documents; then 1 KiB with the most senders again, the way the simplest
 * client does it: one unary `Send` per document, unsigned, the node signing with the agency's key.
 */
import type { NodeSpec } from '../lib/network-builder.js';
import { withNetwork } from './bench-network.js';
import { cpuNote } from './cpu-use.js';
import { forwardCeiling, type Measurement } from './measurement.js';
import type { Section } from './section.js';
import { bodies, round, seededRandom, subSeed } from './stats.js';
import { measureThroughput, type ThroughputResult } from './throughput.js';

export const SENDER_AGENCIES = ['000.00.24.H44', '000.01.24.H44', '000.02.24.H44', '000.03.24.H44'];
const RECIPIENT = '000.00.00.H44';

const TOPOLOGY: NodeSpec[] = [
  { name: 'province', code: '000.00.00.H44', agencies: [RECIPIENT] },
  { name: 'district', code: '000.00.24.H44', parent: 'province', agencies: SENDER_AGENCIES },
];

export const ONE_HOP_TARGET = 8000;

export const oneHopSection: Section = {
  name: 'one-hop',
  title: 'One hop (district → province), durable documents per second',
  async run(ctx) {
    const random = seededRandom(subSeed(ctx.seed, 'one-hop'));
    return withNetwork('one-hop', TOPOLOGY, { cpuProfDir: ctx.cpuProfDir }, async (bn) => {
      await bn.startAll();
      await bn.waitLinksUp();
      const runs: ThroughputResult[] = [];
      const measurements: Measurement[] = [];
      for (const size of ctx.sizes.oneHop.docs) {
        const pool = bodies(random, size.bytes, 16);
        for (const senders of ctx.sizes.oneHop.senders) {
          const count = senders === 1 ? size.countOneSender : size.count;
          ctx.log(`one hop: ${count} documents of ${size.label}, ${senders} sender(s)`);
          const r = await measureThroughput(bn, { from: SENDER_AGENCIES, to: RECIPIENT, bodies: pool, count, senders });
          runs.push(r);
          const ceiling = forwardCeiling(ctx.ceilings, senders, size.bytes);
          measurements.push({
            id: `one-hop.${size.label.replace(' ', '')}.s${senders}`,
            label: `one hop, ${size.label}, ${senders} sender${senders === 1 ? '' : 's'}: delivered`,
            value: r.deliveredPerSec,
            unit: 'docs/s',
            note: `(${count} docs; accepted ${round(r.acceptedPerSec).toLocaleString('en')}/s; ${round(r.deliveredMBPerSec)} MB/s; ${cpuNote(r.cpu)})`,
            ...(size.bytes === 1024 && senders === Math.max(...ctx.sizes.oneHop.senders) ? { target: { op: '>=' as const, value: ONE_HOP_TARGET } } : {}),
            ...(ceiling ? { ceiling } : {}),
          });
        }
      }
      const small = ctx.sizes.oneHop.docs.find((d) => d.bytes === 1024)!;
      const senders = Math.max(...ctx.sizes.oneHop.senders);
      ctx.log(`one hop: ${small.count} documents of ${small.label}, ${senders} senders, unary Send, the node signs`);
      const pool = bodies(random, small.bytes, 16);
      const unary = await measureThroughput(bn, { from: SENDER_AGENCIES, to: RECIPIENT, bodies: pool, count: small.count, senders, client: { unary: true, nodeSigns: true } });
      const ceiling = forwardCeiling(ctx.ceilings, senders, small.bytes);
      measurements.push({
        id: `one-hop.1KiB.s${senders}.unary-node-signs`,
        label: `one hop, ${small.label}, ${senders} senders, unary Send, the node signs: delivered`,
        value: unary.deliveredPerSec,
        unit: 'docs/s',
        note: `(${small.count} docs; accepted ${round(unary.acceptedPerSec).toLocaleString('en')}/s; ${cpuNote(unary.cpu)})`,
        ...(ceiling ? { ceiling } : {}),
      });
      return { measurements, details: { topology: TOPOLOGY.map((s) => `${s.name} ${s.code}`), runs, unaryNodeSigns: unary } };
    });
  },
};
