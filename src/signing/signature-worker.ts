/**
 * A signature worker thread: verifies and makes signatures in batches, so the event loop of the
 * node never waits on public-key arithmetic. The private keys of the agencies this node signs for
 * arrive once, in workerData.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { SignatureJobs, WORKER_READY } from './signature-jobs.js';
import type { WorkerBatch, WorkerReply } from './signature-pool.js';

const jobs = new SignatureJobs((workerData as { keys: Record<string, string> }).keys);

parentPort!.on('message', (batch: WorkerBatch) => {
  const reply: WorkerReply = { id: batch.id, results: batch.jobs.map((j) => jobs.run(j)) };
  parentPort!.postMessage(reply);
});
parentPort!.postMessage(WORKER_READY);
