/**
 * Worker threads that verify and make signatures off the event loop. Requests made in the same
 * event-loop turn travel to a worker as one batch (one message each way), so the cost of the
 * hand-off stays small next to the arithmetic. A worker that dies fails its pending requests
 * (transient: the sender retries) and is replaced.
 *
 * A turn's batch of verifications that costs at most ≈ 1 ms (about 40 RSA checks of ≈ 22 µs; a
 * worker round trip costs ≈ 100 µs of CPU, and starting a worker tens of milliseconds) is checked
 * right here instead (`runsInline`), and so is a lone job of any kind (a signature too) while no
 * worker runs: a commune that sends a document now and then never starts one.
 *
 * Workers start when work arrives (a second one only while the first is busy) and stop after
 * `idleMs` without any: a worker holds about 11 MB, which an idle commune node should not pay.
 * No batch waits for a worker to start (tens of milliseconds on a busy two-core machine): until a
 * worker says it is ready, the queue is worked through right here, STARTING_TURN_BUDGET_US of it
 * per event-loop turn so that the node goes on serving, and the worker takes what is left once it
 * is ready. (Six hops going from 50 to 200 documents/s made five of the seven nodes start a worker
 * within a second, each holding its batch meanwhile: a latency spike at every hop, counted in the
 * p99.) A worker that fails before it is ready is reported and not started again for a while
 * (1 s, doubling up to a minute): meanwhile every job runs here, a turn's budget at a time.
 */
import { Worker } from 'node:worker_threads';
import { LienthongError } from '../domain/errors.js';
import type { SignatureAlgorithm } from '../domain/types.js';
import { jobsWithin, runsInline, SignatureJobs, WORKER_READY, type WorkerJob, type WorkerResult } from './signature-jobs.js';

export type { WorkerJob, WorkerResult } from './signature-jobs.js';
export interface WorkerBatch {
  id: number;
  jobs: WorkerJob[];
}
export interface WorkerReply {
  id: number;
  results: WorkerResult[];
}

interface Pending {
  job: WorkerJob;
  resolve(r: WorkerResult): void;
  reject(e: Error): void;
}

interface Slot {
  worker: Worker;
  /** Set once the worker has loaded and said so; until then it is given no work. */
  ready: boolean;
  inflight: Map<number, Pending[]>;
  jobs: number;
  dead: boolean;
  /** performance.now() when its last batch was answered (or it started). */
  lastUsedAt: number;
}

/** Largest batch handed to one worker at once. */
const MAX_BATCH = 256;

/**
 * Work done on the event loop per turn while no worker is ready (≈ 20 ms: 80 RSA signatures, 800
 * RSA checks); the rest waits for the next turn or for the worker.
 */
export const STARTING_TURN_BUDGET_US = 20_000;

/** After a worker fails before it is ready, no new one starts for this long, doubling per failure up to the maximum. */
export const START_RETRY_MS = 1_000;
export const START_RETRY_MAX_MS = 60_000;

/**
 * How long a worker with nothing to do lives on (it stops 5–7.5 s after its last job). A relay that
 * just carried a burst of documents should have its memory back before a large file comes through:
 * relays that had carried 10,000 documents and then passed a 230 MB file on peaked at 156–195 MB
 * with 60 s here and 32 MiB of SQLite cache, at 124–152 MB with 5 s, 8 MiB and the cache released
 * when idle (session 21). Starting a worker again costs tens of milliseconds, once per burst.
 */
export const WORKER_IDLE_MS = 5_000;

export interface SignaturePoolOptions {
  /** How long a worker with nothing to do lives on (WORKER_IDLE_MS). */
  idleMs?: number;
  /** Told why a worker failed before it was ready (the node logs it). */
  onWorkerFailure?: (message: string) => void;
  /** The worker's script (signature-worker.js; tests give one that fails). */
  workerUrl?: URL;
}

export class SignaturePool {
  private readonly slots: Slot[] = [];
  private queue: Pending[] = [];
  private flushScheduled = false;
  private nextBatch = 1;
  private closed = false;
  private readonly threads: number;
  private readonly reaper: NodeJS.Timeout;
  /** Jobs too small to hand off run here (with the same private keys the workers get). */
  private readonly inline: SignatureJobs;
  private jobsHandedOff = 0;
  /** Workers that failed before they were ready, in a row; no start before noStartBefore (performance.now()). */
  private startFailures = 0;
  private noStartBefore = 0;

  private readonly idleMs: number;
  private readonly onWorkerFailure: (message: string) => void;
  private readonly workerUrl: URL;

  constructor(
    threads: number,
    private readonly keys: Record<string, string> = {},
    opts: SignaturePoolOptions = {},
  ) {
    this.idleMs = opts.idleMs ?? WORKER_IDLE_MS;
    this.onWorkerFailure = opts.onWorkerFailure ?? (() => {});
    this.workerUrl = opts.workerUrl ?? new URL('./signature-worker.js', import.meta.url);
    this.threads = Math.max(1, threads);
    this.inline = new SignatureJobs(keys);
    this.reaper = setInterval(() => this.retireIdle(), Math.max(10, this.idleMs / 2));
    this.reaper.unref();
  }

  /** Worker threads running now (started, ready or not). */
  get running(): number {
    return this.slots.length;
  }

  /** Jobs handed to worker threads so far (the rest ran on the event loop). */
  get handedOff(): number {
    return this.jobsHandedOff;
  }

  /** Worker threads ready for batches. */
  get ready(): number {
    return this.slots.reduce((n, s) => n + (s.ready ? 1 : 0), 0);
  }

  async verify(algorithm: SignatureAlgorithm, data: Buffer, certificate: string, signature: Buffer): Promise<boolean> {
    const r = await this.submit({ op: 'verify', algorithm, data, certificate, signature });
    if (typeof r === 'boolean') return r;
    if (r instanceof Uint8Array) throw new LienthongError('INTERNAL', 'signature worker answered a verification with bytes');
    throw new LienthongError('SIGNATURE_INVALID', `the signature could not be checked: ${r.error}`);
  }

  async sign(algorithm: SignatureAlgorithm, data: Buffer, keyId: string): Promise<Buffer> {
    const r = await this.submit({ op: 'sign', algorithm, data, keyId });
    if (r instanceof Uint8Array) return Buffer.from(r.buffer, r.byteOffset, r.byteLength);
    throw new LienthongError('INTERNAL', `signing failed: ${typeof r === 'boolean' ? 'no signature returned' : r.error}`);
  }

  async close(): Promise<void> {
    this.closed = true;
    clearInterval(this.reaper);
    const gone = new LienthongError('SHUTTING_DOWN', 'the signature workers are stopping');
    for (const p of this.queue) p.reject(gone);
    this.queue = [];
    const slots = this.slots.splice(0);
    // Batches a worker was still working on are answered too: their callers must not wait forever.
    for (const slot of slots) {
      slot.dead = true;
      for (const batch of slot.inflight.values()) for (const p of batch) p.reject(gone);
      slot.inflight.clear();
    }
    await Promise.all(slots.map((s) => s.worker.terminate()));
  }

  private submit(job: WorkerJob): Promise<WorkerResult> {
    if (this.closed) return Promise.reject(new LienthongError('SHUTTING_DOWN', 'the signature workers are stopped'));
    return new Promise((resolve, reject) => {
      this.queue.push({ job, resolve, reject });
      this.scheduleFlush();
    });
  }

  private scheduleFlush(): void {
    if (this.flushScheduled || this.closed) return;
    this.flushScheduled = true;
    setImmediate(() => this.flush());
  }

  private flush(): void {
    this.flushScheduled = false;
    if (this.queue.length === 0) return;
    if (runsInline(this.queue.map((p) => p.job), this.slots.length)) {
      const batch = this.queue;
      this.queue = [];
      for (const p of batch) p.resolve(this.inline.run(p.job));
      return;
    }
    // Work that deserves a worker while none is ready: start one, and work through a turn's budget
    // here meanwhile; the rest waits for the next turn, or for the worker once it is ready.
    if (this.ready === 0) {
      if (this.slots.length === 0 && performance.now() >= this.noStartBefore) this.slots.push(this.spawn());
      const batch = this.queue.splice(0, jobsWithin(this.queue.map((p) => p.job), STARTING_TURN_BUDGET_US));
      for (const p of batch) p.resolve(this.inline.run(p.job));
      if (this.queue.length > 0) this.scheduleFlush();
      return;
    }
    while (this.queue.length > 0) {
      const batch = this.queue.splice(0, MAX_BATCH);
      const slot = this.slotFor();
      const id = this.nextBatch++;
      slot.inflight.set(id, batch);
      slot.jobs += batch.length;
      this.jobsHandedOff += batch.length;
      const message: WorkerBatch = { id, jobs: batch.map((p) => p.job) };
      slot.worker.postMessage(message);
    }
  }

  /**
   * The least busy ready worker (there is one: see flush). When it is busy and there is room,
   * another worker starts for the batches after this one.
   */
  private slotFor(): Slot {
    const least = this.slots.filter((s) => s.ready).reduce((a, b) => (b.jobs < a.jobs ? b : a));
    if (least.jobs > 0 && this.slots.length < this.threads && this.slots.every((s) => s.ready)) this.slots.push(this.spawn());
    return least;
  }

  /** Stops workers that have had nothing to do for idleMs (their 'exit' is then expected). */
  private retireIdle(): void {
    const now = performance.now();
    for (const slot of [...this.slots]) {
      if (slot.jobs > 0 || now - slot.lastUsedAt < this.idleMs) continue;
      slot.dead = true;
      this.slots.splice(this.slots.indexOf(slot), 1);
      void slot.worker.terminate();
    }
  }

  private spawn(): Slot {
    const worker = new Worker(this.workerUrl, { workerData: { keys: this.keys } });
    worker.unref();
    const slot: Slot = { worker, ready: false, inflight: new Map(), jobs: 0, dead: false, lastUsedAt: performance.now() };
    worker.on('message', (reply: WorkerReply | typeof WORKER_READY) => {
      if (reply === WORKER_READY) {
        slot.ready = true;
        slot.lastUsedAt = performance.now();
        this.startFailures = 0;
        // What waits for the next turn goes to it.
        if (this.queue.length > 0) this.scheduleFlush();
        return;
      }
      const batch = slot.inflight.get(reply.id);
      if (!batch) return;
      slot.inflight.delete(reply.id);
      slot.jobs -= batch.length;
      slot.lastUsedAt = performance.now();
      batch.forEach((p, i) => p.resolve(reply.results[i]!));
    });
    const fail = (err: Error) => {
      if (slot.dead) return;
      slot.dead = true;
      if (!slot.ready) {
        // It never took a batch: its work runs here. Not started again at once, so that a worker
        // that cannot start does not cost a thread start on every batch.
        this.startFailures++;
        const waitMs = Math.min(START_RETRY_MAX_MS, START_RETRY_MS * 2 ** (this.startFailures - 1));
        this.noStartBefore = performance.now() + waitMs;
        this.onWorkerFailure(`a signature worker failed before it was ready (${err.message}): signatures are checked and made on the event loop, slower; the next start in ${Math.round(waitMs / 1000)} s`);
      }
      const e = new LienthongError('INTERNAL', `signature worker failed: ${err.message}`, { cause: err });
      for (const batch of slot.inflight.values()) for (const p of batch) p.reject(e);
      slot.inflight.clear();
      slot.jobs = 0;
      // The next batch starts a new worker if it needs one.
      const i = this.slots.indexOf(slot);
      if (i >= 0) this.slots.splice(i, 1);
    };
    worker.on('error', fail);
    worker.on('exit', (code) => {
      if (!this.closed) fail(new Error(`exited with code ${code}`));
    });
    return slot;
  }
}
