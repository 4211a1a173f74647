/**
 * Between edXML packages and lienthong messages. Pure: a parsed document package becomes what an
 * agency sends (SendInput); a held message becomes a package again, its TraceHeaderList extended
 * with every node the message passed and when. A document sent without edXML gets a header built
 * from its registry fields, and its body becomes the package's first attachment.
 */
import type { SendInput } from '../domain/envelope.js';
import type { AttachmentRef, EdxmlStatusInfo, Hop, Message, MessageSignature } from '../domain/types.js';
import { documentIdOf, emptyBusiness, emptyOrganization, emptyStaffInfo } from './edxml-document.js';
import { formatEdxmlDate } from './edxml-time.js';
import type { DocumentPackage, MessageHeader, Organization, ResponseFor, StatusPackage, TraceHeader } from './edxml-types.js';

/** The content id under which a plain document's body appears in its exported package. */
export const BODY_CONTENT_ID = 'cid:body';

const DOC_TYPES = ['new', 'revoke (thu hồi)', 'update', 'replace'] as const;

/** "revoke (thu hồi)" and the like, for display. */
export function businessLabel(docType: number): string {
  return DOC_TYPES[docType] ?? `type ${docType}`;
}

/**
 * What an agency sends, from its document package. `opts`: as SendEdxmlOptions gives them; a
 * signature and the times it covers when the agency's software signed it.
 */
export function sendInputFromPackage(
  pkg: DocumentPackage,
  opts: { messageId?: string; expirySeconds?: number; signature?: MessageSignature; createdAtMs?: number; expiresAtMs?: number } = {},
): SendInput {
  const h = pkg.header;
  const first = pkg.attachments[0];
  const input: SendInput = {
    from: h.from.organId,
    to: h.to.map((o) => o.organId),
    priority: h.otherInfo.priority,
    document: {
      codeNumber: h.codeNumber,
      codeNotation: h.codeNotation,
      subject: h.subject,
      documentType: h.documentType.typeName,
      promulgationDate: h.promulgationDate,
      dueDate: h.dueDate,
      fileName: first?.attachmentName ?? '',
      contentType: first?.contentType ?? '',
    },
    body: Buffer.alloc(0),
    attachments: pkg.attachments,
    edxml: { header: h, business: pkg.business, traceHeaders: pkg.traceHeaders },
  };
  if (opts.messageId) input.messageId = opts.messageId;
  if (opts.expirySeconds) input.expirySeconds = opts.expirySeconds;
  if (opts.signature) input.signature = opts.signature;
  if (opts.createdAtMs !== undefined) input.createdAtMs = opts.createdAtMs;
  if (opts.expiresAtMs !== undefined) input.expiresAtMs = opts.expiresAtMs;
  return input;
}

function org(organId: string): Organization {
  return { ...emptyOrganization(), organId };
}

/** The header of a document that came without edXML, from its registry fields. */
function headerOf(m: Message): MessageHeader {
  const d = m.document;
  const header: MessageHeader = {
    from: org(m.from),
    to: m.to.map(org),
    documentId: '',
    codeNumber: d?.codeNumber ?? '',
    codeNotation: d?.codeNotation ?? '',
    promulgationPlace: '',
    promulgationDate: d?.promulgationDate ?? '',
    documentType: { type: 0, typeDetail: 0, typeName: d?.documentType ?? '' },
    subject: d?.subject ?? '',
    content: '',
    signerInfo: { competence: '', position: '', fullName: '' },
    dueDate: d?.dueDate ?? '',
    toPlaces: [],
    otherInfo: { priority: m.priority, sphereOfPromulgation: '', typerNotation: '', promulgationAmount: 0, pageAmount: 0, appendixes: [] },
    steeringType: 0,
    responseFor: [],
  };
  header.documentId = documentIdOf(header);
  return header;
}

function traceHeaders(before: TraceHeader[], hops: Hop[]): TraceHeader[] {
  return [...before, ...hops.map((h) => ({ organId: h.nodeCode, timestampMs: h.atMs }))];
}

/** The files of an exported document: its attachments, plus its body when it has one. */
export function exportedAttachments(m: Message): AttachmentRef[] {
  if (m.body.length === 0) return m.attachments;
  const body: AttachmentRef = {
    contentId: BODY_CONTENT_ID,
    contentType: m.document?.contentType || 'application/octet-stream',
    description: '',
    attachmentName: m.document?.fileName || 'document',
    sha256: m.bodySha256,
    size: m.body.length,
  };
  return [body, ...m.attachments];
}

/** A held document as an edXML package; `trace` is the path it took to this node. */
export function documentPackage(m: Message, trace: Hop[]): DocumentPackage {
  const e = m.edxml;
  return {
    kind: 'document',
    header: e?.header ?? headerOf(m),
    business: e?.business ?? emptyBusiness(),
    traceHeaders: traceHeaders(e?.traceHeaders ?? [], trace),
    attachments: exportedAttachments(m),
  };
}

/**
 * The edXML DocumentId under which agencies' status packages may name a held document: the one its
 * package carried, or for a document sent without one (or without edXML) the id its export carries,
 * `OrganId,yyyy/MM/dd,Number/Notation` from its sender, date and number; '' without a number.
 */
export function documentKeyOf(m: Message): string {
  if (m.kind !== 'document') return '';
  const h = m.edxml?.header ?? headerOf(m);
  const id = h.documentId !== '' ? h.documentId : documentIdOf(h);
  // `OrganId,yyyy/MM/dd,` without a number names every such document of that sender and day: not a key.
  const parts = id.split(',');
  return parts.length === 3 && parts[2]!.trim() === '' ? '' : id;
}

/**
 * The DocumentId a status package's ResponseFor names: its DocumentId, or one made from its
 * OrganId, PromulgationDate and Code as documentKeyOf makes it; '' when it names neither.
 */
export function responseKeyOf(r: ResponseFor): string {
  if (r.documentId !== '') return r.documentId;
  if (r.code === '' || r.organId === '') return '';
  return `${r.organId},${formatEdxmlDate(r.promulgationDate)},${r.code}`;
}

/** What a status package's ResponseFor says of the document `about` (or of its id alone). */
export function responseForOf(about: Message | null, refMessageId: string): ResponseFor {
  if (!about) return { organId: '', code: '', promulgationDate: '', documentId: refMessageId };
  const h = about.edxml?.header ?? headerOf(about);
  const code = [h.codeNumber, h.codeNotation].filter((s) => s !== '').join('/');
  return { organId: about.from, code, promulgationDate: h.promulgationDate, documentId: h.documentId };
}

/** What a status keeps of the package it came in (code, description and ResponseFor go in its StatusReport). */
export function edxmlStatusOf(pkg: StatusPackage): EdxmlStatusInfo {
  return { from: pkg.from, staffInfo: pkg.staffInfo, timestampMs: pkg.timestampMs, traceHeaders: pkg.traceHeaders };
}

/**
 * A held status message as an edXML status package: From, StaffInfo, Timestamp and the
 * TraceHeaderList as the reporter's package wrote them, when it came in as one; otherwise (a status
 * made through the API, a non-delivery report) built from the report.
 */
export function statusPackage(m: Message, trace: Hop[], about: Message | null): StatusPackage {
  const s = m.status!;
  const e = m.edxmlStatus;
  return {
    kind: 'status',
    responseFor: responseForOf(about, s.refMessageId),
    // The reporter is who the status is from, whatever its edXML part (a peer's word) says; a
    // non-delivery report is about the recipient it could not reach (the node that found it is in
    // the Description), so the sender's software files it against that recipient.
    from: s.code === 'NON_DELIVERY' && s.recipient ? org(s.recipient) : e ? { ...e.from, organId: s.reporter } : org(s.reporter),
    staffInfo: e?.staffInfo ?? emptyStaffInfo(),
    statusCode: s.code === 'NON_DELIVERY' ? '02' : s.code,
    description: s.code === 'NON_DELIVERY' ? `non-delivery (${s.errorCode}) at ${s.nodeCode}: ${s.reason}` : s.reason,
    timestampMs: e?.timestampMs ?? s.atMs,
    traceHeaders: traceHeaders(e?.traceHeaders ?? [], trace),
  };
}
