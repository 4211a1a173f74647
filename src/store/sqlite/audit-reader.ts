/**
 * Reading a node's audit log straight from its database file, read-only: works while the node runs
 * (WAL readers never block its writer) and on a copy. Used by `lienthong audit verify` and `export`.
 */
import { existsSync } from 'node:fs';
import Database from 'better-sqlite3';
import type { AuditCheckpoint } from '../../audit/audit-checkpoint.js';
import type { AuditEntry, AuditEvent } from '../../audit/audit-entry.js';
import type { StoredHead } from '../../audit/audit-head-loss.js';
import type { AuditSource } from '../../audit/audit-verify.js';
import { LienthongError } from '../../domain/errors.js';
import { BUSY_TIMEOUT_MS } from './open.js';
import { splitRecipients } from './rows.js';

interface EntryRow {
  seq: number;
  at: number;
  event: string;
  message_id: string;
  kind: string;
  sender: string;
  recipients: string;
  peer: string;
  code: string;
  reason: string;
  ref: string;
  prev_hash: string;
  hash: string;
}

interface CheckpointRow {
  seq: number;
  hash: string;
  at: number;
  node_code: string;
  signer: string;
  signature: string;
}

function toEntry(r: EntryRow): AuditEntry {
  return {
    seq: r.seq, atMs: r.at, event: r.event as AuditEvent, messageId: r.message_id, kind: r.kind, sender: r.sender,
    recipients: splitRecipients(r.recipients), peer: r.peer, code: r.code, reason: r.reason, ref: r.ref,
    prevHash: r.prev_hash, hash: r.hash,
  };
}

function* mapRows<R, T>(rows: IterableIterator<R>, fn: (r: R) => T): Generator<T> {
  for (const r of rows) yield fn(r);
}

export class AuditReader implements AuditSource {
  private constructor(private readonly db: Database.Database) {}

  /** Opens `path` read-only; refuses a missing file or a store without an audit log. */
  static open(path: string): AuditReader {
    if (!existsSync(path)) {
      throw new LienthongError('NOT_FOUND', `no store at ${path}: give the node's data directory (node.dataDir) with --data-dir, or its configuration with --config`);
    }
    const db = new Database(path, { readonly: true, fileMustExist: true });
    try {
      db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
      const has = db.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'audit_log'`).get();
      if (!has) {
        throw new LienthongError('NOT_FOUND', `the store at ${path} has no audit log: it was written by a lienthong before the audit log existed; start the node once with this version to add it`);
      }
    } catch (err) {
      db.close();
      throw err;
    }
    return new AuditReader(db);
  }

  entries(): Iterable<AuditEntry> {
    return mapRows(this.db.prepare<[], EntryRow>('SELECT * FROM audit_log ORDER BY seq').iterate(), toEntry);
  }

  /** Entries written at or after `sinceMs`, by seq. */
  entriesSince(sinceMs: number): Iterable<AuditEntry> {
    const first = this.db
      .prepare<[number], number>('SELECT min(seq) FROM audit_log WHERE at >= ?')
      .pluck()
      .get(sinceMs);
    if (first === null || first === undefined) return [];
    return mapRows(this.db.prepare<[number, number], EntryRow>('SELECT * FROM audit_log WHERE seq >= ? AND at >= ? ORDER BY seq').iterate(first, sinceMs), toEntry);
  }

  checkpoints(): Iterable<AuditCheckpoint> {
    return mapRows(
      this.db.prepare<[], CheckpointRow>('SELECT seq, hash, at, node_code, signer, signature FROM audit_checkpoints ORDER BY seq, id').iterate(),
      (r) => ({ nodeCode: r.node_code, seq: r.seq, hash: r.hash, atMs: r.at, signer: r.signer, signature: r.signature }),
    );
  }

  signer(fingerprint: string): string | null {
    return this.db.prepare<[string], string>('SELECT certificate FROM audit_signers WHERE fingerprint = ?').pluck().get(fingerprint) ?? null;
  }

  /** Only asked once a problem is found: a full scan is fine then. */
  seqOfHash(hash: string): number | undefined {
    return this.db.prepare<[string], number>('SELECT seq FROM audit_log WHERE hash = ? LIMIT 1').pluck().get(hash);
  }

  /**
   * The message accepted last among those stored since `sinceMs` (null: since migration 4 added the
   * audit log; messages from before it have no entries). Scans the messages table once.
   */
  newestMessage(sinceMs: number | null): { id: string; atMs: number } | null {
    const since = sinceMs ?? this.db.prepare<[], number>('SELECT applied_at FROM schema_migrations WHERE version = 4').pluck().get() ?? 0;
    const row = this.db
      .prepare<[number], { id: string; at: number }>('SELECT id, accepted_at AS at FROM messages WHERE accepted_at >= ? ORDER BY accepted_at DESC LIMIT 1')
      .get(since);
    return row ? { id: row.id, atMs: row.at } : null;
  }

  /** The node code the newest checkpoint was signed for, or null without one (whose log this is). */
  checkpointNode(): string | null {
    return this.db.prepare<[], string>('SELECT node_code FROM audit_checkpoints ORDER BY id DESC LIMIT 1').pluck().get() ?? null;
  }

  /** What the log holds at `seq` (for `lostEntries`), and whether an 'entries-lost' entry already records its loss. */
  storedAt(seq: number, hash: string): StoredHead & { lossRecorded: boolean } {
    const headSeq = this.db.prepare<[], number | null>('SELECT max(seq) FROM audit_log').pluck().get() ?? 0;
    const hashAtRecorded = this.db.prepare<[number], string>('SELECT hash FROM audit_log WHERE seq = ?').pluck().get(seq) ?? null;
    const lossRecorded = this.db.prepare<[string], number>(`SELECT 1 FROM audit_log WHERE event = 'entries-lost' AND ref LIKE ? LIMIT 1`).pluck().get(`%-${seq}:${hash}`) !== undefined;
    return { headSeq, hashAtRecorded, lossRecorded };
  }

  /** Runs `fn` on one consistent snapshot (the node may be appending meanwhile). */
  snapshot<T>(fn: (reader: this) => T): T {
    this.db.exec('BEGIN');
    try {
      return fn(this);
    } finally {
      this.db.exec('COMMIT');
    }
  }

  close(): void {
    this.db.close();
  }
}
