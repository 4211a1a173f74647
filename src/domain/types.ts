/**
 * Glossary: every later name in lienthong comes from here.
 *
 * - agency: a state body with a QCVN 102 code (mã định danh), e.g. `000.00.24.H44`. Agencies are
 *   attached to exactly one node; their document-management software talks to that node.
 * - node: one running `lienthong` daemon. It has its own code, at most one parent, any number of
 *   children and lateral peers, and a set of attached agencies.
 * - link: the long-lived mutual-TLS gRPC stream between two nodes. A child dials its parent; the
 *   link carries traffic both ways.
 * - peer: the node at the other end of a link (role parent, child or lateral).
 * - document: an official document (công văn, quyết định...) sent by one agency to others.
 * - status: a processing status (01–06, 13, 15, 16) or a non-delivery report about a document.
 * - message: a document or a status as it travels; it has an id, a sender, recipients, a priority,
 *   an expiry and a body. It is stored once per node.
 * - envelope: the message without its body: what routing and display need.
 * - recipient: one agency a message is addressed to.
 * - route: the decision for one recipient at one node: deliver locally, forward to a next hop, or
 *   undeliverable (non-delivery back to the sender).
 * - trace: the hops (node, time) one copy of a message passed through.
 * - outbox entry: one copy of a message waiting at this node for one next hop, with the subset of
 *   recipients behind that hop.
 * - attempt: one transfer of an outbox entry over a link.
 * - lease: an outbox entry taken by the forwarder of its link while an attempt is in flight.
 * - expiry: the time after which an undelivered message leaves the outbox and a non-delivery
 *   report goes back to its sender.
 * - inbox item: a message delivered to an attached agency, waiting for its acknowledgement.
 * - attachment: a file of a document (a PDF, an appendix), named by its SHA-256. Its bytes travel
 *   apart from the message, in chunks, and are stored once per node however many messages, copies
 *   or recipients refer to it; they cross each link once.
 * - edXML package: the QCVN 102 XML form of a document or status that agencies' software speaks;
 *   a document that came in as one keeps its edXML header so it can be exported again.
 * - signature: the sender agency's signature over a document's canonical envelope (signed-form.ts),
 *   made with the key of its certificate from the network CA. Every node verifies it before it takes
 *   the document in; the recipient's node shows the signer.
 */
import type { AttachmentRef, Business, MessageHeader, Organization, StaffInfo, TraceHeader } from '../edxml/edxml-types.js';

export type AgencyCode = string;

/** Độ khẩn: 0 normal, 1 khẩn, 2 thượng khẩn, 3 hỏa tốc, 4 hỏa tốc hẹn giờ. */
export type Priority = 0 | 1 | 2 | 3 | 4;

export type MessageKind = 'document' | 'status';

export interface Hop {
  nodeCode: AgencyCode;
  atMs: number;
}

export interface DocumentMeta {
  codeNumber: string;
  codeNotation: string;
  subject: string;
  documentType: string;
  promulgationDate: string;
  dueDate: string;
  fileName: string;
  contentType: string;
}

/** Business processing statuses, plus the transport non-delivery report. */
export type StatusCode = '01' | '02' | '03' | '04' | '05' | '06' | '13' | '15' | '16' | 'NON_DELIVERY';

export interface StatusReport {
  refMessageId: string;
  code: StatusCode;
  reason: string;
  reporter: AgencyCode;
  recipient: AgencyCode;
  atMs: number;
  nodeCode: string;
  path: Hop[];
  errorCode: string;
}

/** One file of a document (an edXML manifest Reference joined with its Attachment), named by SHA-256. */
export type { AttachmentRef } from '../edxml/edxml-types.js';

/** The edXML header a document came with. */
export interface EdxmlInfo {
  header: MessageHeader;
  business: Business;
  /** TraceHeaderList as the sender's software wrote it. */
  traceHeaders: TraceHeader[];
}

/**
 * The edXML part of a status that came in as a status package (edXMLHeader > Status), kept so the
 * package can be exported at the other end as its software wrote it. Code, description and the
 * document it answers are in the StatusReport.
 */
export interface EdxmlStatusInfo {
  from: Organization;
  staffInfo: StaffInfo;
  /** Status/Timestamp as the reporter's software wrote it, ms since the epoch. */
  timestampMs: number;
  /** TraceHeaderList as the reporter's software wrote it. */
  traceHeaders: TraceHeader[];
}

export type SignatureAlgorithm = 'RSA-SHA256' | 'ECDSA-SHA256' | 'Ed25519';

/** A signature over a message's canonical envelope. Binary fields are base64. */
export interface MessageSignature {
  algorithm: SignatureAlgorithm;
  /** DER X.509 certificate of the signer, base64. */
  certificate: string;
  /** Signature bytes, base64. */
  value: string;
}

/** Who signed a message, as checked at one node. */
export interface SignerInfo {
  code: AgencyCode;
  role: string;
  certificateSerial: string;
  algorithm: SignatureAlgorithm;
  verified: boolean;
  verifiedAtNode: string;
}

export interface Envelope {
  id: string;
  kind: MessageKind;
  from: AgencyCode;
  to: AgencyCode[];
  priority: Priority;
  createdAtMs: number;
  expiresAtMs: number;
  document?: DocumentMeta;
  status?: StatusReport;
  bodySha256: string;
  /** Files of a document; empty for statuses. */
  attachments: AttachmentRef[];
  edxml?: EdxmlInfo;
  /** Set on a status that came in as an edXML status package. Outside the signed form. */
  edxmlStatus?: EdxmlStatusInfo;
  /** Required on documents; statuses travel unsigned (see README "Signatures"). */
  signature?: MessageSignature;
}

export interface Message extends Envelope {
  body: Buffer;
}

export type RouteSource = 'attached' | 'child' | 'lateral' | 'static' | 'parent';

export type RouteDecision =
  | { recipient: AgencyCode; kind: 'local' }
  | { recipient: AgencyCode; kind: 'forward'; nextHop: AgencyCode; source: RouteSource }
  | { recipient: AgencyCode; kind: 'undeliverable'; errorCode: string; reason: string };

export type OutboxState = 'queued' | 'inflight' | 'held' | 'failed' | 'expired';

export interface OutboxEntry {
  id: number;
  messageId: string;
  nextHop: AgencyCode;
  recipients: AgencyCode[];
  priority: Priority;
  state: OutboxState;
  attempts: number;
  nextAttemptAtMs: number;
  lastError: string;
  createdAtMs: number;
  expiresAtMs: number;
  sender: AgencyCode;
  size: number;
}

/** What a link sends: a leased outbox entry with the message and the path so far. */
export interface Transfer {
  entry: OutboxEntry;
  message: Message;
  trace: Hop[];
}

export type RecipientStateName =
  | 'queued'
  | 'forwarded'
  | 'inbox'
  | 'acknowledged'
  | 'failed'
  | 'expired';

export interface RecipientState {
  recipient: AgencyCode;
  state: RecipientStateName;
  nextHop: string;
  updatedAtMs: number;
  detail: string;
}

export interface InboxItem {
  seq: number;
  agency: AgencyCode;
  message: Message;
  trace: Hop[];
  deliveredAtMs: number;
  acknowledged: boolean;
}

export type LinkRole = 'parent' | 'child' | 'lateral';

export type Clock = () => number;
