/**
 * Pure health evaluation for `lienthong check` and the warnings of `lienthong status`: a link down
 * too long or refused for a reason retrying does not fix, a backlog too old, outbox entries for a next hop no longer configured, a peer whose clock differs from this node's, a certificate about to
 * expire (this node's, the CA's, a peer's as seen on its link) or revoked, a stale revocation list.
 * Returns problems in an operator's words; none means healthy. `healthWarnings` returns what needs
 * the operator without putting documents at risk (unread inbox items of a detached agency, a loss
 * of committed entries the operator accepted at this start).
 */

import { isSkewed, offsetPhrase, skewProblem, type ClockOffset } from '../link/clock-skew.js';
import type { AgencyBacklog } from '../store/store.js';
import { strandedInboxProblem, strandedOutboxProblem, UNCONFIGURED_ROLE } from './stranded-work.js';

/** A link as `check` and `status` read it; the clock fields as measured at its last Hello (checked at 0: never). */
export interface HealthLink {
  peerCode: string;
  role: string;
  state: string;
  sinceMs: number;
  oldestMs: number;
  outboxDepth: number;
  clockOffsetMs?: number;
  clockUncertaintyMs?: number;
  clockCheckedAtMs?: number;
  /** The last attempt was refused for a reason retrying does not fix; lastError says which. */
  refused?: boolean;
  lastError?: string;
}

export interface HealthInput {
  nowMs: number;
  draining: boolean;
  links: HealthLink[];
  certificateNotAfterMs: number;
  /** This node's certificate is on the revocation list it enforces. */
  certificateRevoked?: boolean;
  caNotAfterMs?: number;
  /** The revocation list the node enforces (version 0: none). */
  revocations?: { version: number; stale: boolean; nextUpdateMs: number };
  /** Why the store refuses every write until restart (empty or absent: it works). */
  storeFault?: string;
  /** Why new documents are refused for lack of space (empty or absent: there is room). */
  storeFull?: string;
  /** Certificates of agencies the node signs for (signing.agencyKeys), as `status` words them. */
  signingCertificates?: SeenCertificate[];
  /** Agencies no longer attached here that have unacknowledged inbox items here. */
  detachedInboxes?: AgencyBacklog[];
  /** Audit entries the store lost, found at this start and accepted by the operator (empty or absent: none). */
  auditLoss?: string;
}

export interface HealthThresholds {
  linkDownAfterMs: number;
  backlogAgeMs: number;
  certificateWarningMs: number;
}

const DAY_MS = 86_400_000;

/** A certificate as `status` shows it: what it is, when it ends, whether it is revoked. */
export interface SeenCertificate {
  /** "this node's certificate (node 000.00.24.H44)", "the network CA", "child 000.46.24.H44's certificate". */
  what: string;
  notAfterMs: number;
  revoked?: boolean;
  /** What the operator should do about it (revoked or expired). */
  action: string;
  /** What to do while it still works but expires within the warning window (default: `action`). */
  soonAction?: string;
}

function day(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** Warnings for certificates that are revoked, expired or expire within `warnMs`. */
export function certificateWarnings(certs: SeenCertificate[], nowMs: number, warnMs: number): string[] {
  const out: string[] = [];
  for (const c of certs) {
    if (!c.notAfterMs) continue;
    const left = c.notAfterMs - nowMs;
    if (c.revoked) out.push(`${c.what} is revoked: ${c.action}`);
    else if (left <= 0) out.push(`${c.what} expired on ${day(c.notAfterMs)}: ${c.action}`);
    else if (left < warnMs) out.push(`${c.what} expires on ${day(c.notAfterMs)} (in ${Math.ceil(left / DAY_MS)} day(s)): ${c.soonAction ?? c.action}`);
  }
  return out;
}

/** The links whose peer's clock differs from this node's beyond CLOCK_SKEW_LIMIT_MS, as last measured. */
function skewedClocks(links: readonly HealthLink[]): { who: string; offset: ClockOffset }[] {
  return links.flatMap((l) => {
    if (!l.clockCheckedAtMs) return [];
    const offset = { offsetMs: l.clockOffsetMs ?? 0, uncertaintyMs: l.clockUncertaintyMs ?? 0 };
    return isSkewed(offset) ? [{ who: `${l.role} ${l.peerCode}`, offset }] : [];
  });
}

/** One problem per peer whose clock differs from this node's by more than a minute. */
export function clockProblems(links: readonly HealthLink[]): string[] {
  return skewedClocks(links).map((c) => skewProblem(c.who, c.offset));
}

/**
 * Pure: a stale revocation list may be this node's clock running ahead, not the CA running late.
 * When a peer's clock differs, says so, and whether by that clock the list is still current.
 */
export function staleClockHint(nextUpdateMs: number, links: readonly HealthLink[], nowMs: number): string {
  const skewed = skewedClocks(links);
  const behind = skewed.find((c) => c.offset.offsetMs < 0 && nowMs + c.offset.offsetMs < nextUpdateMs);
  if (behind) {
    return `. But ${offsetPhrase(behind.who, behind.offset)}, and by that clock the list is not due until ${day(nextUpdateMs)}: ` +
      'most likely this node\'s clock is ahead; set it right (NTP) rather than publish a new list';
  }
  if (skewed.length > 0) return `. Note that ${offsetPhrase(skewed[0]!.who, skewed[0]!.offset)}: check the clocks (NTP) first`;
  return '';
}

/** A store that refuses every write, in the words `check` and `status` use. */
export function storeFaultProblem(fault: string): string {
  return `store refuses every document until the node restarts: ${fault}`;
}

/** A link refused for a reason retrying does not fix, in the words of `check` and `status`; or null. */
export function refusedLinkProblem(l: HealthLink): string | null {
  if (l.state === 'up' || !l.refused) return null;
  return `link to ${l.role} ${l.peerCode} is refused (retrying does not fix it)${l.lastError ? `: ${l.lastError}` : ''}`;
}

export function evaluateHealth(s: HealthInput, t: HealthThresholds): string[] {
  const problems: string[] = [];
  if (s.draining) problems.push('node is shutting down');
  if (s.storeFault) problems.push(storeFaultProblem(s.storeFault));
  else if (s.storeFull) problems.push(`store refuses new documents: ${s.storeFull}`);
  for (const l of s.links) {
    // A next hop no longer configured: no link, only entries that wait for nothing.
    if (l.role === UNCONFIGURED_ROLE) {
      if (l.outboxDepth > 0) problems.push(strandedOutboxProblem({ nextHop: l.peerCode, entries: l.outboxDepth, oldestMs: l.oldestMs }));
      continue;
    }
    const down = s.nowMs - l.sinceMs;
    // Waiting does not heal a refusal: said at once, not after linkDownAfter (unless this node's own
    // certificate is revoked: said below, once, and every refusal follows from it).
    const refused = s.certificateRevoked ? null : refusedLinkProblem(l);
    if (refused) problems.push(refused);
    else if (l.state !== 'up' && down > t.linkDownAfterMs) {
      problems.push(`link to ${l.role} ${l.peerCode} has been ${l.state} for ${Math.round(down / 1000)}s (limit ${Math.round(t.linkDownAfterMs / 1000)}s)`);
    }
    if (l.oldestMs && s.nowMs - l.oldestMs > t.backlogAgeMs) {
      problems.push(`oldest of ${l.outboxDepth} outbox entries for ${l.peerCode} is ${Math.round((s.nowMs - l.oldestMs) / 1000)}s old (limit ${Math.round(t.backlogAgeMs / 1000)}s)`);
    }
  }
  problems.push(...clockProblems(s.links));
  const left = s.certificateNotAfterMs - s.nowMs;
  if (s.certificateRevoked) problems.push('node certificate is revoked: peers refuse it; issue a new one with `lienthong pki issue`');
  else if (left <= 0) problems.push('node certificate has expired: issue a new one with `lienthong pki issue`');
  else if (left < t.certificateWarningMs) {
    problems.push(`node certificate expires in ${Math.ceil(left / DAY_MS)} day(s): issue a new one with \`lienthong pki issue\``);
  }
  if (s.caNotAfterMs !== undefined) {
    problems.push(...certificateWarnings([{ what: 'the network CA certificate', notAfterMs: s.caNotAfterMs, action: CA_ACTION }], s.nowMs, t.certificateWarningMs));
  }
  problems.push(...certificateWarnings(s.signingCertificates ?? [], s.nowMs, t.certificateWarningMs));
  const r = s.revocations;
  if (r && r.version > 0 && r.stale) {
    problems.push(
      `revocation list version ${r.version} is stale since ${day(r.nextUpdateMs)} (still enforced): publish a new one with \`lienthong pki revoke --renew\` and \`lienthong pki publish\`` +
        staleClockHint(r.nextUpdateMs, s.links, s.nowMs),
    );
  }
  return problems;
}

/**
 * What `check` reports as WARNING rather than CRITICAL: inbox items of an agency no longer attached
 * here are safe in the store, only unread (and nothing expires them), so the node is not failing.
 */
export function healthWarnings(s: Pick<HealthInput, 'detachedInboxes' | 'auditLoss'>): string[] {
  const warnings = (s.detachedInboxes ?? []).filter((b) => b.items > 0).map(strandedInboxProblem);
  if (s.auditLoss) warnings.unshift(auditLossProblem(s.auditLoss));
  return warnings;
}

/**
 * A store that lost committed audit entries, started on anyway by the operator: the harm is done
 * (nothing retrying can fix) and what is left is the operator's to reconcile, so a warning, for
 * as long as this run lasts; `audit verify` goes on reporting it.
 */
export function auditLossProblem(loss: string): string {
  return `store lost audit entries this node had committed: ${loss}`;
}

export const CA_ACTION = 'every certificate stops being trusted then: create the next CA and re-issue certificates before that date';
