/** Builders for store tests: messages, routing decisions and follow-ups, with readable defaults. */
import { createHash } from 'node:crypto';
import { uuidv7 } from 'uuidv7';
import type { Hop, Message, Priority, RouteDecision, StatusCode } from '../../src/domain/types.js';
import type { AcceptItem, FollowUp } from '../../src/store/store.js';

export const T0 = 1_760_000_000_000;
export const DAY = 86_400_000;
export const NODE = '000.00.00.N01';
export const SENDER = '000.00.00.A01';
export const HOP1 = '000.00.00.P01';
export const HOP2 = '000.00.00.P02';

/** Agency codes B01, B02... */
export function agency(n: number): string {
  return `000.00.00.B${String(n).padStart(2, '0')}`;
}

export function doc(opts: { priority?: Priority; expiresAtMs?: number; body?: string; from?: string } = {}): Message {
  const body = Buffer.from(opts.body ?? `công văn ${Math.random()}`);
  return {
    id: uuidv7(),
    kind: 'document',
    from: opts.from ?? SENDER,
    to: [agency(1), agency(2), agency(3)],
    priority: opts.priority ?? 0,
    createdAtMs: T0,
    expiresAtMs: opts.expiresAtMs ?? T0 + DAY,
    document: {
      codeNumber: '7816',
      codeNotation: 'VPCP-TTĐT',
      subject: 'Về việc thử nghiệm trục liên thông',
      documentType: 'Công văn',
      promulgationDate: '2026-01-05',
      dueDate: '',
      fileName: 'cv.pdf',
      contentType: 'application/pdf',
    },
    bodySha256: createHash('sha256').update(body).digest('hex'),
    body,
    attachments: [],
  };
}

export function status(
  refMessageId: string,
  code: StatusCode,
  opts: { from?: string; to?: string; recipient?: string; reason?: string; atMs?: number } = {},
): Message {
  const body = Buffer.alloc(0);
  const from = opts.from ?? NODE;
  return {
    id: uuidv7(),
    kind: 'status',
    from,
    to: [opts.to ?? SENDER],
    priority: 0,
    createdAtMs: opts.atMs ?? T0,
    expiresAtMs: (opts.atMs ?? T0) + DAY,
    status: {
      refMessageId,
      code,
      reason: opts.reason ?? '',
      reporter: from,
      recipient: opts.recipient ?? '',
      atMs: opts.atMs ?? T0,
      nodeCode: NODE,
      path: [],
      errorCode: code === 'NON_DELIVERY' ? 'EXPIRED' : '',
    },
    bodySha256: createHash('sha256').update(body).digest('hex'),
    body,
    attachments: [],
  };
}

export const local = (recipient: string): RouteDecision => ({ recipient, kind: 'local' });
export const forward = (recipient: string, nextHop: string): RouteDecision => ({
  recipient,
  kind: 'forward',
  nextHop,
  source: 'parent',
});
export const undeliverable = (recipient: string, reason: string): RouteDecision => ({
  recipient,
  kind: 'undeliverable',
  errorCode: 'UNKNOWN_RECIPIENT',
  reason,
});

export function trace(atMs = T0): Hop[] {
  return [
    { nodeCode: HOP2, atMs: atMs - 10 },
    { nodeCode: NODE, atMs },
  ];
}

export function item(
  message: Message,
  routes: RouteDecision[],
  opts: { nowMs?: number; receivedFrom?: string; trace?: Hop[]; sendNow?: ReadonlySet<string> } = {},
): AcceptItem {
  const nowMs = opts.nowMs ?? T0;
  return { message, trace: opts.trace ?? trace(nowMs), receivedFrom: opts.receivedFrom ?? HOP2, routes, nowMs, ...(opts.sendNow ? { sendNow: opts.sendNow } : {}) };
}

/** The follow-up a node sends for a failed or expired entry: a non-delivery report to the sender. */
export function nonDelivery(nowMs: number): FollowUp {
  return (entry, envelope) => [
    item(
      status(envelope.id, 'NON_DELIVERY', {
        to: envelope.from,
        recipient: entry.recipients.join(','),
        reason: entry.lastError,
        atMs: nowMs,
      }),
      [local(envelope.from)],
      { nowMs, receivedFrom: 'local', trace: [{ nodeCode: NODE, atMs: nowMs }] },
    ),
  ];
}
