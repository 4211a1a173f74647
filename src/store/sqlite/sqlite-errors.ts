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
  const why =
    maxBytes === undefined
      ? 'the disk is full'
      : `it is at its limit of ${maxBytes} bytes (limits.maxStoreBytes, less a reserve kept for ` +
        'delivering what is queued), or the disk is full';
  return new LienthongError(
    'STORE_FULL',
    `the store at ${path} is full: ${why}. New messages are refused until space is freed: ` +
      'free disk space, let queued messages drain or expire, or raise limits.maxStoreBytes',
    { cause },
  );
}

export function mapSqliteError(err: unknown, path: string, maxBytes: number | undefined): LienthongError {
  if (err instanceof LienthongError) return err;
  if (isStoreFull(err)) return storeFullError(path, maxBytes, err);
  return asLienthongError(err);
}
