/**
 * Running signature jobs: the arithmetic behind the signature pool, used by its worker threads and,
 * for work too small to be worth the hand-off (see runsInline), by the pool itself on the event loop.
 * Public keys are cached per certificate; private keys are the agencies' this node signs for.
 */
import { createPrivateKey, X509Certificate, type KeyObject } from 'node:crypto';
import type { SignatureAlgorithm } from '../domain/types.js';
import { signBytes, verifyBytes } from './signature-crypto.js';

export type WorkerJob =
  | { op: 'verify'; algorithm: SignatureAlgorithm; data: Buffer; certificate: string; signature: Buffer }
  | { op: 'sign'; algorithm: SignatureAlgorithm; data: Buffer; keyId: string };
/** verify: match or not; sign: the signature; or what went wrong. */
export type WorkerResult = boolean | Uint8Array | { error: string };
/** What a worker posts once, when it has loaded and is ready for batches. */
export const WORKER_READY = 'ready';

const CACHE_SIZE = 10_000;

const asBuffer = (u: Uint8Array): Buffer => Buffer.from(u.buffer, u.byteOffset, u.byteLength);

export class SignatureJobs {
  private readonly privateKeys = new Map<string, KeyObject>();
  private readonly publicKeys = new Map<string, KeyObject>();

  constructor(privateKeyPems: Record<string, string> = {}) {
    for (const [id, pem] of Object.entries(privateKeyPems)) this.privateKeys.set(id, createPrivateKey(pem));
  }

  run(job: WorkerJob): WorkerResult {
    try {
      if (job.op === 'verify') {
        return verifyBytes(job.algorithm, asBuffer(job.data), this.publicKeyOf(job.certificate), asBuffer(job.signature));
      }
      const key = this.privateKeys.get(job.keyId);
      if (!key) return { error: `no signing key ${job.keyId} in the signature worker` };
      return signBytes(job.algorithm, asBuffer(job.data), key);
    } catch (err) {
      return { error: (err as Error).message };
    }
  }

  private publicKeyOf(certificateB64: string): KeyObject {
    let key = this.publicKeys.get(certificateB64);
    if (!key) {
      key = new X509Certificate(Buffer.from(certificateB64, 'base64')).publicKey;
      if (this.publicKeys.size >= CACHE_SIZE) this.publicKeys.clear();
      this.publicKeys.set(certificateB64, key);
    }
    return key;
  }
}

/**
 * Measured on the 2-core bench machine: one verification handed to a worker and answered costs
 * ≈ 90–150 µs of CPU (two thread wake-ups, the message copied each way), more than the check itself.
 * The check's own cost per algorithm (RSA-2048 ≈ 22 µs, ECDSA P-256 ≈ 65 µs, Ed25519 ≈ 106 µs).
 *
 * Verifications that cost at most this much together are checked in place: about 40 RSA checks,
 * 1 ms of the event loop. A worker pays off only for larger batches, which come under heavy load;
 * below that, handing off costs more CPU than it saves and, after a quiet spell, starts a worker
 * (tens of milliseconds of CPU). Measured on six hops at 200 documents/s (session 24): with a
 * threshold of 100 µs (four RSA checks), batches of five or more at the start of the load started a
 * worker at every node within the same second, and the slowest 1 % of documents were those that
 * crossed the network then (13–23 ms at every hop instead of 2). Checking everything in place was
 * measured earlier at the same throughput as handing off (one hop, 64 senders, three pairs).
 */
const INLINE_BUDGET_US = 1_000;
const VERIFY_COST_US: Record<SignatureAlgorithm, number> = { 'RSA-SHA256': 25, 'ECDSA-SHA256': 65, Ed25519: 110 };

/** Signing's own cost, measured the same way (RSA-2048 ≈ 250 µs, ECDSA P-256 ≈ 22 µs, Ed25519 ≈ 34 µs). */
const SIGN_COST_US: Record<SignatureAlgorithm, number> = { 'RSA-SHA256': 250, 'ECDSA-SHA256': 25, Ed25519: 35 };

/** Pure: a job's own cost in µs, as measured above (an unknown algorithm fails at once: 0). */
export function jobCostUs(j: WorkerJob): number {
  return (j.op === 'verify' ? VERIFY_COST_US : SIGN_COST_US)[j.algorithm] ?? 0;
}

/**
 * Pure: how many of `jobs`, from the first, fit in `budgetUs` of work on the event loop (at least
 * one, so that work always moves).
 */
export function jobsWithin(jobs: readonly WorkerJob[], budgetUs: number): number {
  let cost = 0;
  for (let i = 0; i < jobs.length; i++) {
    cost += jobCostUs(jobs[i]!);
    if (cost > budgetUs) return Math.max(1, i);
  }
  return jobs.length;
}

/**
 * Pure: whether a batch runs on the event loop rather than in a worker.
 * - Verifications that cost at most INLINE_BUDGET_US together: light and moderate load.
 * - A lone job of any kind (a signature the node makes for its agency, an Ed25519 check) while no
 *   worker runs: starting one costs tens of milliseconds and ≈ 11 MB, for at most ≈ 250 µs of work.
 * Under load batches grow and go to the workers, which keeps the event loop free for the relay.
 */
export function runsInline(jobs: readonly WorkerJob[], workersRunning = 0): boolean {
  if (jobs.length === 1 && workersRunning === 0) {
    const j = jobs[0]!;
    if ((j.op === 'verify' ? VERIFY_COST_US : SIGN_COST_US)[j.algorithm] !== undefined) return true;
  }
  let cost = 0;
  for (const j of jobs) {
    if (j.op !== 'verify') return false;
    cost += VERIFY_COST_US[j.algorithm] ?? Infinity;
    if (cost > INLINE_BUDGET_US) return false;
  }
  return jobs.length > 0;
}
