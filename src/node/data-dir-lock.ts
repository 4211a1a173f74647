/**
 * One node per data directory: a lock file naming the owner, `<pid> <boot id> <start time>`. A lock
 * left by a process that no longer runs (killed, power cut) is taken over. A pid alone is not
 * enough: after a reboot, or once the pid is reused, another process holds it; and a killed node
 * stays a zombie until its parent reaps it. So on Linux the lock also records this boot and the
 * process's start time (from /proc), and only a live, non-zombie process with both is the owner.
 */
import { accessSync, closeSync, constants, existsSync, mkdirSync, openSync, readdirSync, readFileSync, rmSync, statSync, writeSync } from 'node:fs';
import { userInfo } from 'node:os';
import { dirname, join } from 'node:path';
import { LienthongError } from '../domain/errors.js';
import { REVOCATIONS_FILE } from '../pki/revocation-file.js';

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

/** Who this process runs as, for messages: "nobody (uid 65534)". */
export function runningAs(): { name: string; text: string } {
  try {
    const u = userInfo();
    return { name: u.username, text: `${u.username} (uid ${u.uid})` };
  } catch {
    const uid = process.getuid?.() ?? -1; // a uid without a passwd entry
    return { name: String(uid), text: `uid ${uid}` };
  }
}

/**
 * A data directory this process may not write in: which, why and what to do, instead of Node's
 * "EACCES: permission denied, open '.../node.lock'" and a stack trace.
 */
export function dataDirNotWritable(err: unknown, dataDir: string, path: string): LienthongError {
  const code = (err as NodeJS.ErrnoException).code;
  if (code === 'EROFS') {
    return new LienthongError('CONFIG_INVALID', `cannot write in node.dataDir ${dataDir}: it is on a read-only file system (writing ${path} failed): mount it read-write, or choose another node.dataDir`, { cause: err });
  }
  if (code === 'EACCES' || code === 'EPERM') {
    const me = runningAs();
    let owner = '';
    try {
      const st = statSync(dataDir);
      owner = ` (it belongs to uid ${st.uid}, mode ${(st.mode & 0o7777).toString(8).padStart(4, '0')})`;
    } catch {
      // Not even that can be read: the message names the user and the folder all the same.
    }
    return new LienthongError(
      'CONFIG_INVALID',
      `cannot write in node.dataDir ${dataDir}: permission denied to ${me.text}${owner}, writing ${path}: ` +
        `give that user the folder and everything in it (\`chown -R ${me.name} ${dataDir}\`), run the node as the folder's owner, or choose another node.dataDir`,
      { cause: err },
    );
  }
  return new LienthongError('CONFIG_INVALID', `cannot write ${path} in node.dataDir ${dataDir} (${(err as Error).message}): check that the folder is writable by this user, or choose another node.dataDir`, { cause: err });
}

function writable(path: string, folder: boolean): boolean {
  return accessError(path, folder) === null;
}

/** Why this user may not read and write `path` (EACCES, EROFS...), or null when it may. */
function accessError(path: string, folder: boolean): NodeJS.ErrnoException | null {
  try {
    accessSync(path, constants.R_OK | constants.W_OK | (folder ? constants.X_OK : 0));
    return null;
  } catch (err) {
    return err as NodeJS.ErrnoException;
  }
}

/** What the node writes in its data directory (see config-load.ts and node.ts): files, and the attachments tree. */
const NODE_FILES = ['lienthong.sqlite', 'lienthong.sqlite-wal', 'lienthong.sqlite-shm', REVOCATIONS_FILE];
const ATTACHMENTS = 'attachments';

/**
 * What of the node's own in an existing data directory this user may not write: the store and
 * revocation list, and the attachments folders (down to attachments/complete/<ab>). An earlier run
 * as another user, root most often, leaves them; the node would otherwise fail later, at the first
 * write to each, with a bare EACCES or "attempt to write a readonly database". Anything else an
 * operator keeps there is not the node's business.
 */
export function unwritableEntries(dataDir: string): string[] {
  const denied: string[] = [];
  for (const name of NODE_FILES) {
    const p = join(dataDir, name);
    if (existsSync(p) && !writable(p, false)) denied.push(p);
  }
  const visit = (dir: string, depth: number): void => {
    if (!writable(dir, true)) {
      denied.push(dir);
      return;
    }
    if (depth === 2) return;
    for (const e of readOr(() => readdirSync(dir, { withFileTypes: true }), [])) {
      if (e.isDirectory()) visit(join(dir, e.name), depth + 1);
    }
  };
  if (existsSync(join(dataDir, ATTACHMENTS))) visit(join(dataDir, ATTACHMENTS), 0);
  return denied;
}

function entriesNotWritable(dataDir: string, denied: string[]): LienthongError {
  const me = runningAs();
  let owner = '';
  try {
    owner = ` (it belongs to uid ${statSync(denied[0]!).uid})`;
  } catch {
    // The path names it all the same.
  }
  const more = denied.length > 1 ? ` and ${denied.length - 1} other entr${denied.length === 2 ? 'y' : 'ies'}` : '';
  return new LienthongError(
    'CONFIG_INVALID',
    `cannot use node.dataDir ${dataDir}: ${me.text} may not write ${denied[0]}${owner}${more}, left by a run as another user (root?): ` +
      `give that user the folder and everything in it (\`chown -R ${me.name} ${dataDir}\`), run the node as their owner, or choose another node.dataDir`,
  );
}

/**
 * What `check-config` says of a data directory, read only (nothing is created or locked): whether
 * this user could start a node on it, and if not why, with the same fix a start would give.
 */
export function inspectDataDir(dataDir: string): { problem: string | null; note: string } {
  if (!existsSync(dataDir)) {
    let parent = dirname(dataDir);
    while (!existsSync(parent) && dirname(parent) !== parent) parent = dirname(parent);
    if (!writable(parent, true)) {
      return { problem: `node.dataDir ${dataDir} does not exist, and ${runningAs().text} may not create it in ${parent}: create it for that user, or choose another node.dataDir`, note: '' };
    }
    return { problem: null, note: `node.dataDir ${dataDir}: not there yet, the first start creates it` };
  }
  // access(2) says EROFS for a read-only mount, where chown would not help.
  const denied0 = accessError(dataDir, true);
  if (denied0) return { problem: dataDirNotWritable(denied0, dataDir, dataDir).message, note: '' };
  const denied = unwritableEntries(dataDir);
  if (denied.length > 0) return { problem: entriesNotWritable(dataDir, denied).message, note: '' };
  const owner = parseOwner(readOr(() => readFileSync(join(dataDir, 'node.lock'), 'utf8'), ''));
  const running = owner && stillOwns(owner) ? `, in use by the running node (pid ${owner.pid})` : '';
  return { problem: null, note: `node.dataDir ${dataDir}: writable${running}` };
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
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw dataDirNotWritable(err, dataDir, path);
      const owner = parseOwner(readOr(() => readFileSync(path, 'utf8'), ''));
      if (owner && owner.pid !== process.pid && stillOwns(owner)) {
        throw new LienthongError('CONFIG_INVALID', `another lienthong node (pid ${owner.pid}) is running on ${dataDir}: stop it first, or give this node its own node.dataDir`);
      }
      try {
        rmSync(path, { force: true });
      } catch (rmErr) {
        throw dataDirNotWritable(rmErr, dataDir, path); // a stale lock in a folder this user may not write in
      }
      continue;
    }
    const release = () => rmSync(path, { force: true });
    const discard = () => (created ? rmSync(dataDir, { recursive: true, force: true }) : release());
    const denied = created ? [] : unwritableEntries(dataDir);
    if (denied.length > 0) {
      release();
      throw entriesNotWritable(dataDir, denied);
    }
    return Object.assign(release, { created, discard });
  }
  throw new LienthongError('INTERNAL', `cannot take the lock ${path}`);
}
