/**
 * One chaos run, start to end: build the network (processes + proxies), send the planned documents
 * while the planned faults play, stop the faults, let the network settle, verify, stop every node
 * with SIGTERM. `runChaos` is what `npm run chaos` and the short test both call.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TraceResponse__Output } from '../../src/gen/lienthong/v1/TraceResponse.js';
import { describeError, sleep } from './chaos-admin.js';
import { FaultInjector, planFaults } from './chaos-faults.js';
import { Rng } from './chaos-random.js';
import { delaySummary, type ChaosReport } from './chaos-report.js';
import { buildChaosNetwork, type ChaosNetwork } from './chaos-topology.js';
import {
  acknowledgeAll,
  checkDeliveries,
  checkOutboxes,
  checkStatuses,
  readAllInboxes,
  stopAll,
  waitComplete,
  waitQuiet,
  type DeliveryCheck,
  type ScannedItem,
} from './chaos-verify.js';
import { planDocuments, runWorkload, type SentDoc } from './chaos-workload.js';

export interface ChaosOptions {
  seed: number;
  documents: number;
  /** Length of the fault phase; documents are spread over it. */
  durationS: number;
  /** Average faults (kill, cut or stall) per node per minute. */
  nodesFaultsRate: number;
  /** Keep the work dir even when the run passes (it is always kept when it fails). */
  keep: boolean;
  /** Sends in flight at most (the machine may have 2 cores). */
  concurrency?: number;
  /** Log level of the nodes. */
  logLevel?: string;
  /** How long the network may take to deliver everything once the faults stop. */
  settleTimeoutS?: number;
  /** Progress lines (default: none). */
  log?: (line: string) => void;
}

const LIST_AT_MOST = 20;

export async function runChaos(o: ChaosOptions): Promise<ChaosReport> {
  const say = o.log ?? (() => undefined);
  const t0 = Date.now();
  const dir = mkdtempSync(join(tmpdir(), `lienthong-chaos-${o.seed}-`));
  const durationMs = Math.round(o.durationS * 1000);
  const settleMs = (o.settleTimeoutS ?? 180) * 1000;
  const problems: string[] = [];
  const timings = { setup: 0, faults: 0, settle: 0, verify: 0, total: 0 };
  let network: ChaosNetwork | undefined;
  // Whatever happens to the harness (Ctrl-C, a crash), no node outlives it.
  const onExit = () => {
    network?.killAllSync();
    if (!o.keep) rmSync(dir, { recursive: true, force: true, maxRetries: 5 });
  };
  process.on('exit', onExit);

  const report: ChaosReport = {
    ok: false, seed: o.seed, nodes: 0, links: 0, documentsPlanned: o.documents, sent: 0, sendRetries: 0, sendFailed: 0,
    deliveriesExpected: 0, delivered: 0, lost: 0, duplicated: 0, corrupted: 0, unexpected: 0,
    delayMs: { p50: 0, p99: 0, max: 0 }, kills: 0, restarts: 0, cuts: 0, stalls: 0, faultsSkipped: 0,
    statusesExpected: 0, statusesBack: 0, statusesMissing: 0, statusesDuplicated: 0, nonDelivery: 0, acknowledged: 0,
    outboxesNotEmpty: 0, badExits: 0, adminTimeouts: 0, timingsMs: timings, problems, workDir: dir, kept: false,
  };
  let injector: FaultInjector | undefined;

  try {
    say(`work dir ${dir}`);
    network = await buildChaosNetwork(dir, { logLevel: o.logLevel ?? 'info' });
    const n = network;
    report.nodes = n.procs.size;
    report.links = n.proxies.size;
    say(`starting ${n.procs.size} nodes, ${n.proxies.size} proxied links`);
    await n.startAll();
    timings.setup = Date.now() - t0;

    const rng = new Rng(o.seed);
    const plans = planDocuments(rng.fork('workload'), n.agencies, o.documents);
    const events = planFaults(rng.fork('faults'), {
      nodes: [...n.procs.keys()], links: [...n.proxies.keys()], durationMs, ratePerNodePerMinute: o.nodesFaultsRate,
    });
    say(`sending ${plans.length} documents over ${o.durationS} s with ${events.length} planned faults`);
    const tFaults = Date.now();
    injector = new FaultInjector(n, events);
    injector.run();
    const [workload] = await Promise.all([
      runWorkload({
        plans, admin: n.admin, concurrency: Math.min(8, o.concurrency ?? 6), spreadMs: durationMs * 0.9,
        deadline: Date.now() + durationMs + settleMs,
        onProgress: (done, total) => say(`  ${done}/${total} documents accepted`),
      }),
      sleep(durationMs),
    ]);
    await injector.stop();
    timings.faults = Date.now() - tFaults;
    Object.assign(report, {
      kills: injector.counts.kills, restarts: injector.counts.restarts, cuts: injector.counts.cuts,
      stalls: injector.counts.stalls, faultsSkipped: injector.counts.skipped,
    });
    problems.push(...injector.problems);
    const sent = workload.sent;
    report.sent = sent.size;
    report.sendRetries = workload.retries;
    report.sendFailed = workload.failed.length;
    for (const f of workload.failed.slice(0, LIST_AT_MOST)) problems.push(`document #${f.plan.index} (${f.plan.id}) from ${f.plan.from} never accepted by ${f.plan.node}: ${f.error}`);
    problems.push(...workload.anomalies);
    report.deliveriesExpected = [...sent.values()].reduce((s, d) => s + d.plan.to.length, 0);
    say(`faults over (${report.kills} kills, ${report.restarts} restarts, ${report.cuts} cuts, ${report.stalls} stalls); ${sent.size} documents accepted, waiting for ${report.deliveriesExpected} deliveries`);

    // Settle: everything delivered, or nothing moving any more.
    const tSettle = Date.now();
    await waitComplete(n, report.deliveriesExpected, async () => deliveredPairs(sent, await readAllInboxes(n, false)), settleMs);
    const quiet = await waitQuiet(n, 60_000);
    if (!quiet.quiet) problems.push(`network not quiet ${Math.round((Date.now() - tSettle) / 1000)} s after the faults: ${describeSnapshot(quiet.last)}`);
    timings.settle = Date.now() - tSettle;

    // Verify deliveries byte for byte, then acknowledge and follow the statuses back.
    const tVerify = Date.now();
    const items = await readAllInboxes(n, true);
    const d = checkDeliveries(sent, items);
    Object.assign(report, {
      delivered: d.delivered, lost: d.lost.length, duplicated: d.duplicated.length, corrupted: d.corrupted.length,
      unexpected: d.unexpected.length, delayMs: delaySummary(d.delaysMs),
    });
    problems.push(...(await describeDeliveryProblems(n, sent, d)));
    say(`${d.delivered}/${d.expected} delivered; acknowledging`);

    const ack = await acknowledgeAll(n, items);
    report.acknowledged = ack.acknowledged;
    if (ack.notInInbox) problems.push(`${ack.notInInbox} acknowledged documents were not in the inbox`);
    await waitComplete(n, d.delivered, async () => checkStatuses(sent, await readAllInboxes(n, false)).back, settleMs);
    const s = checkStatuses(sent, await readAllInboxes(n, false));
    // A status can only come back for a delivered document; lost ones are reported above.
    const lostPairs = new Set(d.lost.map((l) => `${l.id} ${l.recipient}`));
    const missing = s.missing.filter((m) => !lostPairs.has(`${m.id} ${m.recipient}`));
    Object.assign(report, {
      statusesExpected: d.delivered, statusesBack: s.back, statusesMissing: missing.length,
      statusesDuplicated: s.duplicated.length, nonDelivery: s.nonDelivery.length,
    });
    for (const m of missing.slice(0, LIST_AT_MOST)) problems.push(`status 01 missing: document ${m.id} at ${m.recipient}, sender ${m.sender}`);
    for (const x of s.duplicated.slice(0, LIST_AT_MOST)) problems.push(`status 01 duplicated: document ${x.id} at ${x.recipient}: ${x.copies} copies`);
    for (const x of s.nonDelivery.slice(0, LIST_AT_MOST)) problems.push(`non-delivery report: document ${x.ref} to ${x.recipient}: ${x.errorCode} at ${x.node}: ${x.reason}`);

    const quietAgain = await waitQuiet(n, 60_000);
    if (!quietAgain.quiet) problems.push(`network not quiet after the statuses: ${describeSnapshot(quietAgain.last)}`);
    const left = await checkOutboxes(n);
    report.outboxesNotEmpty = left.length;
    for (const l of left) problems.push(`outbox of ${l.node} not empty: ${l.outboxTotal} queued/in flight${l.entries.length ? `; ${l.entries.slice(0, 5).join('; ')}` : ''}`);
    timings.verify = Date.now() - tVerify;

    report.adminTimeouts = n.admin.timeouts;
    for (const t of n.admin.timeoutLog.slice(0, LIST_AT_MOST)) problems.push(`admin call timed out: ${t}`);
    const bad = await stopAll(n);
    report.badExits = bad.length;
    for (const b of bad) problems.push(`node ${b.node} exited with ${b.code} on SIGTERM (log: ${n.logOf(b.node)})`);
  } catch (err) {
    problems.push(`harness stopped: ${describeError(err)}${err instanceof Error && err.stack ? `\n${err.stack}` : ''}`);
  } finally {
    if (injector) writeFileSync(join(dir, 'faults.log'), injector.log.join('\n') + '\n');
    injector?.cancel();
    await network?.close();
    process.off('exit', onExit);
  }

  report.ok = problems.length === 0 && report.sent === o.documents && report.lost === 0 && report.duplicated === 0
    && report.corrupted === 0 && report.statusesMissing === 0 && report.statusesDuplicated === 0;
  if (!report.ok && problems.length === 0) problems.push('figures do not add up (see above)');
  report.kept = o.keep || !report.ok;
  if (!report.kept) rmSync(dir, { recursive: true, force: true, maxRetries: 3 });
  timings.total = Date.now() - t0;
  return report;
}

/** Distinct (document, recipient) pairs of sent documents found in inboxes (cheap progress count). */
function deliveredPairs(sent: Map<string, SentDoc>, items: ScannedItem[]): number {
  const seen = new Set<string>();
  for (const i of items) {
    if (i.kind === 'document' && sent.get(i.id)?.plan.to.includes(i.agency)) seen.add(`${i.id} ${i.agency}`);
  }
  return seen.size;
}

function describeSnapshot(last: unknown): string {
  if (typeof last === 'string') return last;
  const busy = (last as { node: string; outboxTotal: number; linksDown: string[]; inflight: number }[])
    .filter((x) => x.outboxTotal || x.linksDown.length || x.inflight);
  return busy.map((x) => `${x.node}: outbox ${x.outboxTotal}, in flight ${x.inflight}${x.linksDown.length ? `, links down ${x.linksDown.join(', ')}` : ''}`).join('; ');
}

/** One line per lost, duplicated, corrupted or unexpected copy; lost ones with the sender's trace. */
async function describeDeliveryProblems(n: ChaosNetwork, sent: Map<string, SentDoc>, d: DeliveryCheck): Promise<string[]> {
  const out: string[] = [];
  const nodeOf = new Map(n.agencies.map((a) => [a.code, a.node]));
  for (const l of d.lost.slice(0, LIST_AT_MOST)) {
    let where = '';
    try {
      const t = await n.admin.call<TraceResponse__Output>(l.node, 'Trace', { messageId: l.id }, 10_000);
      where = `; at the sender's node: ${t.recipients.map((r) => `${r.recipient} ${r.state}${r.nextHop ? ` via ${r.nextHop}` : ''}${r.detail ? ` (${r.detail})` : ''}`).join(', ')}`;
    } catch (err) {
      where = `; trace at ${l.node} failed: ${describeError(err)}`;
    }
    const doc = sent.get(l.id)!;
    out.push(`lost: document #${l.index} ${l.id} (${doc.plan.size} B, priority ${doc.plan.priority}) from ${l.from} on ${l.node} to ${l.recipient} on ${nodeOf.get(l.recipient)}${where}`);
  }
  if (d.lost.length > LIST_AT_MOST) out.push(`... ${d.lost.length - LIST_AT_MOST} more lost`);
  for (const x of d.duplicated.slice(0, LIST_AT_MOST)) out.push(`duplicated: document ${x.id} at ${x.recipient}: ${x.copies} copies`);
  for (const x of d.corrupted.slice(0, LIST_AT_MOST)) out.push(`corrupted: document ${x.id} at ${x.recipient}: sha256 ${x.got}, sent ${x.want}`);
  for (const x of d.unexpected.slice(0, LIST_AT_MOST)) out.push(`unexpected: document ${x.id} in the inbox of ${x.agency} (not sent to it)`);
  return out;
}
