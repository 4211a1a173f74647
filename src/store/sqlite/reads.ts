/** Read verbs: synchronous snapshots of what is committed. */
import type Database from 'better-sqlite3';
import type { OutboxEntry, OutboxState, RecipientState, RecipientStateName, StatusReport } from '../../domain/types.js';
import type { CounterName, OutboxDepth, OutboxQuery, StoredMessage } from '../store.js';
import type { OutboxRow } from './rows.js';
import { parseTrace, statusOf, toEntry, toMessage } from './rows.js';
import type { Statements } from './statements.js';

const COUNTERS: readonly CounterName[] = [
  'accepted',
  'forwarded',
  'delivered',
  'expired',
  'failed',
  'refused',
  'duplicates',
  'undeliverable',
];

export function message(s: Statements, id: string): StoredMessage | null {
  const row = s.message.get(id);
  if (row === undefined) return null;
  return {
    message: toMessage(row.envelope, row.body),
    trace: parseTrace(row.trace),
    receivedFrom: row.received_from,
    acceptedAtMs: row.accepted_at,
  };
}

export function recipients(s: Statements, messageId: string): RecipientState[] {
  return s.recipients.all(messageId).map((r) => ({ ...r, state: r.state as RecipientStateName }));
}

export function statusesFor(s: Statements, refMessageId: string): StatusReport[] {
  const out: StatusReport[] = [];
  for (const envelope of s.statusEnvelopes.all(refMessageId)) {
    const status = statusOf(envelope);
    if (status !== undefined) out.push(status);
  }
  return out;
}

/** Builds `WHERE` for the operator's filters; placeholders only, never spliced values. */
function where(nextHop: string | undefined, states: readonly OutboxState[]): { sql: string; params: string[] } {
  const terms: string[] = [];
  const params: string[] = [];
  if (nextHop !== undefined && nextHop !== '') {
    terms.push('next_hop = ?');
    params.push(nextHop);
  }
  if (states.length > 0) {
    terms.push(`state IN (${states.map(() => '?').join(',')})`);
    params.push(...states);
  }
  return { sql: terms.length > 0 ? `WHERE ${terms.join(' AND ')}` : '', params };
}

export function outbox(db: Database.Database, query: OutboxQuery): OutboxEntry[] {
  const w = where(query.nextHop, query.state === undefined ? [] : [query.state]);
  const limit = query.limit !== undefined && query.limit > 0 ? query.limit : -1;
  return db
    .prepare<unknown[], OutboxRow>(`SELECT * FROM outbox ${w.sql} ORDER BY id LIMIT ?`)
    .all(...w.params, limit)
    .map(toEntry);
}

export function entryIds(db: Database.Database, nextHop: string, states: readonly OutboxState[]): number[] {
  const w = where(nextHop, states);
  return db.prepare<unknown[], number>(`SELECT id FROM outbox ${w.sql} ORDER BY id`).pluck().all(...w.params);
}

export function outboxDepths(s: Statements): OutboxDepth[] {
  const byHop = new Map<string, OutboxDepth>();
  for (const row of s.depths.all()) {
    let d = byHop.get(row.next_hop);
    if (d === undefined) {
      d = { nextHop: row.next_hop, queued: 0, inflight: 0, held: 0, failed: 0, expired: 0, oldestMs: 0 };
      byHop.set(row.next_hop, d);
    }
    const state = row.state as OutboxState;
    d[state] = row.n;
    if (state === 'queued' || state === 'inflight' || state === 'held') {
      d.oldestMs = d.oldestMs === 0 ? row.oldest : Math.min(d.oldestMs, row.oldest);
    }
  }
  return [...byHop.values()].sort((a, b) => (a.nextHop < b.nextHop ? -1 : a.nextHop > b.nextHop ? 1 : 0));
}

export function counters(s: Statements): Record<CounterName, number> {
  const out = Object.fromEntries(COUNTERS.map((n) => [n, 0])) as Record<CounterName, number>;
  for (const { name, value } of s.counters.all()) {
    if ((COUNTERS as readonly string[]).includes(name)) out[name as CounterName] = value;
  }
  return out;
}
