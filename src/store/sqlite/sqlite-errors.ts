/** Turns SQLite failures into catalogue errors that tell the operator what to do. */
import { accessSync, constants, statSync } from 'node:fs';
import { userInfo } from 'node:os';
import { dirname } from 'node:path';
import { LienthongError, asLienthongError, type ErrorCode } from '../../domain/errors.js';

function sqliteCode(err: unknown): string {
  if (err instanceof Error && 'code' in err && typeof err.code === 'string') return err.code;
  return '';
}

export function isStoreFull(err: unknown): boolean {
  const code = sqliteCode(err);
  return code === 'SQLITE_FULL' || code.startsWith('SQLITE_FULL_');
}

export function storeFullError(path: string, maxBytes: number | undefined, cause: unknown): LienthongError {
  if (maxBytes === undefined) {
    return new LienthongError(
      'STORE_FULL',
      `the store at ${path} cannot grow: the disk holding it is full. Nothing can be taken in (not even an agency's acknowledgement) ` +
        'until space is freed on that disk; senders keep what is refused and the node carries on by itself once a write succeeds. ' +
        "Setting limits.maxStoreBytes below the disk's free space keeps room to deliver and acknowledge what is held",
      { cause },
    );
  }
  return new LienthongError(
    'STORE_FULL',
    `the store at ${path} is full: it is at its limit of ${maxBytes} bytes (limits.maxStoreBytes, less a reserve kept for ` +
      'delivering what is queued), or the disk is full. New messages are refused until space is freed: let queued messages drain ' +
      'or expire, have agencies acknowledge their inbox, raise limits.maxStoreBytes, or free disk space',
    { cause },
  );
}

/** SQLite could open the store only for reading (SQLITE_READONLY and its extended codes). */
export function isReadOnly(err: unknown): boolean {
  return sqliteCode(err).startsWith('SQLITE_READONLY');
}

function whoAmI(): { name: string; text: string } {
  try {
    const u = userInfo();
    return { name: u.username, text: `${u.username} (uid ${u.uid})` };
  } catch {
    const uid = process.getuid?.() ?? -1;
    return { name: String(uid), text: `uid ${uid}` };
  }
}

/**
 * Why this process cannot write the store at `path` (the file, its -wal and -shm files, its folder),
 * and what to do; null when nothing says so (then the store is writable as far as the OS tells).
 */
export function storeAccessProblem(path: string): string | null {
  const folder = dirname(path);
  for (const p of [path, `${path}-wal`, `${path}-shm`, folder]) {
    try {
      accessSync(p, constants.R_OK | constants.W_OK);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'ENOENT') continue;
      if (code === 'EROFS') return `${p} is on a read-only file system: mount it read-write, or choose another node.dataDir`;
      if (code !== 'EACCES' && code !== 'EPERM') return `${p} cannot be written (${(err as Error).message}): check the disk, or choose another node.dataDir`;
      const me = whoAmI();
      let owner = '';
      try {
        owner = `, it belongs to uid ${statSync(p).uid}`;
      } catch {
        // Unreadable metadata: the message names the file and the user all the same.
      }
      return (
        `${me.text} may not write ${p}${owner} (left by a run as another user, such as root?): ` +
        `give that user node.dataDir and everything in it (\`chown -R ${me.name} ${folder}\`), run the node as the files' owner, or choose another node.dataDir`
      );
    }
  }
  return null;
}

/** The store could be opened for reading only: which file, why and what to do. */
export function readOnlyStoreError(path: string, code: ErrorCode, cause: unknown): LienthongError {
  const why = storeAccessProblem(path) ?? `SQLite says it is read-only (${(cause as Error).message}): check the permissions of ${dirname(path)} and the files in it, and the mount`;
  return new LienthongError(code, `the store at ${path} cannot be written: ${why}`, { cause });
}

export function mapSqliteError(err: unknown, path: string, maxBytes: number | undefined): LienthongError {
  if (err instanceof LienthongError) return err;
  if (isStoreFull(err)) return storeFullError(path, maxBytes, err);
  // INTERNAL: transient for peers (a disk remounted read-only may be fixed); never a refusal of the document.
  if (isReadOnly(err)) return readOnlyStoreError(path, 'INTERNAL', err);
  return asLienthongError(err);
}
