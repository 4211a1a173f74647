/**
 * The statuses an attached agency's own actions send (pure): status 01 when it acknowledges a
 * document from its inbox, and the processing statuses it sends about a document it sent (13, a
 * recall) or received. Each carries the edXML status package it came in, if any.
 */
import { foreignMessage, LienthongError } from '../domain/errors.js';
import { forbiddenXmlCharacter } from '../domain/xml-characters.js';
import { recallReach, type SkippedRecipient } from '../domain/recall-reach.js';
import { buildStatus, checkStatusCode, RECIPIENT_CODES, SENDER_CODES } from '../domain/status-message.js';
import type { EdxmlStatusInfo, InboxItem, Message, RecipientState, StatusCode, StatusReport } from '../domain/types.js';
import type { StoredMessage } from '../store/store.js';

/** Who sends a status, why (its Description), in which status package, and when. */
export interface StatusUpdate {
  agency: string;
  reason: string;
  edxml: EdxmlStatusInfo | undefined;
  nowMs: number;
  expirySeconds: number;
}

/** A status with the edXML part of the package it came in, if any. */
function withEdxml(edxml: EdxmlStatusInfo | undefined, status: Message): Message {
  return edxml ? { ...status, edxmlStatus: edxml } : status;
}

/** Status 01 back to the sender of a document `u.agency` acknowledged from its inbox; null for a status. */
export function acknowledgement(item: InboxItem, u: StatusUpdate): Message | null {
  if (item.message.kind !== 'document') return null;
  return withEdxml(u.edxml, buildStatus({
    about: item.message,
    code: '01',
    reporter: u.agency,
    to: item.message.from,
    recipient: u.agency,
    reason: u.reason,
    nowMs: u.nowMs,
    expirySeconds: u.expirySeconds,
    path: item.trace,
  }));
}

/** The longest reason (edXML Description) a status sent by an agency may carry, in characters. */
export const MAX_REASON_CHARS = 2000;

/** Pure: a status's reason as it travels (NFC), or INVALID_ARGUMENT when a package could not carry it. */
export function checkReason(reason: string, field = 'reason'): string {
  const s = reason.normalize('NFC');
  const forbidden = forbiddenXmlCharacter(s);
  if (forbidden) throw new LienthongError('INVALID_ARGUMENT', `${field}: holds ${forbidden}, a control character or lone surrogate that an edXML status package cannot carry: remove it`);
  const chars = [...s].length;
  if (chars > MAX_REASON_CHARS) throw new LienthongError('INVALID_ARGUMENT', `${field}: is ${chars} characters, at most ${MAX_REASON_CHARS} allowed: say more in the documents themselves`);
  return s;
}

/** The code of a processing status an agency sends (01 is sent by acknowledging the document instead). */
export function updateCode(codeText: string): StatusCode {
  const code = checkStatusCode(codeText);
  if (code === '01') {
    throw new LienthongError('INVALID_ARGUMENT', 'status 01 (Đã đến) is sent by acknowledging the document: use Acknowledge (`lienthong ack`)');
  }
  return code;
}

/** What an update sends, and the recipients of the document a recall was not sent to, with why. */
export interface AgencyStatuses {
  statuses: Message[];
  skipped: SkippedRecipient[];
}

/**
 * The statuses `u.agency` sends about the document `stored` here: a recall from its sender to each
 * of its recipients the document can still reach (recallReach), or a status from a recipient it
 * was delivered to here back to its sender. `recipients`: the document's recipients as this node
 * holds them; `reports`: the statuses about it that reached this node (read for a recall only);
 * `held`: whether this node holds a message of that id. A recall that can reach none of them is
 * refused (NO_RECIPIENT_REACHABLE), naming each and why, unless it went out earlier to some of them
 * (a retry after a lost answer, the copies having expired since): then it is what went out.
 */
export function agencyStatuses(stored: StoredMessage, code: StatusCode, recipients: readonly RecipientState[], reports: () => readonly StatusReport[], u: StatusUpdate, self: string, held: (id: string) => boolean = () => false): AgencyStatuses {
  const doc = stored.message;
  const { agency, reason, nowMs, expirySeconds } = u;
  let statuses: Message[];
  let skipped: SkippedRecipient[] = [];
  if (doc.from !== agency && !doc.to.includes(agency)) {
    throw foreignMessage(doc.id, self, agency, 'document');
  }
  if (SENDER_CODES.includes(code)) {
    if (doc.from !== agency) {
      throw new LienthongError('NOT_AUTHORIZED', `only the sender ${doc.from} may recall document ${doc.id}`);
    }
    const reach = recallReach(doc.to, recipients, reports(), self);
    const recall = (r: string) => buildStatus({ about: doc, code, reporter: agency, to: r, recipient: r, reason, nowMs, expirySeconds });
    if (reach.reachable.length === 0) {
      const earlier = doc.to.map(recall).filter((s) => held(s.id));
      if (earlier.length > 0) return { statuses: earlier.map((s) => withEdxml(u.edxml, s)), skipped: reach.skipped.filter((s) => !earlier.some((e) => e.to.includes(s.recipient))) };
      const why = reach.skipped.map((s) => `${s.recipient} (${s.errorCode ? `${s.errorCode}: ` : ''}${s.reason})`).join('; ');
      throw new LienthongError('NO_RECIPIENT_REACHABLE', `document ${doc.id} reached none of its recipients, so status ${code} has no one to go to: ${why}. Each was reported to ${doc.from} as a non-delivery; nothing was sent`);
    }
    skipped = reach.skipped;
    statuses = reach.reachable.map(recall);
  } else {
    if (!RECIPIENT_CODES.includes(code)) throw new LienthongError('INVALID_ARGUMENT', `status ${code} cannot be sent by a recipient`);
    const mine = recipients.find((r) => r.recipient === agency);
    if (!mine || (mine.state !== 'inbox' && mine.state !== 'acknowledged')) {
      throw new LienthongError('NOT_AUTHORIZED', `document ${doc.id} was not delivered to ${agency} on this node`);
    }
    statuses = [buildStatus({ about: doc, code, reporter: agency, to: doc.from, recipient: agency, reason, nowMs, expirySeconds, path: stored.trace })];
  }
  return { statuses: statuses.map((s) => withEdxml(u.edxml, s)), skipped };
}
