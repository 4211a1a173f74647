/**
 * The edXML package (QCVN 102:2016, domain.md §3–4) as plain data. Names follow the standard's
 * element names in camelCase. Every string is NFC and trimmed; an element that is absent is '' (or 0,
 * or an empty list), so two packages compare with deep equality.
 *
 * A package is either a document package (edXMLHeader > MessageHeader) or a status package
 * (edXMLHeader > Status). Attachments never live in these objects: the parser streams each one to
 * an AttachmentSink and keeps only its reference (name, type, SHA-256, size).
 */

export const EDXML_NAMESPACE = 'http://www.mic.gov.vn/TBT/QCVN_102_2016';

export interface Organization {
  organId: string;
  organizationInCharge: string;
  organName: string;
  organAdd: string;
  email: string;
  telephone: string;
  fax: string;
  website: string;
}

export interface ResponseFor {
  organId: string;
  code: string;
  promulgationDate: string;
  documentId: string;
}

/** BussinessDocType: 0 new, 1 revoke (thu hồi), 2 update, 3 replace. */
export type BusinessDocType = 0 | 1 | 2 | 3;

export interface ReplacementInfo {
  documentId: string;
  /** Agencies the replaced document went to. */
  organIds: string[];
}

export interface StaffInfo {
  department: string;
  staff: string;
  mobile: string;
  email: string;
}

export interface Business {
  docType: BusinessDocType;
  docReason: string;
  paper: number;
  staffInfo: StaffInfo;
  /** For replace (3): the documents this one replaces. For revoke/update the earlier document is in
   *  MessageHeader.ResponseFor or here, as the sender wrote it. */
  replacementInfoList: ReplacementInfo[];
  /** Which spelling the package used: 'Bussiness' (most vendors) or 'Business'. Export keeps it. */
  spelling: 'Bussiness' | 'Business';
}

export interface MessageHeader {
  from: Organization;
  to: Organization[];
  /** OrganId,yyyy/MM/dd,Number/Notation, e.g. "000.00.00.G22,2015/09/30,7816/VPCP-TTĐT". */
  documentId: string;
  codeNumber: string;
  codeNotation: string;
  promulgationPlace: string;
  /** YYYY-MM-DD (the package writes yyyy/MM/dd; both are read). */
  promulgationDate: string;
  documentType: { type: number; typeDetail: number; typeName: string };
  subject: string;
  content: string;
  signerInfo: { competence: string; position: string; fullName: string };
  dueDate: string;
  toPlaces: string[];
  otherInfo: {
    priority: number;
    sphereOfPromulgation: string;
    typerNotation: string;
    promulgationAmount: number;
    pageAmount: number;
    appendixes: string[];
  };
  steeringType: number;
  responseFor: ResponseFor[];
}

/** One Reference of edXMLManifest joined with its Attachment. */
export interface AttachmentRef {
  /** "cid:..." as written in the manifest (without angle brackets). */
  contentId: string;
  contentType: string;
  description: string;
  attachmentName: string;
  sha256: string;
  size: number;
}

export interface TraceHeader {
  organId: string;
  /** Milliseconds since the epoch. */
  timestampMs: number;
}

export interface DocumentPackage {
  kind: 'document';
  header: MessageHeader;
  traceHeaders: TraceHeader[];
  business: Business;
  attachments: AttachmentRef[];
}

/** A status package (edXMLHeader > Status): a processing status travelling back to the sender. */
export interface StatusPackage {
  kind: 'status';
  responseFor: ResponseFor;
  from: Organization;
  staffInfo: StaffInfo;
  /** "01".."06", "13", "15", "16". */
  statusCode: string;
  description: string;
  timestampMs: number;
  traceHeaders: TraceHeader[];
}

export type EdxmlPackage = DocumentPackage | StatusPackage;

/** Where the parser puts attachment bytes as they stream (the node's blob store, a temp dir...). */
export interface AttachmentSink {
  begin(info: { contentId: string; attachmentName: string; contentType: string }): AttachmentWriter;
  /**
   * A document's header has been read and checked (before any attachment that follows it): who
   * sends it and to whom. A throw fails the package.
   */
  header?(head: { from: string; to: string[] }): void;
}

export interface AttachmentWriter {
  /**
   * Resolves when the bytes are written; the parser waits for it (backpressure). `bytes` is the
   * writer's only until then: the parser fills the same buffer again later, so copy what you keep.
   */
  write(bytes: Buffer): Promise<void>;
  /**
   * All bytes written: returns the file's SHA-256 (hex) and size, and `created` when this writer put
   * a file in place that was not held before (false or absent: the node held it already).
   */
  finish(): Promise<{ sha256: string; size: number; created?: boolean }>;
  /** The package failed: drop what was written. */
  abort(): Promise<void>;
}

/** Where the exporter reads attachment bytes from, by SHA-256. */
export type AttachmentSource = (ref: AttachmentRef) => AsyncIterable<Buffer>;
