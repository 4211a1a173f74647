/** How the CLI ends on an error that is not a usage error: the code and message, then the exit status. */
import { LienthongError } from '../domain/errors.js';
import { unhandledFileError } from './file-errors.js';

export function report(err: unknown): never {
  err = unhandledFileError(err) ?? err;
  if (err instanceof LienthongError) {
    process.stderr.write(`lienthong: ${err.code}: ${err.message}\n`);
    process.exit(err.code === 'NODE_UNREACHABLE' || err.code === 'LINK_DOWN' ? 3 : 1);
  }
  process.stderr.write(`lienthong: ${(err as Error)?.stack ?? String(err)}\n`);
  process.exit(1);
}
