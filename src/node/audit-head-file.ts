/**
 * `audit-head.json` in the node's data directory: the newest audit checkpoint the node signed
 * (seq, hash, time), kept outside the SQLite database so that a store which lost committed entries
 * (WAL deleted, older copy restored) can be told at the next start and by `audit verify`.
 *   { "seq": 187, "hash": "<64 hex>", "atMs": 1763863200000, "at": "2026-11-23T02:00:00.000Z" }
 * Written after each checkpoint's commit is durable (never ahead of the database), atomically.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AuditHeadRecord } from '../audit/audit-head-loss.js';
import { LienthongError } from '../domain/errors.js';
import { replaceFile } from '../store/files/fs-sync.js';

export const AUDIT_HEAD_FILE = 'audit-head.json';

export function auditHeadPath(dataDir: string): string {
  return join(dataDir, AUDIT_HEAD_FILE);
}

/** The record in `path`, or null when there is none; throws CONFIG_INVALID for a damaged file. */
export function readAuditHead(path: string): AuditHeadRecord | null {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw new LienthongError('CONFIG_INVALID', `cannot read ${path}: ${(err as Error).message}`, { cause: err });
  }
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    doc = null;
  }
  const d = doc as Partial<AuditHeadRecord> | null;
  if (typeof d !== 'object' || d === null || !Number.isSafeInteger(d.seq) || (d.seq ?? 0) < 1 ||
    typeof d.hash !== 'string' || !/^[0-9a-f]{64}$/.test(d.hash) || typeof d.atMs !== 'number') {
    throw new LienthongError('CONFIG_INVALID',
      `${path} is not this node's record of its newest audit checkpoint ({"seq": N, "hash": "<64 hex>", "atMs": T}); the node writes it at every checkpoint: ` +
        'if it was damaged by hand, move it aside (the node then cannot tell whether the store lost entries before this start) and keep a copy as evidence');
  }
  return { seq: d.seq!, hash: d.hash, atMs: d.atMs };
}

/** Replaces the record (temporary file, fsync, rename, fsync of the folder). */
export function writeAuditHead(path: string, r: AuditHeadRecord): Promise<void> {
  return replaceFile(path, JSON.stringify({ seq: r.seq, hash: r.hash, atMs: r.atMs, at: new Date(r.atMs).toISOString() }) + '\n');
}
