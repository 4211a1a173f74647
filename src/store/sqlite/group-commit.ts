/**
 * Group commit: every write of one event-loop turn runs in one SQLite transaction, so concurrent
 * writers share one fsync. Each write is a synchronous closure over the database; its promise
 * settles only after the transaction holding it committed.
 *
 * If the batch fails, each write is re-run alone in its own transaction, so one bad write fails
 * only its own promise. Closures must therefore touch nothing but the database (and pure code).
 */
import type Database from 'better-sqlite3';
import { LienthongError } from '../../domain/errors.js';

interface PendingWrite {
  work: () => unknown;
  resolve: (value: unknown) => void;
  reject: (err: unknown) => void;
}

function ignore(): void {}

/** Told after each synced batch commit: its duration in seconds and how many writes it held. */
export type CommitObserver = (seconds: number, writes: number) => void;

const COALESCE_MS = 4;

export class GroupCommit {
  private queue: PendingWrite[] = [];
  private immediate: NodeJS.Immediate | null = null;
  private timeout: NodeJS.Timeout | null = null;
  private lastFlushAt = 0;

  private closed = false;
  private commits = 0;
  private readonly runBatch: (batch: PendingWrite[]) => unknown[];
  private readonly runOne: (write: PendingWrite) => unknown;

  constructor(
    private readonly db: Database.Database,
    private readonly mapError: (err: unknown) => Error,
    private readonly onCommit?: CommitObserver,
    /** Called at the start of every transaction (the audit log forgets its cached chain head). */
    private readonly onBegin: () => void = ignore,
  ) {
    this.runBatch = db.transaction((batch: PendingWrite[]) => {
      this.onBegin();
      return batch.map((w) => w.work());
    });
    this.runOne = db.transaction((write: PendingWrite) => {
      this.onBegin();
      return write.work();
    });
  }

  /** Transactions committed so far (batches, plus single writes re-run after a failed batch). */
  get commitCount(): number {
    return this.commits;
  }

  /** Writes waiting for the next flush. */
  get pending(): number {
    return this.queue.length;
  }

  /** Queues `work` for the next commit; resolves with its result once committed. */
  run<T>(work: () => T): Promise<T> {
    if (this.closed) return Promise.reject(this.closedError());
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ work, resolve: resolve as (value: unknown) => void, reject });
      this.schedule();
    });
  }

  /** Queues `work` for the next commit with nobody waiting on it (counters). */
  post(work: () => void): void {
    if (this.closed) throw this.closedError();
    this.queue.push({ work, resolve: ignore, reject: ignore });
    this.schedule();
  }

  /**
   * Runs `work` at once in a transaction of its own whose commit is not fsynced: for bookkeeping
   * that a crash may lose without harm (a lease: in-flight entries are queued again at start). It
   * uses synchronous=NORMAL, not OFF: in WAL mode NORMAL still syncs around a checkpoint, so a
   * checkpoint that happens to run at this commit cannot leave earlier synced documents only in the
   * page cache. Keeps such writes off the latency path of the documents they concern.
   */
  runUnsynced<T>(work: () => T): T {
    if (this.closed) throw this.closedError();
    this.db.pragma('synchronous = NORMAL');
    try {
      return this.runOne({ work, resolve: ignore, reject: ignore }) as T;
    } catch (err) {
      throw this.mapError(err);
    } finally {
      this.db.pragma('synchronous = FULL');
    }
  }

  /** Commits everything queued now. Writes queued while it runs go to the next batch. */
  flush(): void {
    // Never hand a Timeout to clearImmediate (or the reverse): Node would corrupt its queues.
    if (this.immediate !== null) clearImmediate(this.immediate);
    if (this.timeout !== null) clearTimeout(this.timeout);
    this.immediate = null;
    this.timeout = null;
    this.lastFlushAt = performance.now();
    const batch = this.queue;
    if (batch.length === 0) return;
    this.queue = [];
    let results: unknown[];
    try {
      const started = performance.now();
      results = this.runBatch(batch);
      this.commits++;
      this.onCommit?.((performance.now() - started) / 1000, batch.length);
    } catch (err) {
      if (batch.length === 1) {
        batch[0]!.reject(this.mapError(err));
        return;
      }
      this.runAlone(batch);
      return;
    }
    for (let i = 0; i < batch.length; i++) batch[i]!.resolve(results[i]);
  }

  /** Commits what is queued, then refuses new writes. */
  close(): void {
    if (this.closed) return;
    this.flush();
    this.closed = true;
  }

  private runAlone(batch: PendingWrite[]): void {
    for (const write of batch) {
      let result: unknown;
      try {
        result = this.runOne(write);
        this.commits++;
      } catch (err) {
        write.reject(this.mapError(err));
        continue;
      }
      write.resolve(result);
    }
  }

  /**
   * Right away (next turn) when the store is not busy; under load, at most one commit per
   * COALESCE_MS, so writes that arrive in separate event-loop turns (one gRPC message each) still
   * share an fsync. Costs at most COALESCE_MS of latency per commit, and only under load.
   */
  private schedule(): void {
    if (this.immediate !== null || this.timeout !== null) return;
    const since = performance.now() - this.lastFlushAt;
    if (since >= COALESCE_MS) this.immediate = setImmediate(() => this.flush());
    else this.timeout = setTimeout(() => this.flush(), COALESCE_MS - since);
  }

  private closedError(): LienthongError {
    return new LienthongError(
      'SHUTTING_DOWN',
      `the store at ${this.db.name} is closed: the node is shutting down; retry on the restarted node`,
    );
  }
}
