/**
 * A signature worker thread: verifies and makes signatures in batches, so the event loop of the
 * node never waits on public-key arithmetic. Keys are cached per certificate; the private keys of
 * the agencies this node signs for arrive once, in workerData.
 */
import { createPrivateKey, X509Certificate, type KeyObject } from 'node:crypto';
import { parentPort, workerData } from 'node:worker_threads';
import type { SignatureAlgorithm } from '../domain/types.js';
import { signBytes, verifyBytes } from './signature-crypto.js';
import type { WorkerBatch, WorkerReply, WorkerResult } from './signature-pool.js';

const privateKeys = new Map<string, KeyObject>();
for (const [id, pem] of Object.entries((workerData as { keys: Record<string, string> }).keys)) privateKeys.set(id, createPrivateKey(pem));

const publicKeys = new Map<string, KeyObject>();
const CACHE_SIZE = 10_000;

function publicKeyOf(certificateB64: string): KeyObject {
  let key = publicKeys.get(certificateB64);
  if (!key) {
    key = new X509Certificate(Buffer.from(certificateB64, 'base64')).publicKey;
    if (publicKeys.size >= CACHE_SIZE) publicKeys.clear();
    publicKeys.set(certificateB64, key);
  }
  return key;
}

const asBuffer = (u: Uint8Array): Buffer => Buffer.from(u.buffer, u.byteOffset, u.byteLength);

function run(job: WorkerBatch['jobs'][number]): WorkerResult {
  try {
    if (job.op === 'verify') {
      return verifyBytes(job.algorithm as SignatureAlgorithm, asBuffer(job.data), publicKeyOf(job.certificate), asBuffer(job.signature));
    }
    const key = privateKeys.get(job.keyId);
    if (!key) return { error: `no signing key ${job.keyId} in the signature worker` };
    return signBytes(job.algorithm as SignatureAlgorithm, asBuffer(job.data), key);
  } catch (err) {
    return { error: (err as Error).message };
  }
}

parentPort!.on('message', (batch: WorkerBatch) => {
  const reply: WorkerReply = { id: batch.id, results: batch.jobs.map(run) };
  parentPort!.postMessage(reply);
});
