/**
 * Section 5, backlog: documents queue at a province node for its district child, which is
 * stopped; then the child starts and the backlog drains. Time to drain and documents per second,
 * and the province's resident memory before, half-way and after queueing (it must not grow with
 * the backlog: entries live on disk, not in memory).
 */
import type { InboxResponse__Output } from '../../src/gen/lienthong/v1/InboxResponse.js';
import type { NodeSpec } from '../lib/network-builder.js';
import { waitFor } from '../lib/wait-for.js';
import { withNetwork, type BenchNetwork } from './bench-network.js';
import { acceptCeiling, linkCeiling, type Measurement } from './measurement.js';
import { memoryOf, type Memory } from './proc-stats.js';
import type { Section } from './section.js';
import { closedLoop } from './senders.js';
import { bodies, perSecond, round, seededRandom, sleep, subSeed } from './stats.js';
import { sendersFor } from './throughput.js';

const SENDER_AGENCIES = ['000.00.00.H44', '000.00.01.H44', '000.00.02.H44', '000.00.03.H44'];
const RECIPIENT = '000.00.24.H44';
export const DRAIN_TARGET = 2000;
/** The bench's reading of "memory must not grow with the backlog": the second half adds < 10 MB. */
export const RSS_GROWTH_LIMIT_MB = 10;

const TOPOLOGY: NodeSpec[] = [
  { name: 'province', code: '000.00.00.H44', agencies: SENDER_AGENCIES },
  { name: 'district', code: '000.00.24.H44', parent: 'province', agencies: [RECIPIENT] },
];

/** Resolves with Date.now() once the recipient's inbox holds item number `n` (a fresh node: seq = n). */
async function waitInboxSeq(bn: BenchNetwork, n: number, timeoutMs: number): Promise<number> {
  const home = bn.home(RECIPIENT).name;
  const item = await waitFor(`${n} documents in the inbox of ${RECIPIENT}`, async () => {
    const page = await bn.admin(home).call<object, InboxResponse__Output>('Inbox', { agency: RECIPIENT, includeAcknowledged: true, limit: 1, withBodies: false, afterSeq: n - 1 });
    return page.items[0];
  }, timeoutMs, 20);
  return Number(item.deliveredAtMs);
}

export const backlogSection: Section = {
  name: 'backlog',
  title: 'Backlog for an offline child, then drain',
  async run(ctx) {
    const { count, senders: nSenders } = ctx.sizes.backlog;
    const pool = bodies(seededRandom(subSeed(ctx.seed, 'backlog')), 1024, 16);
    return withNetwork('backlog', TOPOLOGY, { cpuProfDir: ctx.cpuProfDir }, async (bn) => {
      await bn.start('province');
      await sleep(ctx.quick ? 200 : 1000);
      const parentPid = bn.pid('province');
      const rss: Record<string, Memory> = { before: memoryOf(parentPid) };

      const senders = sendersFor(bn, SENDER_AGENCIES, nSenders);
      const half = Math.floor(count / 2);
      ctx.log(`backlog: queueing ${count} documents of 1 KiB for the stopped district node`);
      const first = await closedLoop(senders, [RECIPIENT], pool, half);
      rss.half = memoryOf(parentPid);
      const second = await closedLoop(senders, [RECIPIENT], pool, count - half);
      rss.full = memoryOf(parentPid);
      bn.closeClients();
      const queueMs = second.acceptedAtMs - first.startedAtMs;
      const link = (await bn.status('province')).links.find((l) => l.peerCode === '000.00.24.H44');
      const queued = link?.outboxDepth ?? Number.NaN;
      if (queued !== count) throw new Error(`expected ${count} entries queued for the district, the province reports ${queued}`);

      ctx.log('backlog: starting the district node, draining');
      const spawnAt = Date.now();
      const startupMs = await bn.start('district');
      const listeningAt = spawnAt + startupMs;
      const lastAt = await waitInboxSeq(bn, count, Math.max(120_000, count * 5));
      rss.drained = memoryOf(parentPid);
      const drainMs = lastAt - listeningAt;
      const drainPerSec = perSecond(count, drainMs);
      const growthMB = rss.full!.rssMB - rss.half!.rssMB;
      const queueCeiling = acceptCeiling(ctx.ceilings);
      const drainCeiling = linkCeiling(ctx.ceilings);
      const measurements: Measurement[] = [
        {
          id: 'backlog.queue', label: `backlog: ${count.toLocaleString('en')} documents queued at the parent (child offline, ${nSenders} senders)`,
          value: perSecond(count, queueMs), unit: 'docs/s', ...(queueCeiling ? { ceiling: queueCeiling } : {}),
        },
        {
          id: 'backlog.drain', label: `backlog: drain of ${count.toLocaleString('en')} documents once the child listens`,
          value: drainPerSec, unit: 'docs/s', note: `(${round(drainMs / 1000)} s)`,
          target: { op: '>=', value: DRAIN_TARGET }, ...(drainCeiling ? { ceiling: drainCeiling } : {}),
        },
        {
          id: 'backlog.rss-growth', label: 'backlog: parent RSS growth over the second half of the backlog',
          value: growthMB, unit: 'MB',
          note: `(RSS before ${round(rss.before!.rssMB)} → half ${round(rss.half!.rssMB)} → full ${round(rss.full!.rssMB)} → drained ${round(rss.drained.rssMB)} MB)`,
          target: { op: '<', value: RSS_GROWTH_LIMIT_MB },
        },
      ];
      return {
        measurements,
        details: { count, senders: nSenders, queueMs, queuedAtParent: queued, childStartupMs: startupMs, drainMs, drainPerSec, rss },
      };
    });
  },
};
