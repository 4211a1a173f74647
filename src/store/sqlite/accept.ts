/**
 * Taking messages in: runs inside a write transaction. Stores each message once, records each new
 * recipient, and applies its routing decision (inbox item, outbox entry per next hop, or failed).
 */
import { bornState } from '../../domain/outbox-machine.js';
import type { AgencyCode, OutboxEntry, RouteDecision, Transfer } from '../../domain/types.js';
import type { AcceptItem, AcceptResult } from '../store.js';
import { documentKeyOf } from '../../edxml/edxml-message.js';
import { envelopeJson, joinRecipients } from './rows.js';
import type { Statements } from './statements.js';

export interface AcceptTally {
  accepted: number;
  duplicates: number;
  delivered: number;
}

function storeMessage(s: Statements, item: AcceptItem): void {
  const m = item.message;
  const refId = m.kind === 'status' && m.status !== undefined ? m.status.refMessageId : null;
  s.insertMessage.run(
    m.id,
    m.kind,
    m.from,
    m.priority,
    m.createdAtMs,
    item.expiresAtMs ?? m.expiresAtMs,
    refId,
    item.receivedFrom,
    item.nowMs,
    envelopeJson(m),
    JSON.stringify(item.trace),
    m.body,
  );
}

function acceptItem(s: Statements, item: AcceptItem, tally: AcceptTally): AcceptResult {
  const { message, nowMs } = item;
  const id = message.id;
  const newRecipients: AgencyCode[] = [];
  const applied: RouteDecision[] = [];
  const leased: Transfer[] = [];
  let byHop: Map<string, AgencyCode[]> | undefined;

  for (const route of item.routes) {
    let state: string;
    let nextHop = '';
    let detail = '';
    if (route.kind === 'local') state = 'inbox';
    else if (route.kind === 'forward') {
      state = 'queued';
      nextHop = route.nextHop;
    } else {
      state = 'failed';
      detail = route.reason;
    }
    if (s.insertRecipient.run(id, route.recipient, state, nextHop, detail, nowMs).changes === 0) continue;
    if (newRecipients.length === 0) {
      storeMessage(s, item);
      // The row may exist from an earlier copy whose body was released after delivery: this copy's
      // new recipients need it again.
      if (message.body.length > 0) s.restoreBody.run(message.body, id);
      for (const a of message.attachments) s.keepAttachment.run(id, a.sha256);
      // Status packages name documents only where an agency sent or received them: a relay keeps no key.
      const here = item.receivedFrom === message.from || item.receivedFrom === 'local' || item.routes.some((r) => r.kind === 'local');
      const documentKey = here ? documentKeyOf(message) : '';
      if (documentKey) s.insertEdxmlDocument.run(documentKey, id);
    }
    newRecipients.push(route.recipient);
    applied.push(route);
    if (route.kind === 'local') {
      if (s.insertInbox.run(route.recipient, id, nowMs).changes > 0) tally.delivered++;
    } else if (route.kind === 'forward') {
      byHop ??= new Map();
      const group = byHop.get(nextHop);
      if (group === undefined) byHop.set(nextHop, [route.recipient]);
      else group.push(route.recipient);
    }
  }

  if (byHop !== undefined) {
    for (const [hop, recipients] of byHop) {
      const now = item.sendNow?.has(hop) === true;
      const born = bornState(now);
      const expiresAtMs = item.expiresAtMs ?? message.expiresAtMs;
      const size = message.body.length;
      const { lastInsertRowid } = s.insertEntry.run(
        id, hop, joinRecipients(recipients), message.priority, born.state, born.attempts, nowMs, nowMs, expiresAtMs, message.from, size,
      );
      if (!now) continue;
      const entry: OutboxEntry = {
        id: Number(lastInsertRowid), messageId: id, nextHop: hop, recipients, priority: message.priority, state: born.state,
        attempts: born.attempts, nextAttemptAtMs: nowMs, lastError: '', createdAtMs: nowMs, expiresAtMs, sender: message.from, size,
      };
      leased.push({ entry, message, trace: item.trace });
    }
  }

  if (newRecipients.length > 0) auditAccepted(s, item, newRecipients, applied);

  const duplicate = newRecipients.length === 0;
  if (duplicate) tally.duplicates++;
  else tally.accepted++;
  return { messageId: id, duplicate, newRecipients, applied, leased };
}

/** The audit entries of one accepted copy: taken in (or created here), delivered, undeliverable. */
function auditAccepted(s: Statements, item: AcceptItem, newRecipients: AgencyCode[], applied: RouteDecision[]): void {
  const { message: m, nowMs } = item;
  const local = item.receivedFrom === 'local';
  const st = m.kind === 'status' ? m.status : undefined;
  const base = { messageId: m.id, kind: m.kind, sender: m.from, ref: st?.refMessageId ?? '' };
  s.audit.append(nowMs, {
    ...base, event: local ? 'created' : 'accepted', recipients: newRecipients, peer: local ? '' : item.receivedFrom,
    code: st?.code ?? '', reason: st?.reason ?? '',
  });
  const delivered = applied.filter((d) => d.kind === 'local').map((d) => d.recipient);
  if (delivered.length > 0) {
    s.audit.append(nowMs, { ...base, event: 'delivered', recipients: delivered, peer: '', code: '', reason: '' });
  }
  for (const d of applied) {
    if (d.kind !== 'undeliverable') continue;
    s.audit.append(nowMs, { ...base, event: 'undeliverable', recipients: [d.recipient], peer: '', code: d.errorCode, reason: d.reason });
  }
}

/** Accepts every item and adds the counters it moved. Call inside a write transaction. */
export function acceptItems(s: Statements, items: readonly AcceptItem[]): AcceptResult[] {
  const tally: AcceptTally = { accepted: 0, duplicates: 0, delivered: 0 };
  const results = items.map((item) => acceptItem(s, item, tally));
  if (tally.accepted > 0) s.bump.run(tally.accepted, 'accepted');
  if (tally.duplicates > 0) s.bump.run(tally.duplicates, 'duplicates');
  if (tally.delivered > 0) s.bump.run(tally.delivered, 'delivered');
  return results;
}
