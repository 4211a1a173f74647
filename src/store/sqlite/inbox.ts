/** Inbox verbs: paging an agency's delivered messages and taking its acknowledgements. */
import type { AgencyCode, InboxItem } from '../../domain/types.js';
import type { AcceptItem } from '../store.js';
import { acceptItems } from './accept.js';
import type { InboxRow } from './rows.js';
import { parseTrace, toMessage } from './rows.js';
import { releaseBodyIfDone } from './body-release.js';
import { firstRows } from './first-rows.js';
import type { Statements } from './statements.js';

function toItem(row: InboxRow): InboxItem {
  return {
    seq: row.seq,
    agency: row.agency,
    message: toMessage(row.envelope, row.body),
    trace: parseTrace(row.trace),
    deliveredAtMs: row.delivered_at,
    acknowledged: row.state === 'acknowledged',
  };
}

export function inbox(
  s: Statements,
  agency: AgencyCode,
  afterSeq: number,
  limit: number,
  includeAcknowledged: boolean,
): InboxItem[] {
  if (limit <= 0) return [];
  const stmt = includeAcknowledged ? s.inboxAll : s.inboxPending;
  return firstRows(stmt, limit, agency, afterSeq).map(toItem);
}

/**
 * Runs inside a write transaction. Returns the ids newly acknowledged, in the order given. Each
 * document's body is released before anything is added (its audit entry, its status 01): the pages
 * it frees are reused at once, so a store at its limit (limits.maxStoreBytes) still takes the
 * acknowledgements that make room in it.
 */
export function acknowledge(
  s: Statements,
  agency: AgencyCode,
  messageIds: readonly string[],
  nowMs: number,
  followUp: (item: InboxItem) => AcceptItem[],
): string[] {
  const done: string[] = [];
  for (const id of messageIds) {
    const acked = s.ackInbox.get(nowMs, agency, id);
    if (acked === undefined) continue;
    s.setRecipient.run('acknowledged', '', nowMs, id, agency);
    done.push(id);
    const { kind, sender, ref } = s.audit.messageFacts(id);
    const m = s.message.get(id);
    releaseBodyIfDone(s, id, nowMs);
    s.audit.append(nowMs, { event: 'acknowledged', messageId: id, kind, sender, recipients: [agency], peer: agency, code: '', reason: '', ref });
    if (m === undefined) continue;
    const items = followUp({
      seq: acked.seq,
      agency,
      message: toMessage(m.envelope, m.body),
      trace: parseTrace(m.trace),
      deliveredAtMs: acked.delivered_at,
      acknowledged: true,
    });
    if (items.length > 0) acceptItems(s, items);
  }
  return done;
}
