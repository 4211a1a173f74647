/**
 * Conversions between a message's attachments and edXML header and their protobuf shapes.
 * Decoding normalises text to NFC: whatever a peer sends, the domain sees one form.
 */
import type { Attachment, Attachment__Output } from '../gen/lienthong/v1/Attachment.js';
import type { EdxmlInfo as PbEdxmlInfo, EdxmlInfo__Output as PbEdxmlInfoOut } from '../gen/lienthong/v1/EdxmlInfo.js';
import type { EdxmlOrganization__Output } from '../gen/lienthong/v1/EdxmlOrganization.js';
import type { EdxmlStatusInfo as PbEdxmlStatusInfo, EdxmlStatusInfo__Output as PbEdxmlStatusInfoOut } from '../gen/lienthong/v1/EdxmlStatusInfo.js';
import type { EdxmlStaffInfo__Output } from '../gen/lienthong/v1/EdxmlStaffInfo.js';
import { LienthongError } from '../domain/errors.js';
import type { AttachmentRef, EdxmlInfo, EdxmlStatusInfo } from '../domain/types.js';
import type { BusinessDocType, Organization, StaffInfo } from '../edxml/edxml-types.js';

const nfc = (s: string): string => s.normalize('NFC');

export function attachmentToPb(a: AttachmentRef): Attachment {
  return { ...a };
}

export function attachmentFromPb(a: Attachment__Output): AttachmentRef {
  return {
    contentId: nfc(a.contentId),
    contentType: nfc(a.contentType),
    description: nfc(a.description),
    attachmentName: nfc(a.attachmentName),
    sha256: a.sha256.toLowerCase(),
    size: Number(a.size),
  };
}

function orgFromPb(o: EdxmlOrganization__Output | null): Organization {
  return {
    organId: nfc(o?.organId ?? ''),
    organizationInCharge: nfc(o?.organizationInCharge ?? ''),
    organName: nfc(o?.organName ?? ''),
    organAdd: nfc(o?.organAdd ?? ''),
    email: nfc(o?.email ?? ''),
    telephone: nfc(o?.telephone ?? ''),
    fax: nfc(o?.fax ?? ''),
    website: nfc(o?.website ?? ''),
  };
}

function staffFromPb(s: EdxmlStaffInfo__Output | null): StaffInfo {
  return { department: nfc(s?.department ?? ''), staff: nfc(s?.staff ?? ''), mobile: nfc(s?.mobile ?? ''), email: nfc(s?.email ?? '') };
}

export function edxmlToPb(e: EdxmlInfo): PbEdxmlInfo {
  const h = e.header;
  return {
    header: {
      from: h.from,
      to: h.to,
      documentId: h.documentId,
      codeNumber: h.codeNumber,
      codeNotation: h.codeNotation,
      promulgationPlace: h.promulgationPlace,
      promulgationDate: h.promulgationDate,
      documentType: h.documentType.type,
      typeDetail: h.documentType.typeDetail,
      typeName: h.documentType.typeName,
      subject: h.subject,
      content: h.content,
      signerCompetence: h.signerInfo.competence,
      signerPosition: h.signerInfo.position,
      signerFullName: h.signerInfo.fullName,
      dueDate: h.dueDate,
      toPlaces: h.toPlaces,
      priority: h.otherInfo.priority,
      sphereOfPromulgation: h.otherInfo.sphereOfPromulgation,
      typerNotation: h.otherInfo.typerNotation,
      promulgationAmount: h.otherInfo.promulgationAmount,
      pageAmount: h.otherInfo.pageAmount,
      appendixes: h.otherInfo.appendixes,
      steeringType: h.steeringType,
      responseFor: h.responseFor,
    },
    business: {
      docType: e.business.docType,
      docReason: e.business.docReason,
      paper: e.business.paper,
      staffInfo: e.business.staffInfo,
      replacementInfoList: e.business.replacementInfoList,
      spelling: e.business.spelling,
    },
    traceHeaders: e.traceHeaders.map((t) => ({ organId: t.organId, timestampMs: t.timestampMs })),
  };
}

export function edxmlFromPb(pb: PbEdxmlInfoOut): EdxmlInfo {
  const h = pb.header;
  const b = pb.business;
  const docType = b?.docType ?? 0;
  if (docType < 0 || docType > 3) throw new LienthongError('INVALID_DOCUMENT', `edXML BussinessDocType ${docType} is not 0–3 (new, revoke, update, replace)`);
  return {
    header: {
      from: orgFromPb(h?.from ?? null),
      to: (h?.to ?? []).map(orgFromPb),
      documentId: nfc(h?.documentId ?? ''),
      codeNumber: nfc(h?.codeNumber ?? ''),
      codeNotation: nfc(h?.codeNotation ?? ''),
      promulgationPlace: nfc(h?.promulgationPlace ?? ''),
      promulgationDate: h?.promulgationDate ?? '',
      documentType: { type: h?.documentType ?? 0, typeDetail: h?.typeDetail ?? 0, typeName: nfc(h?.typeName ?? '') },
      subject: nfc(h?.subject ?? ''),
      content: nfc(h?.content ?? ''),
      signerInfo: { competence: nfc(h?.signerCompetence ?? ''), position: nfc(h?.signerPosition ?? ''), fullName: nfc(h?.signerFullName ?? '') },
      dueDate: h?.dueDate ?? '',
      toPlaces: (h?.toPlaces ?? []).map(nfc),
      otherInfo: {
        priority: h?.priority ?? 0,
        sphereOfPromulgation: nfc(h?.sphereOfPromulgation ?? ''),
        typerNotation: nfc(h?.typerNotation ?? ''),
        promulgationAmount: h?.promulgationAmount ?? 0,
        pageAmount: h?.pageAmount ?? 0,
        appendixes: (h?.appendixes ?? []).map(nfc),
      },
      steeringType: h?.steeringType ?? 0,
      responseFor: (h?.responseFor ?? []).map((r) => ({
        organId: r.organId,
        code: nfc(r.code),
        promulgationDate: r.promulgationDate,
        documentId: nfc(r.documentId),
      })),
    },
    business: {
      docType: docType as BusinessDocType,
      docReason: nfc(b?.docReason ?? ''),
      paper: b?.paper ?? 0,
      staffInfo: staffFromPb(b?.staffInfo ?? null),
      replacementInfoList: (b?.replacementInfoList ?? []).map((r) => ({ documentId: nfc(r.documentId), organIds: r.organIds })),
      spelling: b?.spelling === 'Business' ? 'Business' : 'Bussiness',
    },
    traceHeaders: (pb.traceHeaders ?? []).map((t) => ({ organId: t.organId, timestampMs: timeFromPb(t.timestampMs, 'TraceHeader/Timestamp') })),
  };
}

export function edxmlStatusToPb(e: EdxmlStatusInfo): PbEdxmlStatusInfo {
  return {
    from: e.from,
    staffInfo: e.staffInfo,
    timestampMs: e.timestampMs,
    traceHeaders: e.traceHeaders.map((t) => ({ organId: t.organId, timestampMs: t.timestampMs })),
  };
}

/** The largest time a Date holds (ms): a later one could not be written out as an edXML Timestamp. */
const MAX_DATE_MS = 8.64e15;
/** A status's own TraceHeaderList, and each text field of its From and StaffInfo, at most. */
const MAX_STATUS_TRACE_HEADERS = 64;
const MAX_STATUS_FIELD_CHARS = 500;

/** Milliseconds since the epoch that a Date (and so an edXML Timestamp) can hold. */
function timeFromPb(value: unknown, what: string): number {
  const ms = Number(value);
  if (!Number.isSafeInteger(ms) || Math.abs(ms) > MAX_DATE_MS) throw new LienthongError('INVALID_DOCUMENT', `edXML ${what} ${String(value)} is not a time in milliseconds since the epoch`);
  return ms;
}

/**
 * A status's edXML part as a peer sent it: statuses travel unsigned, so it is held to what a package
 * read here may hold (times a Date holds, bounded text and trace) before it is stored and exported.
 */
export function edxmlStatusFromPb(pb: PbEdxmlStatusInfoOut): EdxmlStatusInfo {
  const headers = pb.traceHeaders ?? [];
  if (headers.length > MAX_STATUS_TRACE_HEADERS) {
    throw new LienthongError('INVALID_DOCUMENT', `edXML status TraceHeaderList has ${headers.length} entries, at most ${MAX_STATUS_TRACE_HEADERS}`);
  }
  const info: EdxmlStatusInfo = {
    from: orgFromPb(pb.from),
    staffInfo: staffFromPb(pb.staffInfo),
    timestampMs: timeFromPb(pb.timestampMs, 'Status/Timestamp'),
    traceHeaders: headers.map((t) => ({ organId: nfc(t.organId), timestampMs: timeFromPb(t.timestampMs, 'TraceHeader/Timestamp') })),
  };
  for (const [part, fields] of [['From', info.from], ['StaffInfo', info.staffInfo]] as const) {
    for (const [name, value] of Object.entries(fields)) {
      if (typeof value === 'string' && value.length > MAX_STATUS_FIELD_CHARS) {
        throw new LienthongError('INVALID_DOCUMENT', `edXML status ${part}/${name} is ${value.length} characters, at most ${MAX_STATUS_FIELD_CHARS}`);
      }
    }
  }
  return info;
}
