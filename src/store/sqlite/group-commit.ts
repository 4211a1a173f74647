/**
 * Group commit: every write queued before the next event-loop turn runs in one SQLite transaction,
 * so concurrent writers share one fsync. Each write is a synchronous closure over the database; its
 * promise settles only after the transaction holding it committed.
 *
 * Batching needs no timer: a commit blocks the event loop for its fsync, and everything that
 * arrives meanwhile is read in the next poll phase and lands in the next batch. (A 4 ms coalescing
 * delay was tried and removed: it added up to 4 ms to every hop at light load, a single sender's
 * round trip went from 2.4 to 3.9 ms, and loaded throughput did not change.)
 *
 * A write may be lazy (`runLazy`): bookkeeping that a crash may lose because it is redone after
 * restart. Lazy writes alone wait up to LAZY_WAIT_MS for a synced write to share its transaction
 * (at light load, the next hop's acknowledgement of one document rides on the commit of the next);
 * if none comes they commit with synchronous=NORMAL (no fsync). Under load synced writes are always
 * queued, so lazy ones never wait.
 *
 * If the batch fails, each write is re-run alone in its own transaction, so one bad write fails
 * only its own promise. Closures must therefore touch nothing but the database (and pure code).
 */
import type Database from 'better-sqlite3';
import { LienthongError } from '../../domain/errors.js';

interface PendingWrite {
  work: () => unknown;
  lazy?: boolean;
  resolve: (value: unknown) => void;
  reject: (err: unknown) => void;
}

function ignore(): void {}

/**
 * How long lazy writes alone wait for a synced write to commit with. Measured in-process, a
 * transaction of its own costs a lazy write ≈ 150 µs of CPU (its pages written to the WAL again, the
 * locks); sharing one costs little more than its statements.
 */
export const LAZY_WAIT_MS = 20;

/** Told after each synced batch commit: its duration in seconds and how many writes it held. */
export type CommitObserver = (seconds: number, writes: number) => void;

export class GroupCommit {
  private queue: PendingWrite[] = [];
  private immediate: NodeJS.Immediate | null = null;
  /** Set while only lazy writes are queued. */
  private lazyTimer: NodeJS.Timeout | null = null;
  /** Writes in the queue that need an fsync (the others are lazy). */
  private synced = 0;

  private closed = false;
  private commits = 0;
  private readonly runBatch: (batch: PendingWrite[]) => unknown[];
  /** Prepared once: db.pragma() would compile the statement on every unsynced commit. */
  private readonly syncNormal: Database.Statement;
  private readonly syncFull: Database.Statement;
  private readonly runOne: (write: PendingWrite) => unknown;

  constructor(
    private readonly db: Database.Database,
    private readonly mapError: (err: unknown) => Error,
    private readonly onCommit?: CommitObserver,
    /** Called at the start of every transaction (the audit log forgets its cached chain head). */
    private readonly onBegin: () => void = ignore,
  ) {
    this.syncNormal = db.prepare('PRAGMA synchronous = NORMAL');
    this.syncFull = db.prepare('PRAGMA synchronous = FULL');
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
      this.synced++;
      this.schedule();
    });
  }

  /**
   * Queues `work` for the next commit like `run`, but a crash may lose it: when the batch holds
   * only lazy writes it is committed without an fsync. For bookkeeping that is redone after a
   * restart (an entry the next hop acknowledged: sent again, the next hop drops the duplicate).
   */
  runLazy<T>(work: () => T): Promise<T> {
    if (this.closed) return Promise.reject(this.closedError());
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ work, lazy: true, resolve: resolve as (value: unknown) => void, reject });
      this.schedule();
    });
  }

  /** Queues `work` for the next commit with nobody waiting on it (counters). */
  post(work: () => void): void {
    if (this.closed) throw this.closedError();
    this.queue.push({ work, resolve: ignore, reject: ignore });
    this.synced++;
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
    this.syncNormal.run();
    try {
      return this.runOne({ work, resolve: ignore, reject: ignore }) as T;
    } catch (err) {
      throw this.mapError(err);
    } finally {
      this.syncFull.run();
    }
  }

  /** Commits everything queued now. Writes queued while it runs go to the next batch. */
  flush(): void {
    if (this.immediate !== null) clearImmediate(this.immediate);
    this.immediate = null;
    if (this.lazyTimer !== null) clearTimeout(this.lazyTimer);
    this.lazyTimer = null;
    const batch = this.queue;
    if (batch.length === 0) return;
    const lazy = this.synced === 0;
    this.queue = [];
    this.synced = 0;
    let results: unknown[];
    try {
      const started = performance.now();
      if (lazy) this.syncNormal.run();
      try {
        results = this.runBatch(batch);
      } finally {
        if (lazy) this.syncFull.run();
      }
      this.commits++;
      if (!lazy) this.onCommit?.((performance.now() - started) / 1000, batch.length);
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

  /** On the next turn (lazy writes alone: within LAZY_WAIT_MS): what arrives meanwhile joins the batch. */
  private schedule(): void {
    if (this.synced === 0) {
      if (this.immediate === null && this.lazyTimer === null) this.lazyTimer = setTimeout(() => this.flush(), LAZY_WAIT_MS);
      return;
    }
    if (this.immediate === null) this.immediate = setImmediate(() => this.flush());
  }

  private closedError(): LienthongError {
    return new LienthongError(
      'SHUTTING_DOWN',
      `the store at ${this.db.name} is closed: the node is shutting down; retry on the restarted node`,
    );
  }
}
