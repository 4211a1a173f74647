/**
 * Numbered schema migrations: `migrations/NNN-name.sql`, applied in order inside one transaction and
 * recorded in `schema_migrations`, so a node that stops halfway through an upgrade starts again from
 * the last complete schema.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type Database from 'better-sqlite3';
import { LienthongError } from '../../domain/errors.js';

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export interface AppliedMigration {
  version: number;
  name: string;
  appliedAtMs: number;
}

const FILE = /^(\d+)-([\w-]+)\.sql$/;

/** The migrations shipped next to this module (read at call time, never at import time). */
export function loadMigrations(dir: URL = new URL('./migrations/', import.meta.url)): Migration[] {
  const path = fileURLToPath(dir);
  const found: Migration[] = [];
  for (const file of readdirSync(path)) {
    const m = FILE.exec(file);
    if (!m) continue;
    found.push({ version: Number(m[1]), name: m[2]!, sql: readFileSync(new URL(file, dir), 'utf8') });
  }
  found.sort((a, b) => a.version - b.version);
  for (let i = 1; i < found.length; i++) {
    if (found[i]!.version === found[i - 1]!.version) {
      throw new LienthongError('INTERNAL', `two migrations share version ${found[i]!.version} in ${path}`);
    }
  }
  return found;
}

export function appliedMigrations(db: Database.Database): AppliedMigration[] {
  return db
    .prepare<[], AppliedMigration>(
      'SELECT version, name, applied_at AS appliedAtMs FROM schema_migrations ORDER BY version',
    )
    .all();
}

/** Applies the pending migrations; returns the versions applied now (empty when up to date). */
export function migrate(db: Database.Database, migrations: Migration[], nowMs: number): number[] {
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version    INTEGER PRIMARY KEY,
    name       TEXT    NOT NULL,
    applied_at INTEGER NOT NULL
  )`);
  const done = new Set(appliedMigrations(db).map((m) => m.version));
  const known = new Set(migrations.map((m) => m.version));
  const newest = Math.max(0, ...done);
  if (!known.has(newest) && newest > 0) {
    throw new LienthongError(
      'INTERNAL',
      `the store's schema is at version ${newest}, newer than this lienthong knows ` +
        `(up to ${Math.max(0, ...known)}): run the lienthong version that wrote it, or a newer one`,
    );
  }
  const pending = migrations.filter((m) => !done.has(m.version));
  if (pending.length === 0) return [];
  const record = db.prepare<[number, string, number]>(
    'INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)',
  );
  db.transaction(() => {
    for (const m of pending) {
      db.exec(m.sql);
      record.run(m.version, m.name, nowMs);
    }
  }).immediate();
  return pending.map((m) => m.version);
}
