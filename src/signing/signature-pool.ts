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
 * No batch waits for a worker to start (tens of milliseconds on a busy two-core machine, longer
 * than any batch takes): until a worker says it is ready, batches are checked right here and the
 * worker takes the next ones. (Six hops going from 50 to 200 documents/s made five of the seven
 * nodes start a worker within a second, each holding its batch meanwhile: a latency spike at every
 * hop, counted in the p99.)
 */
import { Worker } from 'node:worker_threads';
import { LienthongError } from '../domain/errors.js';
import type { SignatureAlgorithm } from '../domain/types.js';
import { runsInline, SignatureJobs, type WorkerJob, type WorkerResult } from './signature-jobs.js';

export type { WorkerJob, WorkerResult } from './signature-jobs.js';
export interface WorkerBatch {
  id: number;
  jobs: WorkerJob[];
}
export interface WorkerReply {
  id: number;
  results: WorkerResult[];
}
/** What a worker posts once, when it is ready for batches. */
export const WORKER_READY = 'ready';

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
 * How long a worker with nothing to do lives on (it stops 5–7.5 s after its last job). A relay that
 * just carried a burst of documents should have its memory back before a large file comes through:
 * relays that had carried 10,000 documents and then passed a 230 MB file on peaked at 156–195 MB
 * with 60 s here and 32 MiB of SQLite cache, at 124–152 MB with 5 s, 8 MiB and the cache released
 * when idle (session 21). Starting a worker again costs tens of milliseconds, once per burst.
 */
export const WORKER_IDLE_MS = 5_000;

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

  constructor(
    threads: number,
    private readonly keys: Record<string, string> = {},
    private readonly idleMs = WORKER_IDLE_MS,
  ) {
    this.threads = Math.max(1, threads);
    this.inline = new SignatureJobs(keys);
    this.reaper = setInterval(() => this.retireIdle(), Math.max(10, idleMs / 2));
    this.reaper.unref();
  }

  /** Worker threads running now (started, ready or not). */
  get running(): number {
    return this.slots.length;
  }

  /** Jobs handed to worker threads so far (the rest ran on the event loop). */
  handedOff = 0;

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
      if (!this.flushScheduled) {
        this.flushScheduled = true;
        setImmediate(() => this.flush());
      }
    });
  }

  private flush(): void {
    this.flushScheduled = false;
    const inline = runsInline(this.queue.map((p) => p.job), this.slots.length);
    // Work that deserves a worker while none is ready: start one for the next batches, check this one here.
    if (inline || this.ready === 0) {
      if (!inline && this.slots.length === 0) this.slots.push(this.spawn());
      const batch = this.queue;
      this.queue = [];
      for (const p of batch) p.resolve(this.inline.run(p.job));
      return;
    }
    while (this.queue.length > 0) {
      const batch = this.queue.splice(0, MAX_BATCH);
      const slot = this.slotFor();
      const id = this.nextBatch++;
      slot.inflight.set(id, batch);
      slot.jobs += batch.length;
      this.handedOff += batch.length;
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
    const worker = new Worker(new URL('./signature-worker.js', import.meta.url), { workerData: { keys: this.keys } });
    worker.unref();
    const slot: Slot = { worker, ready: false, inflight: new Map(), jobs: 0, dead: false, lastUsedAt: performance.now() };
    worker.on('message', (reply: WorkerReply | typeof WORKER_READY) => {
      if (reply === WORKER_READY) {
        slot.ready = true;
        slot.lastUsedAt = performance.now();
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
