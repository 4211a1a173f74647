/** Rows as SQLite returns them, and their mapping to and from domain values. */
import type {
  Envelope,
  Hop,
  Message,
  OutboxEntry,
  OutboxState,
  Priority,
  StatusReport,
} from '../../domain/types.js';

export interface OutboxRow {
  id: number;
  message_id: string;
  next_hop: string;
  recipients: string;
  priority: number;
  state: string;
  attempts: number;
  next_attempt_at: number;
  last_error: string;
  created_at: number;
  expires_at: number;
  sender: string;
  size: number;
}

/** An outbox row with its message's columns (null when the message row is missing). */
export interface OutboxMessageRow extends OutboxRow {
  envelope: string | null;
  trace: string | null;
  body: Buffer | null;
}

export interface MessageRow {
  envelope: string;
  trace: string;
  body: Buffer;
  received_from: string;
  accepted_at: number;
}

export interface InboxRow {
  seq: number;
  agency: string;
  state: string;
  delivered_at: number;
  envelope: string;
  trace: string;
  body: Buffer;
}

/** Agency codes never hold a line break, so a joined list needs no JSON. */
const SEP = '\n';

export function joinRecipients(recipients: readonly string[]): string {
  return recipients.join(SEP);
}

export function splitRecipients(text: string): string[] {
  return text === '' ? [] : text.split(SEP);
}

/** The envelope as stored: every field of the message except the body. */
export function envelopeJson(m: Message): string {
  const envelope: Envelope = {
    id: m.id,
    kind: m.kind,
    from: m.from,
    to: m.to,
    priority: m.priority,
    createdAtMs: m.createdAtMs,
    expiresAtMs: m.expiresAtMs,
    bodySha256: m.bodySha256,
    attachments: m.attachments,
  };
  if (m.document !== undefined) envelope.document = m.document;
  if (m.edxml !== undefined) envelope.edxml = m.edxml;
  if (m.status !== undefined) envelope.status = m.status;
  if (m.edxmlStatus !== undefined) envelope.edxmlStatus = m.edxmlStatus;
  if (m.signature !== undefined) envelope.signature = m.signature;
  return JSON.stringify(envelope);
}

export function toMessage(envelope: string, body: Buffer): Message {
  const m = JSON.parse(envelope) as Message;
  m.body = body;
  m.attachments ??= []; // envelopes stored before attachments existed
  return m;
}

export function statusOf(envelope: string): StatusReport | undefined {
  return (JSON.parse(envelope) as Envelope).status;
}

export function parseTrace(trace: string): Hop[] {
  return JSON.parse(trace) as Hop[];
}

export function toEntry(row: OutboxRow): OutboxEntry {
  return {
    id: row.id,
    messageId: row.message_id,
    nextHop: row.next_hop,
    recipients: splitRecipients(row.recipients),
    priority: row.priority as Priority,
    state: row.state as OutboxState,
    attempts: row.attempts,
    nextAttemptAtMs: row.next_attempt_at,
    lastError: row.last_error,
    createdAtMs: row.created_at,
    expiresAtMs: row.expires_at,
    sender: row.sender,
    size: row.size,
  };
}

/** SQL literal list of states, e.g. `'queued','held'` (states are fixed names, never user input). */
export function sqlStates(states: readonly OutboxState[]): string {
  return states.map((s) => `'${s}'`).join(',');
}
