/**
 * The chaos run's result: figures a person reads (sent, delivered, lost, duplicated, delays, faults,
 * statuses) and the problems found, each precise enough to go and look (document id, recipient,
 * node, log folder).
 */

export interface ChaosReport {
  ok: boolean;
  seed: number;
  nodes: number;
  links: number;
  documentsPlanned: number;
  /** Documents accepted by their sender's node. */
  sent: number;
  sendRetries: number;
  /** Documents never accepted (with the reason in `problems`). */
  sendFailed: number;
  deliveriesExpected: number;
  delivered: number;
  lost: number;
  duplicated: number;
  corrupted: number;
  unexpected: number;
  delayMs: { p50: number; p99: number; max: number };
  kills: number;
  restarts: number;
  cuts: number;
  stalls: number;
  faultsSkipped: number;
  statusesExpected: number;
  statusesBack: number;
  statusesMissing: number;
  statusesDuplicated: number;
  nonDelivery: number;
  acknowledged: number;
  /** Nodes whose outbox still held something at the end. */
  outboxesNotEmpty: number;
  /** Nodes that did not exit 0 on SIGTERM. */
  badExits: number;
  adminTimeouts: number;
  timingsMs: { setup: number; faults: number; settle: number; verify: number; total: number };
  /** Everything that makes the run fail, one line each. */
  problems: string[];
  workDir: string;
  kept: boolean;
}

/** Nearest-rank percentile of an ascending list (0 when empty). */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return 0;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1]!;
}

export function delaySummary(delays: number[]): ChaosReport['delayMs'] {
  const s = [...delays].sort((a, b) => a - b);
  return { p50: percentile(s, 50), p99: percentile(s, 99), max: s[s.length - 1] ?? 0 };
}

const row = (label: string, value: string | number) => `  ${label.padEnd(40)} ${value}`;
const secs = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

export function formatReport(r: ChaosReport): string {
  const lines = [
    `lienthong chaos run, seed ${r.seed}: ${r.ok ? 'PASSED' : 'FAILED'}`,
    row('nodes / links (proxied)', `${r.nodes} / ${r.links}`),
    row('documents sent', `${r.sent} of ${r.documentsPlanned} (${r.sendRetries} Send retries${r.sendFailed ? `, ${r.sendFailed} never accepted` : ''})`),
    row('recipient-deliveries expected', r.deliveriesExpected),
    row('delivered', r.delivered),
    row('lost', r.lost),
    row('duplicated', r.duplicated),
    row('corrupted (sha256 differs)', r.corrupted),
    row('unexpected (not sent / not addressed)', r.unexpected),
    row('delay p50 / p99 / max', `${r.delayMs.p50} / ${r.delayMs.p99} / ${r.delayMs.max} ms`),
    row('kills / restarts', `${r.kills} / ${r.restarts}`),
    row('cuts / stalls', `${r.cuts} / ${r.stalls}${r.faultsSkipped ? ` (${r.faultsSkipped} planned faults skipped)` : ''}`),
    row('statuses 01 back', `${r.statusesBack} of ${r.statusesExpected} (missing ${r.statusesMissing}, duplicated ${r.statusesDuplicated})`),
    row('non-delivery reports', r.nonDelivery),
    row('documents acknowledged', r.acknowledged),
    row('outboxes not empty at the end', r.outboxesNotEmpty),
    row('nodes not exiting 0 on SIGTERM', r.badExits),
    row('admin calls timed out', r.adminTimeouts),
    row('time: setup / faults / settle / verify', `${secs(r.timingsMs.setup)} / ${secs(r.timingsMs.faults)} / ${secs(r.timingsMs.settle)} / ${secs(r.timingsMs.verify)} (total ${secs(r.timingsMs.total)})`),
  ];
  if (r.problems.length) {
    lines.push('', `problems (${r.problems.length}):`);
    const shown = r.problems.slice(0, 60);
    for (const p of shown) lines.push(`  - ${p}`);
    if (r.problems.length > shown.length) lines.push(`  ... and ${r.problems.length - shown.length} more`);
  }
  if (r.kept) lines.push('', `work dir kept: ${r.workDir} (node logs: ${r.workDir}/<node>/node.log, faults: ${r.workDir}/faults.log)`);
  return lines.join('\n');
}
