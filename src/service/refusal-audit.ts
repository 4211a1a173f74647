/**
 * Sends refused at the agency and admin edges go to the node's refusals (log, metric, audit log).
 * Wrap a send handler's body; the error goes on unchanged.
 */
import { asLienthongError } from '../domain/errors.js';
import { callerIdentity } from '../link/tls-credentials.js';
import type { RefusalSink } from '../node/refusals.js';

/** Who tried to send what: the agency (or operator) and the message as claimed. */
export interface SendAttempt {
  peer: string;
  messageId: string;
  sender: string;
}

export function recordSendRefusal(sink: RefusalSink, attempt: SendAttempt, err: unknown): void {
  const e = asLienthongError(err);
  sink.refused({ ...attempt, edge: 'operator', code: e.code, reason: e.message });
}

/** Runs `work`; when it throws, records the refusal of `attempt()` and rethrows. */
export async function auditRefusals<T>(sink: RefusalSink, attempt: () => SendAttempt, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    recordSendRefusal(sink, attempt(), err);
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
