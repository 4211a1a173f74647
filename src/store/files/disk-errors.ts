/** A failed write or sync of an attachment file, in the error catalogue. */
import { dirname } from 'node:path';
import { LienthongError } from '../../domain/errors.js';

/**
 * A full disk (ENOSPC, or a quota: EDQUOT) is STORE_FULL, which senders retry later; anything else
 * is INTERNAL naming the file. `what` names the file for the operator ("file <sha256>").
 */
export function fileWriteError(err: unknown, path: string, what: string): LienthongError {
  if (err instanceof LienthongError) return err;
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'ENOSPC' || code === 'EDQUOT') {
    return new LienthongError(
      'STORE_FULL',
      `the disk holding ${dirname(path)} is full: ${what} could not be written, so it is dropped and taken again once there is space: free space on that disk`,
      { cause: err },
    );
  }
  return new LienthongError('INTERNAL', `${what} could not be written to ${path}: ${(err as Error).message}`, { cause: err });
}
