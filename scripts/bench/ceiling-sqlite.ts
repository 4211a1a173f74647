/**
 * The disk's ceiling: durable SQLite commits per second with the store's own pragmas (WAL,
 * synchronous=FULL), one row per transaction and many rows per transaction.
 */
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { applyPragmas } from '../../src/store/sqlite/open.js';
import { perSecond } from './stats.js';

export interface CommitRate {
  rowsPerTransaction: number;
  rowBytes: number;
  commits: number;
  commitsPerSec: number;
  rowsPerSec: number;
}

/** Commits for `durationMs` (after `warmupMs`) into a fresh database in `dir`. */
export function measureCommits(dir: string, rowsPerTransaction: number, body: Buffer, durationMs: number, warmupMs: number): CommitRate {
  const db = new Database(join(dir, `ceiling-${rowsPerTransaction}x${body.length}.sqlite`));
  try {
    applyPragmas(db, undefined);
    db.exec('CREATE TABLE rows (id INTEGER PRIMARY KEY, body BLOB NOT NULL)');
    const insert = db.prepare<[Buffer]>('INSERT INTO rows (body) VALUES (?)');
    const commit = db.transaction((n: number) => {
      for (let i = 0; i < n; i++) insert.run(body);
    });
    const run = (ms: number): { commits: number; ms: number } => {
      const start = performance.now();
      const end = start + ms;
      let commits = 0;
      let now = start;
      while (now < end) {
        commit(rowsPerTransaction);
        commits++;
        now = performance.now();
      }
      return { commits, ms: now - start };
    };
    run(warmupMs);
    const r = run(durationMs);
    const commitsPerSec = perSecond(r.commits, r.ms);
    return { rowsPerTransaction, rowBytes: body.length, commits: r.commits, commitsPerSec, rowsPerSec: commitsPerSec * rowsPerTransaction };
  } finally {
    db.close();
  }
}
