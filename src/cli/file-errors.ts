/**
 * A failed file operation on a path the operator gave a command (`--out`, `--ca`, `--edxml`...), as
 * one line saying what failed and what to do, instead of Node's "ENOENT: no such file or
 * directory, open ..." and a stack trace.
 */
import { LienthongError, type ErrorCode } from '../domain/errors.js';

/** What the command wanted of the path. */
export type FileUse = 'read' | 'write' | 'folder';

/** Pure: why the operation failed and what to do, from the error's errno code. */
export function fileProblem(err: unknown, use: FileUse): string {
  const code = (err as NodeJS.ErrnoException | null)?.code;
  switch (code) {
    case 'ENOENT':
      return use === 'read' ? 'no such file: check the path' : 'the folder it should go in does not exist: create it first, or give another path';
    case 'EISDIR':
      return use === 'write' ? 'it is a folder: give the path of a file to write, inside it or elsewhere' : 'it is a folder: give the path of a file';
    case 'ENOTDIR':
      return 'a part of the path is a file, not a folder: check the path';
    case 'EEXIST':
      return 'a file of that name is in the way: give the path of a folder (it is created if missing)';
    case 'EACCES':
    case 'EPERM':
      return `permission denied: run the command as a user who may ${use === 'read' ? 'read it' : 'write there'}, or give another path`;
    case 'EROFS':
      return 'the file system is read-only: give a path on a writable one';
    case 'ENOSPC':
      return 'the disk is full: free some space, or give a path on another disk';
    default:
      return err instanceof Error ? err.message : String(err);
  }
}

/** The error to throw: "cannot write --out /x/y.jsonl: the folder it should go in does not exist: ...". */
export function fileError(err: unknown, use: FileUse, what: string, code: ErrorCode = 'INVALID_ARGUMENT'): LienthongError {
  const failed = use === 'read' ? `cannot read ${what}` : use === 'write' ? `cannot write ${what}` : `cannot use ${what} as a folder`;
  return new LienthongError(code, `${failed}: ${fileProblem(err, use)}`, { cause: err });
}

/** File system calls by what they wanted of their path (other system calls are not about a file). */
const USE_BY_SYSCALL: Record<string, FileUse> = {
  open: 'write', write: 'write', rename: 'write', unlink: 'write', rm: 'write', rmdir: 'write', copyfile: 'write', chmod: 'write', fsync: 'write',
  read: 'read', stat: 'read', lstat: 'read', access: 'read', readlink: 'read',
  mkdir: 'folder', scandir: 'folder', opendir: 'folder',
};

/**
 * For the CLI's last resort: a file system error no command turned into its own message, as one
 * line naming the path (instead of a stack trace); null for anything else.
 */
export function unhandledFileError(err: unknown): LienthongError | null {
  const e = err as NodeJS.ErrnoException | null;
  if (!(e instanceof Error) || typeof e.code !== 'string' || typeof e.path !== 'string' || !e.syscall) return null;
  const use = USE_BY_SYSCALL[e.syscall];
  if (use === undefined) return null;
  // open(2): whether the file was to be read or written is unknown here.
  if (e.syscall === 'open' && e.code === 'ENOENT') return new LienthongError('INVALID_ARGUMENT', `cannot open ${e.path}: no such file or folder: check the path`, { cause: err });
  if (e.syscall === 'open' && (e.code === 'EACCES' || e.code === 'EPERM')) {
    return new LienthongError('INVALID_ARGUMENT', `cannot open ${e.path}: permission denied: run the command as a user who may, or give another path`, { cause: err });
  }
  return fileError(err, use, e.path);
}
