/**
 * Request decoding and response building shared by the agency and admin services.
 */
import type { SendRequest__Output } from '../gen/lienthong/v1/SendRequest.js';
import type { SendResponse } from '../gen/lienthong/v1/SendResponse.js';
import type { TraceResponse } from '../gen/lienthong/v1/TraceResponse.js';
import type { UpdateStatusResponse } from '../gen/lienthong/v1/UpdateStatusResponse.js';
import type { SkippedRecipient as SkippedRecipientPb } from '../gen/lienthong/v1/SkippedRecipient.js';
import type { SendInput } from '../domain/envelope.js';
import { checkSigningFields } from '../domain/sender-signing.js';
import type { SkippedRecipient } from '../domain/recall-reach.js';
import type { RouteDecision } from '../domain/types.js';
import type { StatusUpdateResult, SubmitResult, TraceView } from '../node/relay.js';
import { hopToPb, messageToPb, signatureFromPb, statusReportToPb } from './wire.js';

export function sendInput(req: SendRequest__Output): SendInput {
  checkSigningFields({ signed: Boolean(req.signature), messageId: req.messageId, createdAtMs: Number(req.createdAtMs), expiresAtMs: Number(req.expiresAtMs) }, 'SendRequest');
  const input: SendInput = {
    from: req.from,
    to: req.to,
    priority: req.priority,
    document: req.document ?? {},
    body: req.body,
  };
  if (req.messageId) input.messageId = req.messageId;
  if (req.expirySeconds) input.expirySeconds = req.expirySeconds;
  if (req.signature) {
    input.signature = signatureFromPb(req.signature);
    input.createdAtMs = Number(req.createdAtMs);
    input.expiresAtMs = Number(req.expiresAtMs);
  }
  return input;
}

function routeToPb(d: RouteDecision) {
  if (d.kind === 'local') return { recipient: d.recipient, decision: 'local', nextHop: '', reason: '' };
  if (d.kind === 'forward') return { recipient: d.recipient, decision: 'forward', nextHop: d.nextHop, reason: d.source };
  return { recipient: d.recipient, decision: 'undeliverable', nextHop: '', reason: `${d.errorCode}: ${d.reason}` };
}

export function sendResponse(r: SubmitResult): SendResponse {
  // A resend: what became of the earlier copy, in the same fields as a first send's routes.
  return { messageId: r.messageId, duplicate: r.duplicate, routes: r.earlier ?? r.routes.map(routeToPb) };
}

/** The statuses an UpdateStatus sent, and the recipients a recall skipped with why (admin's answer has the same fields). */
export function updateStatusResponse(r: StatusUpdateResult): UpdateStatusResponse {
  return {
    statusMessageIds: r.statusMessageIds,
    alreadySent: r.alreadySent,
    skipped: skippedToPb(r.skipped),
  };
}

export function skippedToPb(skipped: readonly SkippedRecipient[]): SkippedRecipientPb[] {
  return skipped.map((s) => ({ recipient: s.recipient, errorCode: s.errorCode, reason: s.reason }));
}

export function traceResponse(t: TraceView): TraceResponse {
  return {
    nodeCode: t.nodeCode,
    message: messageToPb(t.stored.message, false),
    trace: t.stored.trace.map(hopToPb),
    receivedFrom: t.stored.receivedFrom,
    acceptedAtMs: t.stored.acceptedAtMs,
    recipients: t.recipients.map((r) => ({ ...r })),
    statuses: t.statuses.map(statusReportToPb),
  };
}
