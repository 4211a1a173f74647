/**
 * Which recipients a sender's recall (13) can still reach (pure): the document's copy for a
 * recipient that failed for good (undeliverable, expired, removed by an operator, refused for a bad
 * signature...) never arrived, so a recall to it would only come back as another non-delivery. The
 * node that holds the sender decides from what it holds: the state of each recipient here, and the
 * non-delivery reports that came back to the sender through it.
 */
import { RECIPIENT_CODES } from './status-message.js';
import type { AgencyCode, RecipientState, StatusReport } from './types.js';

/** A recipient a recall is not sent to, and why. */
export interface SkippedRecipient {
  recipient: AgencyCode;
  /** The error code of its non-delivery report (UNKNOWN_RECIPIENT, EXPIRED, REMOVED_BY_OPERATOR...). */
  errorCode: string;
  reason: string;
}

export interface RecallReach {
  reachable: AgencyCode[];
  skipped: SkippedRecipient[];
}

/**
 * Splits `to` (the document's recipients) into those a recall can reach and those it cannot.
 * `states`: each recipient's state at this node. `reports`: the statuses about the document that
 * reached this node, in the order they were accepted. `self`: this node's code.
 *
 * A copy failed or expired here is skipped. So is one whose latest word is a non-delivery report
 * from another node: the copy left here and failed further on (the report can arrive before this
 * node has recorded the copy as passed on, so the state here is not asked). A status of the
 * recipient's own after that report means an operator requeued the copy there and it arrived after
 * all. A report this node made itself while the copy is no longer failed or expired here dates from
 * before an operator requeued it here: the copy is on its way again.
 */
export function recallReach(to: readonly AgencyCode[], states: readonly RecipientState[], reports: readonly StatusReport[], self: string): RecallReach {
  const reachable: AgencyCode[] = [];
  const skipped: SkippedRecipient[] = [];
  for (const recipient of to) {
    const state = states.find((s) => s.recipient === recipient);
    const lastWord = reports.filter((r) => r.recipient === recipient && (r.code === 'NON_DELIVERY' || (r.reporter === recipient && RECIPIENT_CODES.includes(r.code)))).at(-1);
    const report = lastWord?.code === 'NON_DELIVERY' ? lastWord : undefined;
    if (state?.state === 'failed' || state?.state === 'expired') {
      const errorCode = report?.errorCode || (state.state === 'expired' ? 'EXPIRED' : '');
      skipped.push({ recipient, errorCode, reason: report ? reported(report) : `${state.state} at node ${self}: ${state.detail || 'no reason recorded'}` });
    } else if (report && report.nodeCode !== self) {
      skipped.push({ recipient, errorCode: report.errorCode, reason: reported(report) });
    } else {
      reachable.push(recipient);
    }
  }
  return { reachable, skipped };
}

function reported(r: StatusReport): string {
  return `non-delivery reported by node ${r.nodeCode || r.reporter}: ${r.reason}`;
}
