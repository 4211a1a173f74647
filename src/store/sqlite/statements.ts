/**
 * Every statement the store runs often, prepared once per connection. Outbox filters come from the
 * outbox state machine's transition table, so SQL and machine cannot drift.
 */
import type Database from 'better-sqlite3';
import { allowedFrom, TRANSITIONS } from '../../domain/outbox-machine.js';
import { AuditWriter } from './audit-writer.js';
import type { InboxRow, MessageRow, OutboxMessageRow, OutboxRow } from './rows.js';
import { sqlStates } from './rows.js';

type Db = Database.Database;

const from = (event: Parameters<typeof allowedFrom>[0]): string => sqlStates(allowedFrom(event));
const to = (event: keyof typeof TRANSITIONS): string => `'${TRANSITIONS[event].to}'`;

/** Messages deleted per purge transaction, so a large purge never blocks other writes for long. */
export const PURGE_CHUNK = 500;

export function prepareStatements(db: Db) {
  return {
    // messages
    insertMessage: db.prepare<
      [string, string, string, number, number, number, string | null, string, number, string, string, Buffer]
    >(
      `INSERT OR IGNORE INTO messages (id, kind, sender, priority, created_at, expires_at, ref_id,
         received_from, accepted_at, envelope, trace, body) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)`,
    ),
    message: db.prepare<[string], MessageRow>(
      'SELECT envelope, trace, body, received_from, accepted_at FROM messages WHERE id = ?',
    ),
    insertEdxmlDocument: db.prepare<[string, string]>('INSERT OR IGNORE INTO edxml_documents (document_id, message_id) VALUES (?, ?)'),
    deleteEdxmlDocument: db.prepare<[string]>('DELETE FROM edxml_documents WHERE message_id = ?'),
    documentByEdxmlId: db
      .prepare<[string, string, string, string, string, string], string>(
        `SELECT m.id FROM edxml_documents e JOIN messages m ON m.id = e.message_id
          WHERE e.document_id = ? AND (? = '' OR m.sender = ?) AND m.id <> ?
            AND (m.sender = ? OR EXISTS (SELECT 1 FROM recipients r WHERE r.message_id = m.id AND r.recipient = ?))
          ORDER BY m.accepted_at DESC LIMIT 1`,
      )
      .pluck(),
    statusEnvelopes: db
      .prepare<[string], string>(
        `SELECT envelope FROM messages WHERE ref_id = ? AND kind = 'status' ORDER BY accepted_at, id`,
      )
      .pluck(),

    // recipients
    insertRecipient: db.prepare<[string, string, string, string, string, number]>(
      `INSERT OR IGNORE INTO recipients (message_id, recipient, state, next_hop, detail, updated_at)
       VALUES (?,?,?,?,?,?)`,
    ),
    setRecipient: db.prepare<[string, string, number, string, string]>(
      'UPDATE recipients SET state = ?, detail = ?, updated_at = ? WHERE message_id = ? AND recipient = ?',
    ),
    /** Same, only when the recipient is still in the given state. */
    setRecipientIf: db.prepare<[string, string, number, string, string, string]>(
      `UPDATE recipients SET state = ?, detail = ?, updated_at = ?
       WHERE message_id = ? AND recipient = ? AND state = ?`,
    ),
    recipients: db.prepare<
      [string],
      { recipient: string; state: string; nextHop: string; updatedAtMs: number; detail: string }
    >(
      `SELECT recipient, state, next_hop AS nextHop, updated_at AS updatedAtMs, detail
       FROM recipients WHERE message_id = ? ORDER BY recipient`,
    ),

    // outbox
    insertEntry: db.prepare<[string, string, string, number, string, number, number, number, number, string, number]>(
      `INSERT INTO outbox (message_id, next_hop, recipients, priority, state, attempts, next_attempt_at,
         last_error, created_at, expires_at, sender, size)
       VALUES (?, ?, ?, ?, ?, ?, ?, '', ?, ?, ?, ?)`,
    ),
    entry: db.prepare<[number], OutboxRow>('SELECT * FROM outbox WHERE id = ?'),
    // No bound LIMIT in statements run often: see first-rows.ts.
    due: db.prepare<[string, number], OutboxMessageRow>(
      `SELECT o.*, m.envelope, m.trace, m.body
       FROM outbox o INDEXED BY outbox_due LEFT JOIN messages m ON m.id = o.message_id
       WHERE o.next_hop = ? AND o.state IN (${from('lease')}) AND o.next_attempt_at <= ?
       ORDER BY o.priority DESC, o.id`,
    ),
    dueSizes: db.prepare<[string, number], { size: number }>(
      `SELECT o.size FROM outbox o INDEXED BY outbox_due
       WHERE o.next_hop = ? AND o.state IN (${from('lease')}) AND o.next_attempt_at <= ?
       ORDER BY o.priority DESC, o.id`,
    ),
    lease: db.prepare<[number]>(
      `UPDATE outbox SET state = ${to('lease')}, attempts = attempts + 1
       WHERE id = ? AND state IN (${from('lease')})`,
    ),
    deleteEntry: db.prepare<[number]>('DELETE FROM outbox WHERE id = ?'),
    outboxHolds: db.prepare<[string], { one: number }>('SELECT 1 AS one FROM outbox WHERE message_id = ? LIMIT 1'),
    inboxHolds: db.prepare<[string], { one: number }>(
      `SELECT 1 AS one FROM inbox WHERE message_id = ? AND state != 'acknowledged' LIMIT 1`,
    ),
    keepAttachment: db.prepare<[string, string]>(
      `INSERT INTO message_attachments (message_id, sha256, released_at) VALUES (?, ?, 0)
       ON CONFLICT (message_id, sha256) DO UPDATE SET released_at = 0`,
    ),
    releaseAttachments: db.prepare<[number, string]>(
      'UPDATE message_attachments SET released_at = ? WHERE message_id = ? AND released_at = 0',
    ),
    deleteMessageAttachments: db.prepare<[string]>('DELETE FROM message_attachments WHERE message_id = ?'),
    attachmentsInUse: db
      .prepare<[number], string>('SELECT DISTINCT sha256 FROM message_attachments WHERE released_at = 0 OR released_at >= ?')
      .pluck(),
    attachmentReferenced: db.prepare<[string], number>('SELECT 1 FROM message_attachments WHERE sha256 = ? LIMIT 1').pluck(),
    releaseBody: db.prepare<[string]>(`UPDATE messages SET body = X'' WHERE id = ? AND length(body) > 0`),
    restoreBody: db.prepare<[Buffer, string]>(`UPDATE messages SET body = ? WHERE id = ? AND length(body) = 0`),
    reschedule: db.prepare<[number, string, number]>(
      `UPDATE outbox SET state = ${to('transientFailure')}, next_attempt_at = ?, last_error = ?
       WHERE id = ? AND state IN (${from('transientFailure')})`,
    ),
    setEntryState: db.prepare<[string, string, number]>(
      'UPDATE outbox SET state = ?, last_error = ? WHERE id = ?',
    ),
    expiring: db.prepare<[number], OutboxRow>(
      `SELECT * FROM outbox WHERE state IN (${from('expire')}) AND expires_at <= ? ORDER BY id`,
    ),
    recover: db.prepare<[number]>(
      `UPDATE outbox SET state = ${to('recover')}, next_attempt_at = ? WHERE state IN (${from('recover')})`,
    ),
    hold: db.prepare<[number]>(
      `UPDATE outbox SET state = ${to('hold')} WHERE id = ? AND state IN (${from('hold')})`,
    ),
    release: db.prepare<[number]>(
      `UPDATE outbox SET state = ${to('release')} WHERE id = ? AND state IN (${from('release')})`,
    ),
    requeue: db.prepare<[number, number, number]>(
      `UPDATE outbox SET state = ${to('requeue')}, next_attempt_at = ?, expires_at = max(expires_at, ?)
       WHERE id = ?`,
    ),
    /** What a reroute leaves on an entry: the recipients that stay (its state and times unchanged). */
    rerouteStay: db.prepare<[string, number]>('UPDATE outbox SET recipients = ? WHERE id = ?'),
    /** A recipient's copy now waits for another next hop (or sits in the inbox here, next hop ''). */
    setRecipientRoute: db.prepare<[string, string, number, string, string]>(
      `UPDATE recipients SET state = ?, next_hop = ?, detail = '', updated_at = ? WHERE message_id = ? AND recipient = ?`,
    ),
    flushOne: db.prepare<[number, number]>(
      `UPDATE outbox SET next_attempt_at = ? WHERE id = ? AND state IN (${from('flush')})`,
    ),
    flushAll: db.prepare<[number]>(`UPDATE outbox SET next_attempt_at = ? WHERE state IN (${from('flush')})`),
    flushHop: db.prepare<[number, string]>(
      `UPDATE outbox SET next_attempt_at = ? WHERE next_hop = ? AND state IN (${from('flush')})`,
    ),
    depths: db.prepare<[], { next_hop: string; state: string; n: number; oldest: number }>(
      `SELECT next_hop, state, count(*) AS n, min(created_at) AS oldest FROM outbox GROUP BY next_hop, state`,
    ),

    // inbox
    insertInbox: db.prepare<[string, string, number]>(
      `INSERT OR IGNORE INTO inbox (agency, message_id, state, delivered_at) VALUES (?, ?, 'pending', ?)`,
    ),
    inboxAll: db.prepare<[string, number], InboxRow>(
      `SELECT i.seq, i.agency, i.state, i.delivered_at, m.envelope, m.trace, m.body
       FROM inbox i INDEXED BY inbox_agency JOIN messages m ON m.id = i.message_id
       WHERE i.agency = ? AND i.seq > ? ORDER BY i.seq`,
    ),
    inboxPending: db.prepare<[string, number], InboxRow>(
      `SELECT i.seq, i.agency, i.state, i.delivered_at, m.envelope, m.trace, m.body
       FROM inbox i INDEXED BY inbox_pending JOIN messages m ON m.id = i.message_id
       WHERE i.agency = ? AND i.seq > ? AND i.state = 'pending' ORDER BY i.seq`,
    ),
    ackInbox: db.prepare<[number, string, string], { seq: number; delivered_at: number }>(
      `UPDATE inbox SET state = 'acknowledged', acked_at = ?
       WHERE agency = ? AND message_id = ? AND state = 'pending' RETURNING seq, delivered_at`,
    ),
    unacknowledged: db.prepare<[], number>(`SELECT count(*) FROM inbox WHERE state = 'pending'`).pluck(),
    unacknowledgedByAgency: db.prepare<[], { agency: string; items: number; oldestMs: number }>(
      `SELECT agency, count(*) AS items, min(delivered_at) AS oldestMs FROM inbox WHERE state = 'pending' GROUP BY agency ORDER BY agency`,
    ),

    // counters
    bump: db.prepare<[number, string]>('UPDATE counters SET value = value + ? WHERE name = ?'),
    counters: db.prepare<[], { name: string; value: number }>('SELECT name, value FROM counters'),

    // room
    usedPages: db
      .prepare<[], number>(
        `SELECT (SELECT page_count FROM pragma_page_count()) - (SELECT freelist_count FROM pragma_freelist_count())`,
      )
      .pluck(),

    // purge
    purgeable: db
      .prepare<[number], string>(
        `SELECT m.id FROM messages m WHERE m.accepted_at < ?
           AND NOT EXISTS (SELECT 1 FROM outbox o WHERE o.message_id = m.id)
           AND NOT EXISTS (SELECT 1 FROM inbox i WHERE i.message_id = m.id AND i.state = 'pending')
         LIMIT ${PURGE_CHUNK}`,
      )
      .pluck(),
    deleteMessage: db.prepare<[string]>('DELETE FROM messages WHERE id = ?'),
    deleteRecipients: db.prepare<[string]>('DELETE FROM recipients WHERE message_id = ?'),
    deleteInbox: db.prepare<[string]>('DELETE FROM inbox WHERE message_id = ?'),

    // audit log (appended by the verbs, in their transactions)
    audit: new AuditWriter(db),
  };
}

export type Statements = ReturnType<typeof prepareStatements>;
