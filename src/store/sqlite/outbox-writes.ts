/**
 * Outbox verbs: each runs inside a write transaction. Which entries a verb may touch comes from the
 * outbox state machine (in the SQL of `statements.ts`, or checked here with `canApply`).
 */
import { bodyReleased } from '../../domain/envelope.js';
import { canApply, TRANSITIONS } from '../../domain/outbox-machine.js';
import { moves, rerouteSplit } from '../../domain/reroute.js';
import type { AgencyCode, OutboxEntry, OutboxState, RouteDecision, Transfer } from '../../domain/types.js';
import type { FollowUp, RerouteResult } from '../store.js';
import { acceptItems } from './accept.js';
import { releaseBodyIfDone } from './body-release.js';
import { firstRows } from './first-rows.js';
import type { OutboxRow } from './rows.js';
import { joinRecipients, parseTrace, splitRecipients, toEntry, toMessage } from './rows.js';
import type { Statements } from './statements.js';

function setRecipients(s: Statements, row: OutboxRow, state: string, detail: string, nowMs: number): void {
  for (const r of splitRecipients(row.recipients)) s.setRecipient.run(state, detail, nowMs, row.message_id, r);
}

type OutboxEvent = 'forwarded' | 'failed' | 'expired' | 'removed' | 'requeued' | 'delivered';

/** The audit entry of what happened to one outbox entry (the copy for its recipients). */
function auditEntry(s: Statements, row: OutboxRow, event: OutboxEvent, code: string, reason: string, nowMs: number): void {
  const { kind, ref } = s.audit.messageFacts(row.message_id);
  s.audit.append(nowMs, {
    event, messageId: row.message_id, kind, sender: row.sender, recipients: splitRecipients(row.recipients),
    peer: row.next_hop, code, reason, ref,
  });
}

function isoTime(ms: number): string {
  return Number.isFinite(ms) ? new Date(ms).toISOString() : String(ms);
}

/** How many of the due entries fit in `maxBytes` of bodies (always at least one). */
function countWithin(s: Statements, nextHop: string, nowMs: number, limit: number, maxBytes: number): number {
  if (!Number.isFinite(maxBytes)) return limit;
  let n = 0;
  let bytes = 0;
  for (const { size } of firstRows(s.dueSizes, limit, nextHop, nowMs)) {
    if (n > 0 && bytes + size > maxBytes) break;
    bytes += size;
    n++;
  }
  return n;
}

export function leaseDue(s: Statements, nextHop: string, nowMs: number, limit: number, maxBytes = Infinity): Transfer[] {
  if (limit <= 0) return [];
  const out: Transfer[] = [];
  let quarantined = 0;
  const count = countWithin(s, nextHop, nowMs, limit, maxBytes);
  if (count === 0) return out;
  for (const row of firstRows(s.due, count, nextHop, nowMs)) {
    let transfer: Transfer;
    try {
      if (row.envelope === null || row.trace === null || row.body === null) {
        throw new Error(`message ${row.message_id} is missing from the store`);
      }
      const message = toMessage(row.envelope, row.body);
      if (bodyReleased(message)) {
        throw new Error(`message ${row.message_id} has lost its body (released after delivery)`);
      }
      const trace = parseTrace(row.trace);
      transfer = { entry: toEntry(row), message, trace };
    } catch (err) {
      // A corrupt entry must not wedge its queue: park it as failed for the operator to inspect.
      const reason = `quarantined: ${err instanceof Error ? err.message : String(err)}`;
      s.setEntryState.run(TRANSITIONS.permanentFailure.to, reason, row.id);
      setRecipients(s, row, 'failed', reason, nowMs);
      auditEntry(s, row, 'failed', '', reason, nowMs);
      quarantined++;
      continue;
    }
    s.lease.run(row.id);
    transfer.entry.state = TRANSITIONS.lease.to as OutboxState;
    transfer.entry.attempts++;
    out.push(transfer);
  }
  if (quarantined > 0) s.bump.run(quarantined, 'failed');
  return out;
}

export function markDelivered(s: Statements, ids: readonly number[], nowMs: number): void {
  let forwarded = 0;
  for (const id of ids) {
    const row = s.entry.get(id);
    if (row === undefined || !canApply(row.state as OutboxState, 'ack')) continue;
    s.deleteEntry.run(id);
    setRecipients(s, row, 'forwarded', '', nowMs);
    auditEntry(s, row, 'forwarded', '', '', nowMs);
    releaseBodyIfDone(s, row.message_id, nowMs);
    forwarded++;
  }
  if (forwarded > 0) s.bump.run(forwarded, 'forwarded');
}

/**
 * Back to queued. The error is also the detail of the entry's recipients that are still queued, so
 * `trace` says why a copy waits (a peer's refusal, a closed link); when they changed state is kept.
 */
export function reschedule(s: Statements, ids: readonly number[], nextAttemptAtMs: number, error: string): void {
  for (const id of ids) {
    if (s.reschedule.run(nextAttemptAtMs, error, id).changes === 0) continue;
    const row = s.entry.get(id);
    if (row === undefined) continue;
    const mine = new Set(splitRecipients(row.recipients));
    for (const r of s.recipients.all(row.message_id)) {
      if (mine.has(r.recipient) && r.state === 'queued' && r.detail !== error) s.setRecipientIf.run('queued', error, r.updatedAtMs, row.message_id, r.recipient, 'queued');
    }
  }
}

/** Loads the message of `row` and accepts what `followUp` builds from it. */
function followUpFor(s: Statements, row: OutboxRow, followUp: FollowUp): void {
  const m = s.message.get(row.message_id);
  if (m === undefined) return;
  const items = followUp(toEntry(row), toMessage(m.envelope, m.body));
  if (items.length > 0) acceptItems(s, items);
}

export function fail(
  s: Statements,
  ids: readonly number[],
  errorCode: string,
  reason: string,
  nowMs: number,
  followUp: FollowUp,
): void {
  const lastError = errorCode === '' ? reason : `${errorCode}: ${reason}`;
  const state = TRANSITIONS.permanentFailure.to as OutboxState;
  let failed = 0;
  for (const id of ids) {
    const row = s.entry.get(id);
    if (row === undefined || !canApply(row.state as OutboxState, 'permanentFailure')) continue;
    s.setEntryState.run(state, lastError, id);
    setRecipients(s, row, 'failed', lastError, nowMs);
    auditEntry(s, row, 'failed', errorCode, reason, nowMs);
    failed++;
    followUpFor(s, { ...row, state, last_error: lastError }, followUp);
  }
  if (failed > 0) s.bump.run(failed, 'failed');
}

export function expireDue(s: Statements, nowMs: number, followUp: FollowUp): OutboxEntry[] {
  const state = TRANSITIONS.expire.to as OutboxState;
  const expired: OutboxEntry[] = [];
  for (const found of s.expiring.all(nowMs)) {
    const row: OutboxRow = { ...found, state };
    s.setEntryState.run(state, row.last_error, row.id);
    const last = row.last_error === '' ? '' : `; last error: ${row.last_error}`;
    const detail = `not delivered to ${row.next_hop} before it expired at ${isoTime(row.expires_at)}${last}`;
    setRecipients(s, row, 'expired', detail, nowMs);
    auditEntry(s, row, 'expired', 'EXPIRED', detail, nowMs);
    followUpFor(s, row, followUp);
    expired.push(toEntry(row));
  }
  if (expired.length > 0) s.bump.run(expired.length, 'expired');
  return expired;
}

export function recoverInflight(s: Statements, nowMs: number): number {
  return s.recover.run(nowMs).changes;
}

export function hold(s: Statements, ids: readonly number[]): number {
  let n = 0;
  for (const id of ids) n += s.hold.run(id).changes;
  return n;
}

export function release(s: Statements, ids: readonly number[]): number {
  let n = 0;
  for (const id of ids) n += s.release.run(id).changes;
  return n;
}

/** Back to queued and due now; recipients that had failed or expired are queued again. */
export function requeue(s: Statements, ids: readonly number[], nowMs: number, extendMs: number): number {
  let n = 0;
  for (const id of ids) {
    const row = s.entry.get(id);
    if (row === undefined || !canApply(row.state as OutboxState, 'requeue')) continue;
    n += s.requeue.run(nowMs, nowMs + extendMs, id).changes;
    if (row.state === 'failed' || row.state === 'expired') {
      auditEntry(s, row, 'requeued', '', `requeued by the operator after it ${row.state === 'failed' ? 'failed' : 'expired'}`, nowMs);
    }
    for (const r of splitRecipients(row.recipients)) {
      s.setRecipientIf.run('queued', '', nowMs, row.message_id, r, 'failed');
      s.setRecipientIf.run('queued', '', nowMs, row.message_id, r, 'expired');
    }
  }
  return n;
}

export function flush(s: Statements, ids: readonly number[], nowMs: number, nextHop?: string): number {
  if (ids.length === 0) {
    return (nextHop === undefined || nextHop === '' ? s.flushAll.run(nowMs) : s.flushHop.run(nowMs, nextHop))
      .changes;
  }
  let n = 0;
  for (const id of ids) n += s.flushOne.run(nowMs, id).changes;
  return n;
}

/**
 * Operator removal: recipients still waiting on the entry are marked failed, saying why, and for an
 * entry still waiting (queued or held) the follow-up items (a non-delivery report to the sender) are
 * accepted in the same commit; a failed or expired entry had its report when it stopped.
 */
export function remove(s: Statements, ids: readonly number[], nowMs: number, followUp?: FollowUp): number {
  let n = 0;
  for (const id of ids) {
    const row = s.entry.get(id);
    if (row === undefined || !canApply(row.state as OutboxState, 'remove')) continue;
    n += s.deleteEntry.run(id).changes;
    for (const r of splitRecipients(row.recipients)) {
      s.setRecipientIf.run('failed', `removed from the outbox by the operator`, nowMs, row.message_id, r, 'queued');
    }
    auditEntry(s, row, 'removed', '', `removed from the outbox by the operator (it was ${row.state})`, nowMs);
    if (followUp && (row.state === 'queued' || row.state === 'held')) followUpFor(s, row, followUp);
    releaseBodyIfDone(s, row.message_id, nowMs);
  }
  return n;
}

/**
 * Operator reroute (reroute.ts): each entry's recipients are routed again by `route`. Those now
 * behind another next hop get an entry of their own for it, queued and due now; those now attached
 * here go to their inbox (a moved copy of a failed or expired entry gets `extendMs` from now to
 * travel). The others stay on the entry as it was, state and times alike; it is removed when none
 * stays.
 */
export function reroute(s: Statements, ids: readonly number[], route: (recipient: AgencyCode) => RouteDecision, nowMs: number, extendMs: number): RerouteResult {
  const result: RerouteResult = { entries: 0, moved: 0, delivered: [], unroutable: [] };
  for (const id of ids) {
    const row = s.entry.get(id);
    if (row === undefined || !canApply(row.state as OutboxState, 'reroute')) continue;
    const split = rerouteSplit(row.next_hop, splitRecipients(row.recipients), route);
    for (const u of split.unroutable) result.unroutable.push({ id, ...u });
    if (!moves(split)) continue;
    const ended = row.state === 'failed' || row.state === 'expired';
    const expiresAtMs = ended ? Math.max(row.expires_at, nowMs + extendMs) : row.expires_at;
    for (const [hop, recipients] of split.byHop) {
      s.insertEntry.run(row.message_id, hop, joinRecipients(recipients), row.priority, 'queued', 0, nowMs, nowMs, expiresAtMs, row.sender, row.size);
      for (const r of recipients) s.setRecipientRoute.run('queued', hop, nowMs, row.message_id, r);
      auditEntry(s, { ...row, recipients: joinRecipients(recipients) }, 'requeued', '', `rerouted by the operator: from next hop ${row.next_hop} to ${hop}`, nowMs);
      result.moved += recipients.length;
    }
    const delivered = split.local.filter((r) => s.insertInbox.run(r, row.message_id, nowMs).changes > 0);
    for (const r of split.local) s.setRecipientRoute.run('inbox', '', nowMs, row.message_id, r);
    if (delivered.length > 0) {
      auditEntry(s, { ...row, recipients: joinRecipients(delivered), next_hop: '' }, 'delivered', '', `rerouted by the operator from next hop ${row.next_hop}: attached here now`, nowMs);
      s.bump.run(delivered.length, 'delivered');
    }
    result.moved += split.local.length;
    result.delivered.push(...delivered);
    if (split.stay.length > 0) s.rerouteStay.run(joinRecipients(split.stay), id);
    else s.deleteEntry.run(id);
    result.entries++;
  }
  return result;
}
