/**
 * Appending to the audit log inside the store's write transactions. The verbs call `append` for
 * the events they commit, so an entry exists if and only if its event committed, at no extra fsync.
 *
 * The chain head (seq and hash of the newest entry) is read from the database on the first append
 * of each transaction (`begin` forgets it), so a transaction that rolls back never leaves a head
 * the next one would chain to.
 */
import type Database from 'better-sqlite3';
import { chainEntry, type AuditRecord } from '../../audit/audit-entry.js';
import type { AuditCheckpoint } from '../../audit/audit-checkpoint.js';
import type { UnsignedEntries } from '../../audit/audit-checkpoint-policy.js';
import { joinRecipients } from './rows.js';

type Head = { seq: number; hash: string };

export class AuditWriter {
  private head: Head | null | undefined;
  private readonly insert: Database.Statement<
    [number, number, string, string, string, string, string, string, string, string, string, string, string]
  >;
  private readonly newest: Database.Statement<[], Head>;
  private readonly messageKind: Database.Statement<[string], { kind: string; sender: string; ref: string }>;
  private readonly newestCheckpoint: Database.Statement<[], number>;
  private readonly newestCheckpointNode: Database.Statement<[], string>;
  private readonly insertSigner: Database.Statement<[string, string]>;
  private readonly insertCheckpoint: Database.Statement<[number, string, number, string, string, string]>;
  private readonly unsignedRange: Database.Statement<[number, number], { fromSeq: number | null; fromAtMs: number; toSeq: number; newestAtMs: number }>;
  private readonly newestFinding: Database.Statement<[number], number | null>;
  private readonly hashOf: Database.Statement<[number], string>;
  private readonly lossFinding: Database.Statement<[string], number>;

  constructor(db: Database.Database) {
    this.insert = db.prepare(
      `INSERT INTO audit_log (seq, at, event, message_id, kind, sender, recipients, peer, code, reason, ref,
         prev_hash, hash) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)`,
    );
    this.newest = db.prepare('SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1');
    this.messageKind = db.prepare(`SELECT kind, sender, coalesce(ref_id, '') AS ref FROM messages WHERE id = ?`);
    this.newestCheckpoint = db.prepare<[], number>('SELECT seq FROM audit_checkpoints ORDER BY id DESC LIMIT 1').pluck();
    this.newestCheckpointNode = db.prepare<[], string>('SELECT node_code FROM audit_checkpoints ORDER BY id DESC LIMIT 1').pluck();
    this.unsignedRange = db.prepare(
      `SELECT min(seq) AS fromSeq, (SELECT at FROM audit_log WHERE seq > ? ORDER BY seq LIMIT 1) AS fromAtMs,
         max(seq) AS toSeq, max(at) AS newestAtMs FROM audit_log WHERE seq > ?`,
    );
    this.newestFinding = db.prepare<[number], number | null>(`SELECT max(seq) FROM audit_log WHERE seq > ? AND event = 'unsigned-found'`).pluck();
    this.hashOf = db.prepare<[number], string>('SELECT hash FROM audit_log WHERE seq = ?').pluck();
    this.lossFinding = db.prepare<[string], number>(`SELECT 1 FROM audit_log WHERE event = 'entries-lost' AND ref LIKE ? LIMIT 1`).pluck();
    this.insertSigner = db.prepare('INSERT OR IGNORE INTO audit_signers (fingerprint, certificate) VALUES (?, ?)');
    this.insertCheckpoint = db.prepare(
      'INSERT INTO audit_checkpoints (seq, hash, at, node_code, signer, signature) VALUES (?,?,?,?,?,?)',
    );
  }

  /** A write transaction starts: the head is read again before the next append. */
  begin(): void {
    this.head = undefined;
  }

  /** Runs inside a write transaction. */
  append(atMs: number, record: AuditRecord): void {
    if (this.head === undefined) this.head = this.newest.get() ?? null;
    const e = chainEntry(this.head, atMs, record);
    this.insert.run(
      e.seq, e.atMs, e.event, e.messageId, e.kind, e.sender, joinRecipients(e.recipients), e.peer, e.code, e.reason,
      e.ref, e.prevHash, e.hash,
    );
    this.head = e;
  }

  /** Kind and sender of a stored message and, for a status, the message it is about ('' when unknown). */
  messageFacts(messageId: string): { kind: string; sender: string; ref: string } {
    return this.messageKind.get(messageId) ?? { kind: '', sender: '', ref: '' };
  }

  /** The newest committed entry (outside a transaction), or null for an empty log. */
  committedHead(): Head | null {
    return this.newest.get() ?? null;
  }

  /** The seq the newest checkpoint covers, or 0. */
  checkpointedSeq(): number {
    return this.newestCheckpoint.get() ?? 0;
  }

  /**
   * The entries after the newest checkpoint, or null when there are none. An 'unsigned-found' entry
   * after that checkpoint already records the entries before it: only those after it are returned,
   * so a node that stops abruptly again before its next checkpoint does not record them twice.
   */
  unsigned(): UnsignedEntries | null {
    const checkpointedSeq = this.checkpointedSeq();
    const after = Math.max(checkpointedSeq, this.newestFinding.get(checkpointedSeq) ?? 0);
    const r = this.unsignedRange.get(after, after);
    if (!r || r.fromSeq === null) return null;
    return { fromSeq: r.fromSeq, fromAtMs: r.fromAtMs, toSeq: r.toSeq, newestAtMs: r.newestAtMs, checkpointedSeq };
  }

  /** The hash of entry `seq`, or null. */
  hashAt(seq: number): string | null {
    return this.hashOf.get(seq) ?? null;
  }

  /** An 'entries-lost' entry names entry `seq` with `hash` as the end of what was lost. */
  lossRecorded(seq: number, hash: string): boolean {
    return this.lossFinding.get(`%-${seq}:${hash}`) !== undefined;
  }

  /** The node code the newest checkpoint was signed for, or null. */
  checkpointNode(): string | null {
    return this.newestCheckpointNode.get() ?? null;
  }

  /** Runs inside a write transaction. */
  checkpoint(c: AuditCheckpoint, certificatePem: string): void {
    this.insertSigner.run(c.signer, certificatePem);
    this.insertCheckpoint.run(c.seq, c.hash, c.atMs, c.nodeCode, c.signer, c.signature);
  }
}
