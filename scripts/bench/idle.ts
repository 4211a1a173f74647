/**
 * Section 6, an idle node: start-up time (spawn → its "listening on" line) and resident memory
 * (VmRSS from /proc/<pid>/status) once its link is up and nothing happens: first `settleMs` after
 * the link came up (what start-up left behind), then after `idleMs` without traffic, the steady
 * state an idle node stays in (the node collects its heap after 5 s of a quiet event loop, see
 * src/node/idle-compaction.ts; the target is read against this figure).
 */
import type { NodeSpec } from '../lib/network-builder.js';
import { withNetwork } from './bench-network.js';
import type { Measurement } from './measurement.js';
import { memoryOf } from './proc-stats.js';
import type { Section } from './section.js';
import { median, round, sleep } from './stats.js';

export const IDLE_RSS_TARGET_MB = 80;
export const STARTUP_TARGET_MS = 1000;

const TOPOLOGY: NodeSpec[] = [
  { name: 'province', code: '000.00.00.H44', agencies: ['000.00.00.H44'] },
  { name: 'district', code: '000.00.24.H44', parent: 'province', agencies: ['000.00.24.H44'] },
];

export const idleSection: Section = {
  name: 'idle',
  title: 'Idle node: resident memory and start-up time',
  async run(ctx) {
    const { starts, settleMs, idleMs } = ctx.sizes.idle;
    return withNetwork('idle', TOPOLOGY, { cpuProfDir: ctx.cpuProfDir }, async (bn) => {
      const provinceStartMs = await bn.start('province');
      const startups: number[] = [];
      for (let i = 0; i < starts; i++) {
        if (i > 0) await bn.stop('district');
        startups.push(await bn.start('district'));
      }
      await bn.waitLinksUp();
      await sleep(settleMs);
      const settled = memoryOf(bn.pid('district'));
      await sleep(idleMs - settleMs);
      const district = memoryOf(bn.pid('district'));
      const province = memoryOf(bn.pid('province'));
      ctx.log(`idle: district ${round(settled.rssMB)} MB after ${settleMs / 1000} s, ${round(district.rssMB)} MB after ${idleMs / 1000} s, province ${round(province.rssMB)} MB; start-ups ${startups.map((s) => Math.round(s)).join(', ')} ms`);
      const measurements: Measurement[] = [
        {
          id: 'idle.rss', label: `idle node RSS (district, link up, ${idleMs / 1000} s without traffic)`,
          value: district.rssMB, unit: 'MB',
          note: `(${round(settled.rssMB)} MB ${settleMs / 1000} s after its link came up; its parent: ${round(province.rssMB)} MB)`,
          target: { op: '<', value: IDLE_RSS_TARGET_MB },
        },
        {
          id: 'idle.startup', label: `start-up, spawn → "listening on" (median of ${starts})`,
          value: median(startups), unit: 'ms', target: { op: '<', value: STARTUP_TARGET_MS },
        },
      ];
      return { measurements, details: { settled, district, province, startupsMs: startups, provinceStartupMs: provinceStartMs, settleMs, idleMs } };
    });
  },
};
