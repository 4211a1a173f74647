/**
 * Sends refused at the agency and admin edges go to the audit log (nothing else about them is
 * stored). Wrap a send handler's body; the error goes on unchanged.
 */
import { asLienthongError } from '../domain/errors.js';
import type { Clock } from '../domain/types.js';
import { callerIdentity } from '../link/tls-credentials.js';
import type { Store } from '../store/store.js';

/** Who tried to send what: the agency (or operator) and the message as claimed. */
export interface SendAttempt {
  peer: string;
  messageId: string;
  sender: string;
}

export function recordSendRefusal(store: Store, attempt: SendAttempt, err: unknown, now: Clock = Date.now): void {
  const e = asLienthongError(err);
  store.recordRefusal({ ...attempt, code: e.code, reason: e.message, nowMs: now() });
}

/** Runs `work`; when it throws, records the refusal of `attempt()` and rethrows. */
export async function auditRefusals<T>(store: Store, attempt: () => SendAttempt, work: () => Promise<T>, now: Clock = Date.now): Promise<T> {
  try {
    return await work();
  } catch (err) {
    recordSendRefusal(store, attempt(), err, now);
    throw err;
  }
}

/** The code in the caller's client certificate, or '' when it has none. */
export function callerCode(call: Parameters<typeof callerIdentity>[0]): string {
  try {
    return callerIdentity(call).code;
  } catch {
    return '';
  }
}

/** What the admin socket's peer is called in the audit log: the operator, acting for an agency. */
export const OPERATOR = 'operator (admin socket)';
