/**
 * Status messages: processing statuses (01–06, 13, 15, 16) and non-delivery reports. Each is a small
 * message routed back like a document. Ids are derived from their cause so that producing one twice
 * never sends it twice. A status about a status is never produced (no report storms).
 */
import { LienthongError } from './errors.js';
import { derivedMessageId } from './ids.js';
import type { Envelope, Hop, Message, StatusCode } from './types.js';

export const STATUS_NAMES: Record<StatusCode, string> = {
  '01': 'Đã đến (arrived)',
  '02': 'Từ chối tiếp nhận (refused)',
  '03': 'Đã tiếp nhận (registered)',
  '04': 'Phân công (assigned)',
  '05': 'Đang xử lý (being handled)',
  '06': 'Hoàn thành (finished)',
  '13': 'Lấy lại (recall requested)',
  '15': 'Đồng ý lấy lại / cập nhật (recall agreed)',
  '16': 'Từ chối lấy lại / cập nhật (recall refused)',
  NON_DELIVERY: 'Non-delivery (could not be delivered)',
};

/** Codes a recipient may report about a document it received. */
export const RECIPIENT_CODES: readonly StatusCode[] = ['01', '02', '03', '04', '05', '06', '15', '16'];
/** Codes the sender may send to the recipients of its own document. */
export const SENDER_CODES: readonly StatusCode[] = ['13'];

export function checkStatusCode(code: string): StatusCode {
  if (!Object.prototype.hasOwnProperty.call(STATUS_NAMES, code) || code === 'NON_DELIVERY') {
    throw new LienthongError(
      'INVALID_ARGUMENT',
      `status code "${code}" is not one of 01, 02, 03, 04, 05, 06, 13, 15, 16`,
    );
  }
  return code as StatusCode;
}

/** What a report needs of the document it is about. */
export type ReportedDocument = Pick<Envelope, 'id' | 'kind' | 'from' | 'priority'>;

export interface StatusInput {
  about: Pick<Envelope, 'id' | 'priority'>;
  code: StatusCode;
  reporter: string;
  /** Who receives the status. */
  to: string;
  /** Recipient of the original document the status concerns. */
  recipient: string;
  reason: string;
  nowMs: number;
  expirySeconds: number;
  nodeCode?: string;
  path?: Hop[];
  errorCode?: string;
}

/**
 * Codes a recipient may send again with news, told apart by their text: 05 (being handled) with
 * each step, 04 when the document is assigned again. The same text again is the same status (a
 * retry after a lost answer sends nothing new). 01 is sent once, however the acknowledgement reads.
 */
const TOLD_APART_BY_TEXT: readonly StatusCode[] = ['02', '03', '04', '05', '06', '15', '16'];

export function buildStatus(input: StatusInput): Message {
  const { about, code, reporter, to, recipient } = input;
  const reason = input.reason.normalize('NFC');
  const idParts = [about.id, 'status', code, reporter, to, recipient];
  if (reason !== '' && TOLD_APART_BY_TEXT.includes(code)) idParts.push(reason);
  return {
    id: derivedMessageId(...idParts),
    kind: 'status',
    from: reporter,
    to: [to],
    priority: about.priority,
    createdAtMs: input.nowMs,
    expiresAtMs: input.nowMs + input.expirySeconds * 1000,
    status: {
      refMessageId: about.id,
      code,
      reason,
      reporter,
      recipient,
      atMs: input.nowMs,
      nodeCode: input.nodeCode ?? '',
      path: input.path ?? [],
      errorCode: input.errorCode ?? '',
    },
    bodySha256: '',
    body: Buffer.alloc(0),
    attachments: [],
  };
}

/**
 * Non-delivery reports for `recipients` of `about`, produced at node `nodeCode`. Returns none for a
 * status message: a report that cannot be delivered is dropped and counted, never reported on.
 */
/**
 * Whether a node that refused a copy for good has told the sender itself. A node that finds a
 * signature invalid refuses the copy and sends the non-delivery report, naming where the check
 * failed (Relay.verifyFromPeer), and so does one that finds a file's bytes do not match its SHA-256
 * (Relay.reportAlteredFile): a report from the node that handed it the copy would be a second.
 */
export function refuserReports(errorCode: string): boolean {
  return errorCode === 'SIGNATURE_INVALID' || errorCode === 'ATTACHMENT_ALTERED';
}

/** Pure: why a copy failed for good at `peer`, naming the peer once (a reason that starts with it names it already). */
export function peerRefusal(peer: string, reason: string): string {
  return reason.startsWith(`${peer} `) ? reason : `${peer} refused: ${reason}`;
}

export function buildNonDelivery(
  about: ReportedDocument,
  recipients: string[],
  errorCode: string,
  reason: string,
  nodeCode: string,
  nowMs: number,
  expirySeconds: number,
): Message[] {
  if (about.kind !== 'document') return [];
  return recipients.map((recipient) =>
    buildStatus({
      about,
      code: 'NON_DELIVERY',
      reporter: nodeCode,
      to: about.from,
      recipient,
      reason,
      nowMs,
      expirySeconds,
      nodeCode,
      errorCode,
    }),
  );
}

/**
 * Why a status handed over by a peer cannot be what it says, or null. Statuses travel unsigned, so
 * what a relay can hold them to is their own consistency, checked against the sender the peer may
 * hand over (Relay.receiveTransfer): the sender is the reporter; a recipient's status (01–06, 15,
 * 16) comes from that recipient; a non-delivery report from the node that made it; each goes to one
 * agency.
 */
export function statusInconsistency(m: Pick<Message, 'kind' | 'from' | 'to' | 'status'>): string | null {
  const s = m.status;
  if (m.kind !== 'status') return null;
  if (!s) return 'a status message without its status';
  if (m.to.length !== 1) return `a status goes to one agency, this one to ${m.to.length}`;
  if (s.reporter !== m.from) return `its reporter ${s.reporter || '(none)'} is not its sender ${m.from}`;
  if (s.code === 'NON_DELIVERY') {
    if (s.nodeCode !== m.from) return `a non-delivery report from ${m.from} names node ${s.nodeCode || '(none)'} as where it was made`;
  } else if (RECIPIENT_CODES.includes(s.code)) {
    if (s.recipient !== m.from) return `status ${s.code} is a recipient's, and its sender ${m.from} is not the recipient it names (${s.recipient || 'none'})`;
  } else if (SENDER_CODES.includes(s.code)) {
    if (s.recipient !== m.to[0]) return `status ${s.code} goes to the recipient it names (${s.recipient || 'none'}), not to ${m.to[0]}`;
  } else {
    return `"${String(s.code)}" is not a status code`;
  }
  return null;
}

/**
 * Why a (consistent) status cannot be about `doc`, the document it names, as this node holds it; or
 * null. A recipient's status comes from one of the document's recipients and goes to its sender; a
 * recall (13) from its sender to one of its recipients; a non-delivery report is about one of its
 * recipients and goes to its sender.
 */
export function statusMismatch(m: Pick<Message, 'from' | 'to' | 'status'>, doc: Pick<Envelope, 'id' | 'from' | 'to'>): string | null {
  const s = m.status;
  if (!s) return null;
  const to = m.to[0];
  if (SENDER_CODES.includes(s.code)) {
    if (m.from !== doc.from) return `${m.from} is not the sender of document ${doc.id}, which only its sender ${doc.from} may recall`;
    if (!doc.to.includes(s.recipient)) return `${s.recipient} is not a recipient of document ${doc.id}`;
    return null;
  }
  if (to !== doc.from) return `a status about document ${doc.id} goes to its sender ${doc.from}, not to ${to}`;
  if (!doc.to.includes(s.recipient)) return `${s.recipient} is not a recipient of document ${doc.id}`;
  return null;
}
