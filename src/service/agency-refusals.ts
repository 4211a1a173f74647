/**
 * What the agency API refuses, recorded in one place: a send refused for any reason, and any call
 * refused for who makes it (its certificate, the agency or the message it names). Each goes once to
 * the node's refusals: a warn line with the certificate and the reason, a count in
 * lienthong_documents_refused_total{peer, edge="agency", reason: the code}, an audit entry. The reason starts with
 * the call's name. An answer to a read (NOT_FOUND for an unknown message id, an empty inbox) is not
 * a refusal, nor is an internal error, which the server edge logs with its stack.
 */
import { asLienthongError, type ErrorCode } from '../domain/errors.js';
import { callerIdentity } from '../link/tls-credentials.js';
import type { RefusalSink } from '../node/refusals.js';

/** The agency API's calls (proto/lienthong/v1/agency.proto). */
export type AgencyRpc = 'Send' | 'SendStream' | 'SendEdxml' | 'Receive' | 'Acknowledge' | 'UpdateStatus' | 'Trace' | 'ExportEdxml' | 'FetchAttachment';

const SENDS: ReadonlySet<AgencyRpc> = new Set<AgencyRpc>(['Send', 'SendStream', 'SendEdxml']);

/** Codes that refuse the caller rather than answer what it asked. */
const AUTHORIZATION: ReadonlySet<ErrorCode> = new Set<ErrorCode>(['UNAUTHENTICATED', 'CERTIFICATE_INVALID', 'CERTIFICATE_REVOKED', 'NOT_AUTHORIZED', 'SENDER_NOT_ALLOWED']);

/** Pure: whether `code` ending a call of `rpc` is a refusal to record. */
export function isAgencyRefusal(rpc: AgencyRpc, code: ErrorCode): boolean {
  return SENDS.has(rpc) || AUTHORIZATION.has(code);
}

type Caller = Parameters<typeof callerIdentity>[0];

/** The caller as its certificate names it: an agency by its code, another certificate by its role and code; '' without one. */
export function certificateOf(call: Caller): string {
  try {
    const id = callerIdentity(call);
    return id.role === 'agency' ? id.code : `${id.role} ${id.code}`;
  } catch {
    return '';
  }
}

/** What the refused call claimed, as far as it could be read. */
export interface Claimed {
  messageId?: string;
  sender?: string;
}

export class AgencyRefusals {
  constructor(private readonly sink: RefusalSink) {}

  /** Records `err` ending `rpc` for the caller of `call` when it is a refusal; anything else is left to the caller. */
  record(rpc: AgencyRpc, call: Caller, err: unknown, claimed: Claimed = {}): void {
    const e = asLienthongError(err);
    if (!isAgencyRefusal(rpc, e.code)) return;
    this.sink.refused({ peer: certificateOf(call), edge: 'agency', messageId: claimed.messageId ?? '', sender: claimed.sender ?? '', code: e.code, reason: `${rpc}: ${e.message}` });
  }

  /** `source` as is, recording the error that ends it. */
  async *watch<T>(rpc: AgencyRpc, call: Caller, source: () => AsyncIterable<T>, claimed: Claimed = {}): AsyncGenerator<T> {
    try {
      yield* source();
    } catch (err) {
      this.record(rpc, call, err, claimed);
      throw err;
    }
  }
}
