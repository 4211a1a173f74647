/**
 * Pure health evaluation for `lienthong check`: a link down too long, a backlog too old, a
 * certificate about to expire. Returns problems in an operator's words; none means healthy.
 */

export interface HealthInput {
  nowMs: number;
  draining: boolean;
  links: { peerCode: string; role: string; state: string; sinceMs: number; oldestMs: number; outboxDepth: number }[];
  certificateNotAfterMs: number;
}

export interface HealthThresholds {
  linkDownAfterMs: number;
  backlogAgeMs: number;
  certificateWarningMs: number;
}

export function evaluateHealth(s: HealthInput, t: HealthThresholds): string[] {
  const problems: string[] = [];
  if (s.draining) problems.push('node is shutting down');
  for (const l of s.links) {
    const down = s.nowMs - l.sinceMs;
    if (l.state !== 'up' && down > t.linkDownAfterMs) {
      problems.push(`link to ${l.role} ${l.peerCode} has been ${l.state} for ${Math.round(down / 1000)}s (limit ${Math.round(t.linkDownAfterMs / 1000)}s)`);
    }
    if (l.oldestMs && s.nowMs - l.oldestMs > t.backlogAgeMs) {
      problems.push(`oldest of ${l.outboxDepth} outbox entries for ${l.peerCode} is ${Math.round((s.nowMs - l.oldestMs) / 1000)}s old (limit ${Math.round(t.backlogAgeMs / 1000)}s)`);
    }
  }
  const left = s.certificateNotAfterMs - s.nowMs;
  if (left <= 0) problems.push('node certificate has expired: issue a new one with `lienthong pki issue`');
  else if (left < t.certificateWarningMs) {
    problems.push(`node certificate expires in ${Math.ceil(left / 86_400_000)} day(s): issue a new one with \`lienthong pki issue\``);
  }
  return problems;
}
