/** A failed write or sync of an attachment file, in the error catalogue. */
import { dirname } from 'node:path';
import { LienthongError } from '../../domain/errors.js';

/** ENOSPC, or a quota (EDQUOT). */
export function isDiskFull(err: unknown): boolean {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  return code === 'ENOSPC' || code === 'EDQUOT';
}

/**
 * A full disk is STORE_FULL, which senders retry later, with `advice` for the operator (what the
 * node did about it, what to do); anything else is INTERNAL naming the file. `what` names the file
 * for the operator ("file <sha256>").
 */
export function fileWriteError(err: unknown, path: string, what: string, advice = 'free space on that disk'): LienthongError {
  if (err instanceof LienthongError) return err;
  if (isDiskFull(err)) {
    return new LienthongError(
      'STORE_FULL',
      `the disk holding ${dirname(path)} is full: ${what} could not be written, so it is dropped and taken again once there is space: ${advice}`,
      { cause: err },
    );
  }
  return new LienthongError('INTERNAL', `${what} could not be written to ${path}: ${(err as Error).message}`, { cause: err });
}
