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
import { checkAttachments, checkPriority } from '../domain/envelope.js';
import { LienthongError } from '../domain/errors.js';
import { describeSigner } from '../signing/signer-info.js';
import { attachmentFromPb, attachmentToPb, edxmlFromPb, edxmlToPb } from './wire-edxml.js';
import type { DocumentMeta, Hop, InboxItem, Message, MessageSignature, OutboxEntry, SignatureAlgorithm, SignerInfo, StatusCode, StatusReport } from '../domain/types.js';

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

/** Decodes a message received from a peer; shape errors are INVALID_DOCUMENT (permanent). */
export function messageFromPb(pb: PbMessageOut | null | undefined): Message {
  if (!pb) throw new LienthongError('INVALID_DOCUMENT', 'transfer carries no message');
  const kind = pb.kind === 'MESSAGE_KIND_DOCUMENT' ? 'document' : pb.kind === 'MESSAGE_KIND_STATUS' ? 'status' : null;
  if (!kind) throw new LienthongError('INVALID_DOCUMENT', `message ${pb.id}: kind ${pb.kind} is unknown`);
  const m: Message = {
    id: pb.id,
    kind,
    from: pb.from,
    to: pb.to,
    priority: checkPriority(pb.priority),
    createdAtMs: Number(pb.createdAtMs),
    expiresAtMs: Number(pb.expiresAtMs),
    bodySha256: pb.bodySha256,
    body: pb.body,
    attachments: [],
  };
  if (kind === 'document') {
    if (!pb.document) throw new LienthongError('INVALID_DOCUMENT', `document ${pb.id} has no document fields`);
    m.document = { ...pb.document } as DocumentMeta;
    m.attachments = checkAttachments(pb.attachments.map(attachmentFromPb));
    if (pb.edxml) m.edxml = edxmlFromPb(pb.edxml);
  } else {
    if (!pb.status) throw new LienthongError('INVALID_DOCUMENT', `status message ${pb.id} has no status report`);
    m.status = statusFromPb(pb.status);
  }
  if (pb.signature) m.signature = signatureFromPb(pb.signature);
  return m;
}

export function statusReportToPb(s: StatusReport): PbStatusReport {
  return statusToPb(s);
}

export function inboxItemToPb(i: InboxItem, withBody = true): PbInboxItem {
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
  };
}

export function outboxEntryToPb(e: OutboxEntry): PbOutboxEntry {
  return { ...e };
}
