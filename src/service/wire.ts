/**
 * Conversions between domain objects and their protobuf shapes (src/gen). Nothing else here.
 */
import type { DocumentMeta as PbDocumentMeta } from '../gen/lienthong/v1/DocumentMeta.js';
import type { Hop as PbHop } from '../gen/lienthong/v1/Hop.js';
import type { InboxItem as PbInboxItem } from '../gen/lienthong/v1/InboxItem.js';
import type { Message as PbMessage, Message__Output as PbMessageOut } from '../gen/lienthong/v1/Message.js';
import type { OutboxEntry as PbOutboxEntry } from '../gen/lienthong/v1/OutboxEntry.js';
import type { Signature as PbSignature, Signature__Output as PbSignatureOut } from '../gen/lienthong/v1/Signature.js';
import type { SignerInfo as PbSignerInfo } from '../gen/lienthong/v1/SignerInfo.js';
import type { StatusReport as PbStatusReport, StatusReport__Output as PbStatusReportOut } from '../gen/lienthong/v1/StatusReport.js';
import { normalizeCode, quoted } from '../domain/agency-code.js';
import { buildDocument, checkPriority } from '../domain/envelope.js';
import { isMessageId } from '../domain/ids.js';
import { STATUS_NAMES } from '../domain/status-message.js';
import { LienthongError } from '../domain/errors.js';
import { describeSigner } from '../signing/signer-info.js';
import { attachmentFromPb, attachmentToPb, edxmlFromPb, edxmlStatusFromPb, edxmlStatusToPb, edxmlToPb } from './wire-edxml.js';
import type { EarlierDocument } from '../edxml/earlier-documents.js';
import type { Hop, InboxItem, Message, MessageSignature, OutboxEntry, SignatureAlgorithm, SignerInfo, StatusCode, StatusReport } from '../domain/types.js';

export function hopToPb(h: Hop): PbHop {
  return { nodeCode: h.nodeCode, atMs: h.atMs };
}

export function hopFromPb(h: { nodeCode: string; atMs: number }): Hop {
  return { nodeCode: h.nodeCode, atMs: Number(h.atMs) };
}

function statusToPb(s: StatusReport): PbStatusReport {
  return { ...s, path: s.path.map(hopToPb) };
}

function statusFromPb(s: PbStatusReportOut): StatusReport {
  if (!Object.prototype.hasOwnProperty.call(STATUS_NAMES, s.code)) {
    throw new LienthongError('INVALID_DOCUMENT', `status code ${quoted(s.code)} is not one of 01–06, 13, 15, 16, NON_DELIVERY`);
  }
  if (!isMessageId(s.refMessageId)) throw new LienthongError('INVALID_DOCUMENT', `status about ${quoted(s.refMessageId)}, which is not a message id`);
  return {
    refMessageId: s.refMessageId,
    code: s.code as StatusCode,
    reason: s.reason,
    reporter: s.reporter,
    recipient: s.recipient,
    atMs: Number(s.atMs),
    nodeCode: s.nodeCode,
    path: s.path.map(hopFromPb),
    errorCode: s.errorCode,
  };
}

export function messageToPb(m: Message, withBody = true): PbMessage {
  const pb: PbMessage = {
    id: m.id,
    kind: m.kind === 'document' ? 'MESSAGE_KIND_DOCUMENT' : 'MESSAGE_KIND_STATUS',
    from: m.from,
    to: m.to,
    priority: m.priority,
    createdAtMs: m.createdAtMs,
    expiresAtMs: m.expiresAtMs,
    bodySha256: m.bodySha256,
    body: withBody ? m.body : Buffer.alloc(0),
  };
  if (m.document) pb.document = m.document as PbDocumentMeta;
  if (m.attachments.length) pb.attachments = m.attachments.map(attachmentToPb);
  if (m.edxml) pb.edxml = edxmlToPb(m.edxml);
  if (m.status) pb.status = statusToPb(m.status);
  if (m.edxmlStatus) pb.edxmlStatus = edxmlStatusToPb(m.edxmlStatus);
  if (m.signature) pb.signature = signatureToPb(m.signature);
  return pb;
}

export function signatureToPb(s: MessageSignature): PbSignature {
  return { algorithm: s.algorithm, certificate: Buffer.from(s.certificate, 'base64'), value: Buffer.from(s.value, 'base64') };
}

/** The algorithm is checked by the verifier, which names the allowed ones. */
export function signatureFromPb(s: PbSignatureOut): MessageSignature {
  return { algorithm: s.algorithm as SignatureAlgorithm, certificate: s.certificate.toString('base64'), value: s.value.toString('base64') };
}

export function signerToPb(s: SignerInfo): PbSignerInfo {
  return { ...s };
}

/**
 * Decodes a message received from a peer and holds it to the rules its sender's node applied at the
 * edge (a node never stores from a peer what it would refuse from an agency): a UUID id, agency
 * codes, recipients without duplicates, priority, the document's fields (through `buildDocument`, so
 * both paths share one set of rules), a known status code. Shape errors are permanent:
 * INVALID_DOCUMENT or INVALID_AGENCY_CODE, naming the message and the field.
 */
export function messageFromPb(pb: PbMessageOut | null | undefined): Message {
  if (!pb) throw new LienthongError('INVALID_DOCUMENT', 'transfer carries no message');
  if (!isMessageId(pb.id)) throw new LienthongError('INVALID_DOCUMENT', `message id ${quoted(pb.id)} is not a lowercase UUID`);
  const kind = pb.kind === 'MESSAGE_KIND_DOCUMENT' ? 'document' : pb.kind === 'MESSAGE_KIND_STATUS' ? 'status' : null;
  if (!kind) throw new LienthongError('INVALID_DOCUMENT', `message ${pb.id}: kind ${pb.kind} is unknown`);
  const createdAtMs = Number(pb.createdAtMs);
  const expiresAtMs = Number(pb.expiresAtMs);
  if (!Number.isSafeInteger(createdAtMs) || !Number.isSafeInteger(expiresAtMs) || createdAtMs < 0 || expiresAtMs < createdAtMs) {
    throw new LienthongError('INVALID_DOCUMENT', `message ${pb.id}: times created ${pb.createdAtMs}, expires ${pb.expiresAtMs} are not milliseconds since the epoch, created before expiry`);
  }
  const m: Message = {
    id: pb.id,
    kind,
    from: pb.from,
    to: pb.to,
    priority: checkPriority(pb.priority),
    createdAtMs,
    expiresAtMs,
    bodySha256: pb.bodySha256,
    body: pb.body,
    attachments: [],
  };
  try {
    if (kind === 'document') {
      if (!pb.document) throw new LienthongError('INVALID_DOCUMENT', 'has no document fields');
      const attachments = pb.attachments.map(attachmentFromPb);
      // Only the checks and normalised fields are kept: id, times and body stay as the sender's node set them.
      const checked = buildDocument(
        { from: pb.from, to: pb.to, priority: pb.priority, document: pb.document, body: Buffer.alloc(0), messageId: pb.id, attachments },
        { maxDocumentBytes: Number.MAX_SAFE_INTEGER, expirySeconds: 1 },
        createdAtMs,
      );
      if (checked.from !== pb.from || checked.to.some((r, i) => r !== pb.to[i])) {
        throw new LienthongError('INVALID_DOCUMENT', 'agency codes are not in canonical form');
      }
      m.document = checked.document!;
      m.attachments = checked.attachments;
      if (pb.edxml) m.edxml = edxmlFromPb(pb.edxml);
    } else {
      if (!pb.status) throw new LienthongError('INVALID_DOCUMENT', 'has no status report');
      checkCodes(pb.from, pb.to);
      m.status = statusFromPb(pb.status);
      if (pb.edxmlStatus) m.edxmlStatus = edxmlStatusFromPb(pb.edxmlStatus);
    }
  } catch (err) {
    if (err instanceof LienthongError) throw new LienthongError(err.code, `${kind} ${pb.id} from a peer: ${err.message}`, { cause: err });
    throw err;
  }
  if (pb.signature) m.signature = signatureFromPb(pb.signature);
  return m;
}

/** Sender and recipients of a status: canonical agency (or node) codes, at least one recipient, none twice. */
function checkCodes(from: string, to: string[]): void {
  if (normalizeCode(from) !== from) throw new LienthongError('INVALID_DOCUMENT', `from ${quoted(from)} is not in canonical form`);
  if (to.length === 0) throw new LienthongError('INVALID_DOCUMENT', 'to: needs at least one recipient');
  const seen = new Set<string>();
  for (const r of to) {
    if (normalizeCode(r) !== r) throw new LienthongError('INVALID_DOCUMENT', `recipient ${quoted(r)} is not in canonical form`);
    if (seen.has(r)) throw new LienthongError('INVALID_DOCUMENT', `to: recipient ${r} is listed twice`);
    seen.add(r);
  }
}

export function statusReportToPb(s: StatusReport): PbStatusReport {
  return statusToPb(s);
}

/** `earlier`: what earlierDocuments found for a revoke, update or replace (none for a new document). */
export function inboxItemToPb(i: InboxItem, withBody = true, earlier: readonly EarlierDocument[] = []): PbInboxItem {
  const here = i.trace[i.trace.length - 1]?.nodeCode ?? '';
  const signer = i.message.signature ? describeSigner(i.message.signature, here) : null;
  return {
    ...(signer ? { signer: signerToPb(signer) } : {}),
    seq: i.seq,
    bodySize: i.message.body.length,
    message: messageToPb(i.message, withBody),
    trace: i.trace.map(hopToPb),
    deliveredAtMs: i.deliveredAtMs,
    acknowledged: i.acknowledged,
    earlier: earlier.map((e) => ({ ...e })),
  };
}

export function outboxEntryToPb(e: OutboxEntry): PbOutboxEntry {
  return { ...e };
}
