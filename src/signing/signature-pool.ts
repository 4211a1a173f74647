/**
 * Worker threads that verify and make signatures off the event loop. Requests made in the same
 * event-loop turn travel to a worker as one batch (one message each way), so the cost of the
 * hand-off stays small next to the arithmetic. A worker that dies fails its pending requests
 * (transient: the sender retries) and is replaced.
 */
import { Worker } from 'node:worker_threads';
import { LienthongError } from '../domain/errors.js';
import type { SignatureAlgorithm } from '../domain/types.js';

export type WorkerJob =
  | { op: 'verify'; algorithm: SignatureAlgorithm; data: Buffer; certificate: string; signature: Buffer }
  | { op: 'sign'; algorithm: SignatureAlgorithm; data: Buffer; keyId: string };
export interface WorkerBatch {
  id: number;
  jobs: WorkerJob[];
}
/** verify: match or not; sign: the signature; or what went wrong. */
export type WorkerResult = boolean | Uint8Array | { error: string };
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
  inflight: Map<number, Pending[]>;
  jobs: number;
  dead: boolean;
}

/** Largest batch handed to one worker at once. */
const MAX_BATCH = 256;

export class SignaturePool {
  private readonly slots: Slot[] = [];
  private queue: Pending[] = [];
  private flushScheduled = false;
  private nextBatch = 1;
  private closed = false;

  constructor(
    threads: number,
    private readonly keys: Record<string, string> = {},
  ) {
    for (let i = 0; i < Math.max(1, threads); i++) this.slots.push(this.spawn());
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
    const gone = new LienthongError('SHUTTING_DOWN', 'the signature workers are stopping');
    for (const p of this.queue) p.reject(gone);
    this.queue = [];
    await Promise.all(this.slots.map((s) => s.worker.terminate()));
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
    while (this.queue.length > 0) {
      const batch = this.queue.splice(0, MAX_BATCH);
      const slot = this.slots.reduce((a, b) => (b.jobs < a.jobs ? b : a));
      const id = this.nextBatch++;
      slot.inflight.set(id, batch);
      slot.jobs += batch.length;
      const message: WorkerBatch = { id, jobs: batch.map((p) => p.job) };
      slot.worker.postMessage(message);
    }
  }

  private spawn(): Slot {
    const worker = new Worker(new URL('./signature-worker.js', import.meta.url), { workerData: { keys: this.keys } });
    worker.unref();
    const slot: Slot = { worker, inflight: new Map(), jobs: 0, dead: false };
    worker.on('message', (reply: WorkerReply) => {
      const batch = slot.inflight.get(reply.id);
      if (!batch) return;
      slot.inflight.delete(reply.id);
      slot.jobs -= batch.length;
      batch.forEach((p, i) => p.resolve(reply.results[i]!));
    });
    const fail = (err: Error) => {
      if (slot.dead) return;
      slot.dead = true;
      const e = new LienthongError('INTERNAL', `signature worker failed: ${err.message}`, { cause: err });
      for (const batch of slot.inflight.values()) for (const p of batch) p.reject(e);
      slot.inflight.clear();
      slot.jobs = 0;
      if (this.closed) return;
      const i = this.slots.indexOf(slot);
      if (i >= 0) this.slots[i] = this.spawn();
    };
    worker.on('error', fail);
    worker.on('exit', (code) => {
      if (!this.closed) fail(new Error(`exited with code ${code}`));
    });
    return slot;
  }
}
