/**
 * Agencies' software sending documents over the agency API: closed loop (N senders, each waits
 * for its document to be accepted before sending the next) and open loop (sends leave at seeded
 * Poisson arrival times, whether or not earlier ones were answered).
 */
import type { AgencyClient } from '../../src/client/agency-client.js';
import type { SendRequest } from '../../src/gen/lienthong/v1/SendRequest.js';

export interface Sender {
  client: AgencyClient;
  /** The agency sending (the code in the client's certificate). */
  from: string;
}

export function sendRequest(from: string, to: string[], body: Buffer, n: number): SendRequest {
  return {
    from,
    to,
    priority: 0,
    body,
    document: {
      subject: `Văn bản thử tải số ${n}`,
      documentType: 'Công văn',
      codeNumber: String(n),
      codeNotation: 'BENCH',
      fileName: 'van-ban.pdf',
      contentType: 'application/pdf',
    },
  };
}

export interface ClosedLoopResult {
  /** Date.now() just before the first send. */
  startedAtMs: number;
  /** Date.now() when the last send was answered (every document durably accepted). */
  acceptedAtMs: number;
  count: number;
}

/**
 * `count` documents to `to` from `senders` in parallel, each sender one document at a time, taking
 * the next one as soon as its last is accepted (so a sender that is served faster sends more, and
 * the run measures the node, not its slowest connection). Documents are signed the way an agency's
 * software does when an officer approves them, before the clock starts: what is measured is the
 * relay, not the sender's private-key arithmetic (a client that leaves signing to the node sends
 * them unsigned, and the node's signing is measured with the rest). Document n goes to the queue
 * of the agency of sender n mod k, signed with that agency's key; senders of an agency share its
 * queue. `onStart` runs once every document is signed, just before the first send (where CPU
 * accounting starts).
 */
export async function closedLoop(senders: Sender[], to: string[], bodies: Buffer[], count: number, onStart: () => void = () => undefined): Promise<ClosedLoopResult> {
  const queues = new Map<string, { requests: SendRequest[]; next: number }>();
  for (let n = 0; n < count; n++) {
    // Signing 100,000 documents takes half a minute: let the event loop answer the connections' keepalives.
    if (n % 500 === 499) await new Promise((r) => setImmediate(r));
    const s = senders[n % senders.length]!;
    let q = queues.get(s.from);
    if (!q) queues.set(s.from, (q = { requests: [], next: 0 }));
    q.requests.push(s.client.signRequest(sendRequest(s.from, to, bodies[n % bodies.length]!, n)));
  }
  let failed = false;
  onStart();
  const startedAtMs = Date.now();
  await Promise.all(
    senders.map(async (s) => {
      const q = queues.get(s.from);
      while (q && !failed && q.next < q.requests.length) {
        const req = q.requests[q.next++]!;
        try {
          await s.client.send(req);
        } catch (err) {
          failed = true; // the other senders stop too
          throw err;
        }
      }
    }),
  );
  return { startedAtMs, acceptedAtMs: Date.now(), count };
}

export interface OpenLoopResult {
  sent: number;
  startedAtMs: number;
  /** Date.now() when the last send was answered. */
  acceptedAtMs: number;
  /** The rate actually offered: sends over the time from the first scheduled to the last actual send. */
  offeredPerSec: number;
  /** How far behind its schedule the worst send left (the sending process was too busy). */
  maxLagMs: number;
  /** Date.now() at the start of each send, by message id (for the client-side latency). */
  sentAtMs: Map<string, number>;
}

/**
 * Sends at `ratePerSec` for `durationMs`: exponential gaps drawn from `random`, round-robin over
 * `senders`. Resolves once every send was answered. At most `maxInFlight` sends wait for their
 * answer (so a saturated node is not handed more than its clients' deadline allows); past it the
 * schedule slips, which shows in `maxLagMs` and `offeredPerSec`. `onStart` runs once every request
 * is signed, just before the first send.
 */
export async function openLoop(senders: Sender[], to: string[], bodies: Buffer[], ratePerSec: number, durationMs: number, random: () => number, maxInFlight = 2000, onStart: () => void = () => undefined): Promise<OpenLoopResult> {
  const schedule: number[] = [];
  for (let t = -Math.log(1 - random()) * (1000 / ratePerSec); t < durationMs; t += -Math.log(1 - random()) * (1000 / ratePerSec)) schedule.push(t);
  const requests: SendRequest[] = [];
  for (let n = 0; n < schedule.length; n++) {
    if (n % 500 === 499) await new Promise((r) => setImmediate(r));
    const s = senders[n % senders.length]!;
    requests.push(s.client.signRequest(sendRequest(s.from, to, bodies[n % bodies.length]!, n)));
  }
  const sentAtMs = new Map<string, number>();
  const pending: Promise<void>[] = [];
  const errors: unknown[] = [];
  let maxLagMs = 0;
  let i = 0;
  let inFlight = 0;
  let slot: (() => void) | null = null;
  const settled = () => {
    inFlight--;
    slot?.();
    slot = null;
  };
  onStart();
  const t0 = performance.now();
  const startedAtMs = Date.now();
  let lastSentAt = t0;
  while (i < schedule.length) {
    if (inFlight >= maxInFlight) {
      await new Promise<void>((r) => (slot = r));
      continue;
    }
    const now = performance.now() - t0;
    while (i < schedule.length && schedule[i]! <= now && inFlight < maxInFlight) {
      maxLagMs = Math.max(maxLagMs, now - schedule[i]!);
      const n = i++;
      const s = senders[n % senders.length]!;
      const at = Date.now();
      lastSentAt = performance.now();
      inFlight++;
      pending.push(s.client.send(requests[n]!).then(
        (r) => void sentAtMs.set(r.messageId, at),
        (err: unknown) => void errors.push(err),
      ).finally(settled));
    }
    if (i < schedule.length) await new Promise((r) => setTimeout(r, Math.max(0, schedule[i]! - (performance.now() - t0))));
  }
  await Promise.all(pending);
  if (errors.length > 0) throw new Error(`${errors.length} of ${schedule.length} sends failed, the first: ${(errors[0] as Error).message}`, { cause: errors[0] });
  // Offered: what actually left, over the time it took to leave (equals the rate unless it slipped).
  const span = Math.max(schedule.length > 1 ? schedule.at(-1)! - schedule[0]! : 0, lastSentAt - t0 - (schedule[0] ?? 0));
  const offeredPerSec = span > 0 ? ((schedule.length - 1) * 1000) / span : ratePerSec;
  return { sent: schedule.length, startedAtMs, acceptedAtMs: Date.now(), offeredPerSec, maxLagMs, sentAtMs };
}
