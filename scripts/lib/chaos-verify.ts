/**
 * Checking the network after the faults: wait until it is quiet, read every inbox (paged, bodies
 * hashed and dropped), compare with what was sent (every document at every recipient exactly once,
 * byte for byte), acknowledge everything, check every status 01 came back to its sender exactly
 * once, and that no outbox holds anything. The comparisons are pure functions over scanned items.
 */
import { createHash } from 'node:crypto';
import type { InboxItem__Output } from '../../src/gen/lienthong/v1/InboxItem.js';
import type { OutboxResponse__Output } from '../../src/gen/lienthong/v1/OutboxResponse.js';
import type { StatusResponse__Output } from '../../src/gen/lienthong/v1/StatusResponse.js';
import type { AcknowledgeResponse__Output } from '../../src/gen/lienthong/v1/AcknowledgeResponse.js';
import { describeError, sleep } from './chaos-admin.js';
import type { ChaosNetwork } from './chaos-topology.js';
import type { SentDoc } from './chaos-workload.js';

/** What the harness keeps of one inbox item. */
export interface ScannedItem {
  agency: string;
  seq: number;
  id: string;
  kind: 'document' | 'status' | 'other';
  /** SHA-256 of the body as read back (documents, when read with bodies). */
  sha256: string;
  bodySize: number;
  /** Last trace hop time minus first: time from the sender's node to the recipient's. */
  delayMs: number;
  acknowledged: boolean;
  status?: { ref: string; code: string; recipient: string; errorCode: string; reason: string; nodeCode: string };
}

function scan(agency: string, i: InboxItem__Output, withBodies: boolean): ScannedItem {
  const m = i.message!;
  const first = i.trace[0]?.atMs ?? 0;
  const last = i.trace[i.trace.length - 1]?.atMs ?? 0;
  const item: ScannedItem = {
    agency,
    seq: i.seq,
    id: m.id,
    kind: m.kind === 'MESSAGE_KIND_DOCUMENT' ? 'document' : m.kind === 'MESSAGE_KIND_STATUS' ? 'status' : 'other',
    sha256: withBodies && m.kind === 'MESSAGE_KIND_DOCUMENT' ? createHash('sha256').update(m.body).digest('hex') : '',
    bodySize: i.bodySize,
    delayMs: last - first,
    acknowledged: i.acknowledged,
  };
  if (m.status) {
    const s = m.status;
    item.status = { ref: s.refMessageId, code: s.code, recipient: s.recipient, errorCode: s.errorCode, reason: s.reason, nodeCode: s.nodeCode };
  }
  return item;
}

/** Reads an agency's whole inbox (acknowledged items included), page by page. */
export async function readInbox(n: ChaosNetwork, agency: string, node: string, withBodies: boolean): Promise<ScannedItem[]> {
  const out: ScannedItem[] = [];
  let afterSeq = 0;
  const deadline = Date.now() + 120_000;
  for (;;) {
    const page = await n.admin.retry<{ items: InboxItem__Output[] }>(node, 'Inbox', {
      agency, includeAcknowledged: true, withBodies, afterSeq, limit: withBodies ? 500 : 5_000,
    }, deadline);
    if (page.items.length === 0) return out;
    for (const i of page.items) out.push(scan(agency, i, withBodies));
    afterSeq = page.items[page.items.length - 1]!.seq;
  }
}

export async function readAllInboxes(n: ChaosNetwork, withBodies: boolean): Promise<ScannedItem[]> {
  const all: ScannedItem[] = [];
  for (const a of n.agencies) all.push(...(await readInbox(n, a.code, a.node, withBodies)));
  return all;
}

export interface DeliveryCheck {
  expected: number;
  delivered: number;
  lost: { id: string; index: number; from: string; recipient: string; node: string }[];
  duplicated: { id: string; recipient: string; copies: number }[];
  corrupted: { id: string; recipient: string; got: string; want: string }[];
  /** Documents in an inbox that were never sent, or at an agency that is not a recipient. */
  unexpected: { id: string; agency: string }[];
  delaysMs: number[];
}

const pairKey = (id: string, agency: string) => `${id} ${agency}`;

/** Every sent document at each of its recipients exactly once, with the body that was sent. */
export function checkDeliveries(sent: Map<string, SentDoc>, items: ScannedItem[]): DeliveryCheck {
  const copies = new Map<string, ScannedItem[]>();
  const unexpected: DeliveryCheck['unexpected'] = [];
  for (const i of items) {
    if (i.kind !== 'document') continue;
    const doc = sent.get(i.id);
    if (!doc || !doc.plan.to.includes(i.agency)) {
      unexpected.push({ id: i.id, agency: i.agency });
      continue;
    }
    const k = pairKey(i.id, i.agency);
    copies.set(k, [...(copies.get(k) ?? []), i]);
  }
  const r: DeliveryCheck = { expected: 0, delivered: 0, lost: [], duplicated: [], corrupted: [], unexpected, delaysMs: [] };
  for (const [id, doc] of sent) {
    for (const recipient of doc.plan.to) {
      r.expected++;
      const got = copies.get(pairKey(id, recipient)) ?? [];
      if (got.length === 0) {
        r.lost.push({ id, index: doc.plan.index, from: doc.plan.from, recipient, node: doc.plan.node });
        continue;
      }
      r.delivered++;
      if (got.length > 1) r.duplicated.push({ id, recipient, copies: got.length });
      for (const g of got) {
        if (g.sha256 && g.sha256 !== doc.sha256) r.corrupted.push({ id, recipient, got: g.sha256, want: doc.sha256 });
      }
      r.delaysMs.push(got[0]!.delayMs);
    }
  }
  return r;
}

export interface StatusCheck {
  expected: number;
  back: number;
  missing: { id: string; recipient: string; sender: string }[];
  duplicated: { id: string; recipient: string; copies: number }[];
  /** Non-delivery reports that reached senders (there should be none). */
  nonDelivery: { ref: string; recipient: string; errorCode: string; reason: string; node: string }[];
}

/** Every delivered (document, recipient) has exactly one status 01 in its sender's inbox. */
export function checkStatuses(sent: Map<string, SentDoc>, items: ScannedItem[]): StatusCheck {
  const count = new Map<string, number>();
  const nonDelivery: StatusCheck['nonDelivery'] = [];
  for (const i of items) {
    if (i.kind !== 'status' || !i.status) continue;
    const s = i.status;
    if (s.code === 'NON_DELIVERY') nonDelivery.push({ ref: s.ref, recipient: s.recipient, errorCode: s.errorCode, reason: s.reason, node: s.nodeCode });
    if (s.code !== '01') continue;
    const doc = sent.get(s.ref);
    if (!doc || doc.plan.from !== i.agency) continue;
    const k = pairKey(s.ref, s.recipient);
    count.set(k, (count.get(k) ?? 0) + 1);
  }
  const r: StatusCheck = { expected: 0, back: 0, missing: [], duplicated: [], nonDelivery };
  for (const [id, doc] of sent) {
    for (const recipient of doc.plan.to) {
      r.expected++;
      const c = count.get(pairKey(id, recipient)) ?? 0;
      if (c === 0) r.missing.push({ id, recipient, sender: doc.plan.from });
      else r.back++;
      if (c > 1) r.duplicated.push({ id, recipient, copies: c });
    }
  }
  return r;
}

export interface NodeSnapshot {
  node: string;
  outboxTotal: number;
  linksDown: string[];
  inflight: number;
}

export async function snapshot(n: ChaosNetwork): Promise<NodeSnapshot[]> {
  return Promise.all([...n.net.nodes.keys()].map(async (node) => {
    const s = await n.admin.call<StatusResponse__Output>(node, 'Status', {}, 10_000);
    return {
      node,
      outboxTotal: s.outboxTotal,
      linksDown: s.links.filter((l) => l.state !== 'up').map((l) => `${l.peerCode} (${l.state}: ${l.lastError})`),
      inflight: s.links.reduce((sum, l) => sum + l.inflight, 0),
    };
  }));
}

/**
 * Waits until every node answers with every link up, nothing in flight and an empty outbox, several
 * times in a row over `stableMs` (one round of Status calls is not an atomic picture).
 */
export async function waitQuiet(n: ChaosNetwork, timeoutMs: number, stableMs = 1_500): Promise<{ quiet: boolean; last: NodeSnapshot[] | string }> {
  const deadline = Date.now() + timeoutMs;
  let quietSince = 0;
  let last: NodeSnapshot[] | string = 'no answer yet';
  while (Date.now() < deadline) {
    try {
      const s = await snapshot(n);
      last = s;
      const quiet = s.every((x) => x.outboxTotal === 0 && x.linksDown.length === 0 && x.inflight === 0);
      if (!quiet) quietSince = 0;
      else if (!quietSince) quietSince = Date.now();
      else if (Date.now() - quietSince >= stableMs) return { quiet: true, last: s };
    } catch (err) {
      quietSince = 0;
      last = describeError(err);
    }
    await sleep(300);
  }
  return { quiet: false, last };
}

/**
 * Polls `progress()` (how many of `target` are done) until all are done, or the network has been
 * quiet with no progress for `idleMs`, or the deadline passes. Returns the last count.
 */
export async function waitComplete(n: ChaosNetwork, target: number, progress: () => Promise<number>, timeoutMs: number, idleMs = 10_000): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  let best = -1;
  let since = Date.now();
  for (;;) {
    const done = await progress();
    if (done >= target) return done;
    if (done > best) {
      best = done;
      since = Date.now();
    } else if (Date.now() - since > idleMs && (await waitQuiet(n, 5_000)).quiet) {
      return done;
    }
    if (Date.now() > deadline) return done;
    await sleep(1_000);
  }
}

/** Acknowledges every delivered document at its recipient, retried until it succeeds. */
export async function acknowledgeAll(n: ChaosNetwork, items: ScannedItem[]): Promise<{ acknowledged: number; notInInbox: number }> {
  const byAgency = new Map<string, string[]>();
  for (const i of items) {
    if (i.kind !== 'document' || i.acknowledged) continue;
    byAgency.set(i.agency, [...(byAgency.get(i.agency) ?? []), i.id]);
  }
  const nodeOf = new Map(n.agencies.map((a) => [a.code, a.node]));
  let acknowledged = 0;
  let notInInbox = 0;
  const deadline = Date.now() + 300_000;
  for (const [agency, ids] of byAgency) {
    for (let i = 0; i < ids.length; i += 500) {
      const batch = ids.slice(i, i + 500);
      const r = await n.admin.retry<AcknowledgeResponse__Output>(nodeOf.get(agency)!, 'Acknowledge', { agency, messageIds: batch }, deadline);
      acknowledged += r.acknowledged;
      notInInbox += r.notInInbox.length;
    }
  }
  return { acknowledged, notInInbox };
}

export interface OutboxLeft {
  node: string;
  outboxTotal: number;
  /** Entries failed, expired or held, described. */
  entries: string[];
}

/** Every node's outbox: nothing queued or in flight, and no failed, expired or held entry. */
export async function checkOutboxes(n: ChaosNetwork): Promise<OutboxLeft[]> {
  const left: OutboxLeft[] = [];
  for (const node of n.net.nodes.keys()) {
    const s = await n.admin.call<StatusResponse__Output>(node, 'Status', {}, 10_000);
    const entries: string[] = [];
    for (const state of ['failed', 'expired', 'held']) {
      const o = await n.admin.call<OutboxResponse__Output>(node, 'Outbox', { state, limit: 100 }, 10_000);
      for (const e of o.entries) entries.push(`${e.state} ${e.messageId} → ${e.nextHop} [${e.recipients.join(', ')}] after ${e.attempts} attempts: ${e.lastError}`);
    }
    if (s.outboxTotal || entries.length) left.push({ node, outboxTotal: s.outboxTotal, entries });
  }
  return left;
}

/** SIGTERM every node at once; returns the nodes that did not exit with code 0. */
export async function stopAll(n: ChaosNetwork): Promise<{ node: string; code: number | null }[]> {
  n.admin.close();
  const codes = await Promise.all([...n.procs.entries()].map(async ([node, p]) => ({ node, code: await p.stop() })));
  return codes.filter((c) => c.code !== 0);
}
