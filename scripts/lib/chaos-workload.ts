/**
 * The chaos workload: a plan of documents drawn from the seeded PRNG (sender, recipients, size from
 * a few bytes to ~1 MiB, priority), then sent through the senders' nodes' admin sockets by a few
 * concurrent workers, spread over the fault phase. A Send that fails because its node is down (or
 * whose answer was lost when the node died) is retried with the same client-chosen message id, so
 * it is never duplicated; a document counts as sent only once a node accepted it.
 */
import { createHash } from 'node:crypto';
import { uuidv7 } from 'uuidv7';
import type { SendResponse__Output } from '../../src/gen/lienthong/v1/SendResponse.js';
import { describeError, sleep, type AdminPool } from './chaos-admin.js';
import { mulberry32, type Rng } from './chaos-random.js';
import type { AgencyAt } from './chaos-topology.js';

export interface DocPlan {
  index: number;
  /** Client-chosen message id, reused by every retry of this document's Send. */
  id: string;
  from: string;
  /** Node the sender is attached to (where the Send goes). */
  node: string;
  to: string[];
  priority: number;
  size: number;
  bodySeed: number;
}

export interface SentDoc {
  plan: DocPlan;
  sha256: string;
  /** When the sender's node accepted it (harness clock). */
  acceptedAtMs: number;
  attempts: number;
}

export interface WorkloadResult {
  /** Message id → accepted document. */
  sent: Map<string, SentDoc>;
  /** Documents never accepted (permanent refusal, or still refused at the deadline). */
  failed: { plan: DocPlan; error: string }[];
  /** Send attempts that failed transiently and were retried. */
  retries: number;
  /** Anomalies in Send answers (undeliverable routes, unexpected duplicates). */
  anomalies: string[];
  elapsedMs: number;
}

const KiB = 1024;

/** Size buckets: mostly small, some medium, a few near 1 MiB. */
function drawSize(rng: Rng): number {
  const r = rng.float();
  if (r < 0.45) return rng.int(3, KiB);
  if (r < 0.82) return rng.int(KiB, 32 * KiB);
  if (r < 0.97) return rng.int(32 * KiB, 256 * KiB);
  return rng.int(256 * KiB, 1024 * KiB);
}

function drawPriority(rng: Rng): number {
  if (rng.chance(0.15)) return rng.int(3, 4); // hỏa tốc
  return rng.pick([0, 0, 0, 0, 1, 2]);
}

/** Most documents go to one agency, some to a few, some to many across branches. */
function drawRecipients(rng: Rng, others: string[]): string[] {
  const r = rng.float();
  const k = r < 0.65 ? 1 : r < 0.9 ? rng.int(2, 4) : rng.int(5, 12);
  return rng.sample(others, k);
}

export function planDocuments(rng: Rng, agencies: AgencyAt[], count: number): DocPlan[] {
  const plans: DocPlan[] = [];
  for (let index = 0; index < count; index++) {
    const sender = rng.pick(agencies);
    const others = agencies.filter((a) => a.code !== sender.code).map((a) => a.code);
    plans.push({
      index,
      id: uuidv7(),
      from: sender.code,
      node: sender.node,
      to: drawRecipients(rng, others),
      priority: drawPriority(rng),
      size: drawSize(rng),
      bodySeed: rng.uint32(),
    });
  }
  return plans;
}

/** The document's bytes, regenerated identically from its seed whenever needed. */
export function bodyOf(p: DocPlan): Buffer {
  const body = Buffer.alloc(p.size);
  const head = Buffer.from(`lienthong chaos, văn bản số ${p.index}\n`);
  head.copy(body, 0, 0, Math.min(head.length, p.size));
  const next = mulberry32(p.bodySeed);
  for (let i = head.length; i < p.size; i += 4) {
    const v = Math.floor(next() * 4_294_967_296) >>> 0;
    for (let b = 0; b < 4 && i + b < p.size; b++) body[i + b] = (v >>> (8 * b)) & 0xff;
  }
  return body;
}

export const sha256Hex = (b: Buffer): string => createHash('sha256').update(b).digest('hex');

export interface WorkloadOptions {
  plans: DocPlan[];
  admin: AdminPool;
  /** Sends in flight at most. */
  concurrency: number;
  /** Document i is not sent before start + i × spreadMs / count. */
  spreadMs: number;
  /** Give up retrying a document's Send after this (epoch ms). */
  deadline: number;
  /** Progress, every 10 % of the plan. */
  onProgress?: (done: number, total: number) => void;
}

export async function runWorkload(o: WorkloadOptions): Promise<WorkloadResult> {
  const start = Date.now();
  const result: WorkloadResult = { sent: new Map(), failed: [], retries: 0, anomalies: [], elapsedMs: 0 };
  const step = Math.max(1, Math.floor(o.plans.length / 10));
  let next = 0;
  let done = 0;

  const sendOne = async (p: DocPlan) => {
    const body = bodyOf(p);
    const request = {
      request: {
        from: p.from,
        to: p.to,
        priority: p.priority,
        messageId: p.id,
        document: { subject: `Văn bản thử nghiệm hỗn loạn số ${p.index}`, codeNumber: String(p.index), codeNotation: 'CHAOS' },
        body,
      },
    };
    let attempts = 0;
    try {
      const res = await o.admin.retry<SendResponse__Output>(p.node, 'Send', request, o.deadline, () => {
        attempts++;
        result.retries++;
      });
      attempts++;
      if (res.messageId !== p.id) result.anomalies.push(`document ${p.index}: sent with id ${p.id}, node answered ${res.messageId}`);
      if (res.duplicate && attempts === 1) result.anomalies.push(`document ${p.index} (${p.id}): first Send answered "duplicate"`);
      for (const r of res.routes) {
        if (r.decision === 'undeliverable') result.anomalies.push(`document ${p.index} (${p.id}): recipient ${r.recipient} undeliverable at ${p.node}: ${r.reason}`);
      }
      result.sent.set(p.id, { plan: p, sha256: sha256Hex(body), acceptedAtMs: Date.now(), attempts });
    } catch (err) {
      result.failed.push({ plan: p, error: describeError(err) });
    }
    done++;
    if (done % step === 0) o.onProgress?.(done, o.plans.length);
  };

  const worker = async () => {
    while (next < o.plans.length) {
      const p = o.plans[next++]!;
      const due = start + (p.index * o.spreadMs) / o.plans.length;
      if (due > Date.now()) await sleep(due - Date.now());
      await sendOne(p);
    }
  };
  await Promise.all(Array.from({ length: o.concurrency }, worker));
  result.elapsedMs = Date.now() - start;
  return result;
}
