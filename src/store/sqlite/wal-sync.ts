/**
 * Making committed transactions durable off the event loop: an fdatasync of the store's WAL file on
 * libuv's thread pool. The connection commits with synchronous=NORMAL (the WAL frames reach the page
 * cache, no fsync); one fdatasync started after a commit makes it, and everything committed before
 * it, durable. fsync is per file, not per descriptor, so this one opened read-only flushes what
 * SQLite wrote through its own. In WAL mode NORMAL still syncs the WAL before each checkpoint and
 * the database after it, so a checkpoint never leaves frames that are only in the page cache.
 */
import { closeSync, fdatasync, fdatasyncSync, openSync } from 'node:fs';

export interface WalSync {
  /** Starts an fdatasync of the WAL file; `done` hears how it went. */
  sync(done: (err: Error | null) => void): void;
  /** The same, blocking (at close, for what is still waiting). */
  syncNow(): void;
  /** Closes the file once no sync is running. */
  close(): void;
}

/** For a store without a WAL file (in memory): nothing to make durable. */
export const NO_WAL_SYNC: WalSync = {
  sync: (done) => queueMicrotask(() => done(null)),
  syncNow: () => undefined,
  close: () => undefined,
};

/** Syncs `walPath` (the database path + "-wal"; it exists once the first write has committed). */
export function walFileSync(walPath: string): WalSync {
  let fd = -1;
  let running = 0;
  let closing = false;
  const open = (): number => (fd >= 0 ? fd : (fd = openSync(walPath, 'r')));
  const release = (): void => {
    if (closing && running === 0 && fd >= 0) {
      closeSync(fd);
      fd = -1;
    }
  };
  return {
    sync(done) {
      let file: number;
      try {
        file = open();
      } catch (err) {
        queueMicrotask(() => done(err as Error));
        return;
      }
      running++;
      fdatasync(file, (err) => {
        running--;
        release();
        done(err);
      });
    },
    syncNow() {
      fdatasyncSync(open());
    },
    close() {
      closing = true;
      release();
    },
  };
}
