/** Turns SQLite failures into catalogue errors that tell the operator what to do. */
import { LienthongError, asLienthongError } from '../../domain/errors.js';

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

export function mapSqliteError(err: unknown, path: string, maxBytes: number | undefined): LienthongError {
  if (err instanceof LienthongError) return err;
  if (isStoreFull(err)) return storeFullError(path, maxBytes, err);
  return asLienthongError(err);
}
