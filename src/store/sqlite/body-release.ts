/**
 * Once no outbox entry and no unacknowledged inbox item needs a message, its body is dropped
 * (like a mail queue deleting a delivered message) while the envelope stays for de-duplication
 * and trace until the retention purge. This is what gives space back to a full store.
 */
import type { Statements } from './statements.js';

/** Runs inside a write transaction. */
export function releaseBodyIfDone(s: Statements, messageId: string): void {
  if (s.outboxHolds.get(messageId) !== undefined) return;
  if (s.inboxHolds.get(messageId) !== undefined) return;
  s.releaseBody.run(messageId);
}
