/**
 * Opening the SQLite store: the connection, its pragmas (WAL; synchronous=FULL while migrating, then
 * the group commit commits with NORMAL and syncs the WAL itself before acknowledging anything, so
 * an acknowledged write survives a power cut), the size limit, and the schema migrations.
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import type { Clock } from '../../domain/types.js';
import { LienthongError } from '../../domain/errors.js';
import { loadMigrations, migrate } from './migrate.js';
import { isReadOnly, mapSqliteError, readOnlyStoreError, storeAccessProblem } from './sqlite-errors.js';
import type { CommitObserver } from './group-commit.js';
import { SqliteStore } from './sqlite-store.js';

export interface SqliteStoreOptions {
  /** Database file; its directory is created when missing. */
  path: string;
  /**
   * Largest size of the database file in bytes (limits.maxStoreBytes). Past it, writes that need
   * more pages fail with STORE_FULL while deletions still work. The WAL file comes on top.
   */
  maxBytes?: number;
  /** Clock for bookkeeping the verbs do not date themselves (migrations, operator removals). */
  nowMs?: Clock;
  /** Called after each synced commit with its duration and number of writes (metrics). */
  onCommit?: CommitObserver;
}

export const BUSY_TIMEOUT_MS = 5000;
/**
 * Negative: KiB. 8 MiB of page cache: a busy node's hot pages are the right edges of its indexes
 * and the outbox entries it is about to send; the rest comes from the OS page cache. Measured
 * against 32 MiB (session 21, back to back): one hop at 64 senders 2,737 → 2,843 documents/s, the
 * 100,000-document backlog queued at 2,156 → 2,205/s and drained at 5,262 → 4,970/s (within the
 * noise), the parent's RSS with the full backlog 164 → 133 MB; relays that had just carried 10,000
 * documents held 25–30 MB less.
 */
const CACHE_SIZE = -8192;
/** Truncate the WAL back to 64 MiB after checkpoints so a burst does not keep its disk space. */
const JOURNAL_SIZE_LIMIT = 64 * 1024 * 1024;

export function applyPragmas(db: Database.Database, maxBytes: number | undefined): void {
  const mode = db.pragma('journal_mode = WAL', { simple: true });
  if (mode !== 'wal') {
    throw new LienthongError(
      'INTERNAL',
      `the store at ${db.name} cannot use write-ahead logging (journal mode is ${String(mode)}): ` +
        'put it on a local file system that supports shared memory',
    );
  }
  db.pragma('synchronous = FULL');
  db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
  db.pragma(`cache_size = ${CACHE_SIZE}`);
  db.pragma('temp_store = MEMORY');
  db.pragma(`journal_size_limit = ${JOURNAL_SIZE_LIMIT}`);
  if (maxBytes !== undefined) {
    if (!Number.isSafeInteger(maxBytes) || maxBytes <= 0) {
      throw new LienthongError(
        'CONFIG_INVALID',
        `limits.maxStoreBytes must be a positive whole number of bytes, got ${maxBytes}`,
      );
    }
    const pageSize = db.pragma('page_size', { simple: true }) as number;
    // SQLite keeps at least the current size: a store already past the limit refuses to grow.
    db.pragma(`max_page_count = ${Math.max(1, Math.floor(maxBytes / pageSize))}`);
  }
}

export function openSqliteStore(opts: SqliteStoreOptions): SqliteStore {
  const now = opts.nowMs ?? Date.now;
  if (opts.path !== ':memory:' && opts.path !== '') {
    mkdirSync(dirname(opts.path), { recursive: true });
    // SQLite opens a file it may not write read-only without a word, and the first write fails
    // much later ("attempt to write a readonly database", no path): say so now, with what to do.
    const denied = storeAccessProblem(opts.path);
    if (denied) throw new LienthongError('CONFIG_INVALID', `cannot open the store at ${opts.path}: ${denied}`);
  }
  let db: Database.Database;
  try {
    db = new Database(opts.path);
  } catch (err) {
    throw new LienthongError(
      'INTERNAL',
      `cannot open the store at ${opts.path}: ${err instanceof Error ? err.message : String(err)}; ` +
        'check that the path is a writable file on a local disk',
      { cause: err },
    );
  }
  try {
    applyPragmas(db, opts.maxBytes);
    migrate(db, loadMigrations(), now());
    return new SqliteStore(db, { path: opts.path, maxBytes: opts.maxBytes, now, onCommit: opts.onCommit });
  } catch (err) {
    db.close();
    // At start a store this user may not write is a deployment to fix (exit 1), said as such.
    if (isReadOnly(err)) throw readOnlyStoreError(opts.path, 'CONFIG_INVALID', err);
    throw mapSqliteError(err, opts.path, opts.maxBytes);
  }
}
