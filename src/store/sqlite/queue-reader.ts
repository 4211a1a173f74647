/**
 * What a store holds waiting, read without a running node and without writing (`check-config`'s
 * preview of what a new configuration would leave unreached): outbox entries still to send per next
 * hop, and unacknowledged inbox items per agency. Opens the file read-only; a store that does not
 * exist yet holds nothing.
 */
import { existsSync } from 'node:fs';
import Database from 'better-sqlite3';
import type { AgencyBacklog, OutboxDepth } from '../store.js';

export interface WaitingWork {
  depths: OutboxDepth[];
  backlogs: AgencyBacklog[];
}

export function readWaitingWork(path: string): WaitingWork {
  if (!existsSync(path)) return { depths: [], backlogs: [] };
  const db = new Database(path, { readonly: true, fileMustExist: true });
  try {
    db.pragma('busy_timeout = 5000');
    const depths = db.prepare<[], { nextHop: string; waiting: number; oldestMs: number }>(
      `SELECT next_hop AS nextHop, count(*) AS waiting, min(created_at) AS oldestMs FROM outbox
       WHERE state IN ('queued', 'inflight', 'held') GROUP BY next_hop`,
    ).all().map((d) => ({ nextHop: d.nextHop, queued: d.waiting, inflight: 0, held: 0, failed: 0, expired: 0, oldestMs: d.oldestMs }));
    const backlogs = db.prepare<[], AgencyBacklog>(
      `SELECT agency, count(*) AS items, min(delivered_at) AS oldestMs FROM inbox WHERE state = 'pending' GROUP BY agency`,
    ).all();
    return { depths, backlogs };
  } finally {
    db.close();
  }
}
