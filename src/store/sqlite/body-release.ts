/**
 * Once no outbox entry and no unacknowledged inbox item needs a message, its body is dropped
 * (like a mail queue deleting a delivered message) while the envelope stays for de-duplication
 * and trace until the retention purge. This is what gives space back to a full store. The
 * message's attachment files are marked released at the same time.
 */
import type { Statements } from './statements.js';

/** Runs inside a write transaction. */
export function releaseBodyIfDone(s: Statements, messageId: string, nowMs: number): void {
  if (s.outboxHolds.get(messageId) !== undefined) return;
  if (s.inboxHolds.get(messageId) !== undefined) return;
  s.releaseBody.run(messageId);
  // Its attachment files are kept for limits.attachmentRetention from now, then collected.
  s.releaseAttachments.run(nowMs, messageId);
}
