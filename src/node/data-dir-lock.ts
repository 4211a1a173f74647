/**
 * One node per data directory: a lock file naming the owner, `<pid> <boot id> <start time>`. A lock
 * left by a process that no longer runs (killed, power cut) is taken over. A pid alone is not
 * enough: after a reboot, or once the pid is reused, another process holds it; and a killed node
 * stays a zombie until its parent reaps it. So on Linux the lock also records this boot and the
 * process's start time (from /proc), and only a live, non-zombie process with both is the owner.
 */
import { closeSync, mkdirSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { LienthongError } from '../domain/errors.js';

interface Owner {
  pid: number;
  /** /proc/sys/kernel/random/boot_id and the process's start (clock ticks since boot); absent off Linux or in old lock files. */
  boot?: string;
  start?: string;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function readOr<T>(read: () => T, fallback: T): T {
  try {
    return read();
  } catch {
    return fallback;
  }
}

/** State letter and start time of a process, from /proc/<pid>/stat; null without /proc. */
function procStat(pid: number): { state: string; start: string } | null {
  const stat = readOr(() => readFileSync(`/proc/${pid}/stat`, 'utf8'), null);
  if (stat === null) return null;
  // Fields after the command name (which may hold spaces): state is field 3, starttime field 22.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return { state: fields[0] ?? '', start: fields[19] ?? '' };
}

function bootId(): string | null {
  return readOr(() => readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim(), null);
}

/** Pure: the lock file's text for an owner, and back. */
export function formatOwner(o: Owner): string {
  return o.boot && o.start ? `${o.pid} ${o.boot} ${o.start}` : String(o.pid);
}

export function parseOwner(text: string): Owner | null {
  const [pid, boot, start] = text.trim().split(/\s+/);
  const n = Number(pid);
  if (!Number.isSafeInteger(n) || n <= 0) return null;
  return boot && start ? { pid: n, boot, start } : { pid: n };
}

function self(): Owner {
  const p = procStat(process.pid);
  const boot = bootId();
  return p && boot ? { pid: process.pid, boot, start: p.start } : { pid: process.pid };
}

/** Whether `o` still runs as the process that wrote the lock. */
export function stillOwns(o: Owner): boolean {
  if (!alive(o.pid)) return false;
  const p = procStat(o.pid);
  if (p === null) return true; // no /proc: the pid is all there is to go by
  if (p.state === 'Z' || p.state === 'X') return false; // exited, not yet reaped
  if (o.boot === undefined || o.start === undefined) return true; // an old lock file: pid only
  return o.boot === bootId() && o.start === p.start;
}

/** A taken lock: calling it releases the lock. */
export interface DataDirLock {
  (): void;
  /** Whether taking the lock created the data directory. */
  readonly created: boolean;
  /**
   * For a start that failed before any document could arrive: removes the data directory if taking
   * the lock created it (the lock goes with it), and otherwise just releases the lock.
   */
  discard(): void;
}

/** Takes the lock (creating the directory if missing); returns its release. */
export function lockDataDir(dataDir: string): DataDirLock {
  let created: boolean;
  try {
    created = mkdirSync(dataDir, { recursive: true, mode: 0o750 }) !== undefined;
  } catch (err) {
    throw new LienthongError('CONFIG_INVALID', `cannot create node.dataDir ${dataDir} (${(err as Error).message}): check that it, or the symlink or mount it is, leads to a folder this user may write to`, { cause: err });
  }
  const path = join(dataDir, 'node.lock');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(path, 'wx', 0o600);
      writeSync(fd, formatOwner(self()));
      closeSync(fd);
      const release = () => rmSync(path, { force: true });
      const discard = () => (created ? rmSync(dataDir, { recursive: true, force: true }) : release());
      return Object.assign(release, { created, discard });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const owner = parseOwner(readOr(() => readFileSync(path, 'utf8'), ''));
      if (owner && owner.pid !== process.pid && stillOwns(owner)) {
        throw new LienthongError('CONFIG_INVALID', `another lienthong node (pid ${owner.pid}) is running on ${dataDir}: stop it first, or give this node its own node.dataDir`);
      }
      rmSync(path, { force: true });
    }
  }
  throw new LienthongError('INTERNAL', `cannot take the lock ${path}`);
}
