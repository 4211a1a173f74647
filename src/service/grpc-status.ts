/**
 * The one place where lienthong errors meet gRPC status codes. The stable error code travels in the
 * trailing metadata (`lienthong-error-code`), so clients classify by code, never by message text.
 */
import * as grpc from '@grpc/grpc-js';
import type { Logger } from 'pino';
import { asLienthongError, isErrorCode, LienthongError, type ErrorCode } from '../domain/errors.js';

const TO_GRPC: Record<ErrorCode, grpc.status> = {
  INVALID_AGENCY_CODE: grpc.status.INVALID_ARGUMENT,
  INVALID_DOCUMENT: grpc.status.INVALID_ARGUMENT,
  INVALID_EDXML: grpc.status.INVALID_ARGUMENT,
  ATTACHMENT_CORRUPT: grpc.status.DATA_LOSS,
  ATTACHMENT_ALTERED: grpc.status.DATA_LOSS,
  ATTACHMENT_MISSING: grpc.status.UNAVAILABLE,
  INVALID_ARGUMENT: grpc.status.INVALID_ARGUMENT,
  UNKNOWN_RECIPIENT: grpc.status.NOT_FOUND,
  SENDER_NOT_ALLOWED: grpc.status.PERMISSION_DENIED,
  NOT_AUTHORIZED: grpc.status.PERMISSION_DENIED,
  UNAUTHENTICATED: grpc.status.UNAUTHENTICATED,
  DOCUMENT_TOO_LARGE: grpc.status.INVALID_ARGUMENT,
  ROUTING_LOOP: grpc.status.FAILED_PRECONDITION,
  HOP_LIMIT: grpc.status.FAILED_PRECONDITION,
  EXPIRED: grpc.status.DEADLINE_EXCEEDED,
  REMOVED_BY_OPERATOR: grpc.status.ABORTED,
  NOT_FOUND: grpc.status.NOT_FOUND,
  NO_RECIPIENT_REACHABLE: grpc.status.FAILED_PRECONDITION,
  CONFIG_INVALID: grpc.status.FAILED_PRECONDITION,
  CERTIFICATE_INVALID: grpc.status.UNAUTHENTICATED,
  SIGNATURE_INVALID: grpc.status.UNAUTHENTICATED,
  CERTIFICATE_REVOKED: grpc.status.UNAUTHENTICATED,
  REVOCATION_LIST_INVALID: grpc.status.INVALID_ARGUMENT,
  AUDIT_ENTRIES_LOST: grpc.status.DATA_LOSS,
  STORE_FULL: grpc.status.RESOURCE_EXHAUSTED,
  SHUTTING_DOWN: grpc.status.UNAVAILABLE,
  LINK_DOWN: grpc.status.UNAVAILABLE,
  NODE_UNREACHABLE: grpc.status.UNAVAILABLE,
  PEER_BUSY: grpc.status.UNAVAILABLE,
  INTERNAL: grpc.status.INTERNAL,
};

export const ERROR_CODE_KEY = 'lienthong-error-code';

/**
 * Longest message sent in a status. Messages may quote what the client sent (a code, an id), and
 * the status travels percent-encoded in the grpc-message trailer: a message quoting a 200,000
 * character field would pass the peer's HTTP/2 header limit and the client would never see an
 * answer at all.
 */
export const MAX_DETAILS_CHARS = 1024;

/** `text` cut to MAX_DETAILS_CHARS around the middle, keeping its start (what failed) and end (what to do). */
export function boundedDetails(text: string): string {
  if (text.length <= MAX_DETAILS_CHARS) return text;
  const head = wholeChars(text.slice(0, 640));
  const tail = text.slice(text.length - 320);
  const tailWhole = /^[\uDC00-\uDFFF]/.test(tail) ? tail.slice(1) : tail;
  return `${head}… [${text.length - head.length - tailWhole.length} characters cut] …${tailWhole}`;
}

/** Drops a high surrogate left alone at the end of a cut. */
function wholeChars(s: string): string {
  return /[\uD800-\uDBFF]$/.test(s) ? s.slice(0, -1) : s;
}

export function toServiceError(err: unknown, log?: Logger): Partial<grpc.ServiceError> {
  const e = asLienthongError(err);
  if (e.code === 'INTERNAL') log?.error({ err: e.cause ?? e }, 'internal error');
  const metadata = new grpc.Metadata();
  const shown = e.answer ?? e;
  metadata.set(ERROR_CODE_KEY, shown.code);
  return { code: TO_GRPC[shown.code], details: boundedDetails(`${shown.code}: ${shown.message}`), metadata };
}

/**
 * Pure: an operator's reading of gRPC's UNAVAILABLE details, seen by a client of a node: nothing
 * listening (a node killed without a clean stop leaves its admin socket behind), or the connection
 * broken during a call, after which nobody knows whether the node took what was sent.
 */
export function unreachable(details: string, overTls = true): string {
  const text = details.replace(/^No connection established\. Last error:\s*(Error:\s*)?/i, '').replace(/\.?\s*Resolution note:.*$/s, '');
  const refused = /connect ECONNREFUSED (\S+)/.exec(text);
  if (refused) {
    const where = refused[1]!;
    return where.endsWith('.sock')
      ? `node unreachable: nothing listens on ${where}: the node is not running (one stopped without a clean shutdown leaves its socket behind) or still starting; start it with \`lienthong start --config ...\``
      : `node unreachable: nothing listens at ${where}: is the node running, and is its address right?`;
  }
  if (/ENOENT/.test(text) && /\.sock/.test(text)) return `node unreachable: ${text}: the node is not running; start it with \`lienthong start --config ...\``;
  if (/ECONNRESET|socket hang up|Connection dropped|stream removed|GOAWAY/i.test(text)) {
    const broke = `node unreachable: the connection to the node broke during the call (${text}): for a send, whether the node took what was sent is unknown; once it answers again, send it again with the same message id (--message-id; a node takes each id once)`;
    // The CLI's admin socket takes no certificate: there a broken call means the node stopped.
    return overTls
      ? `${broke}. If every call ends so, the node may be refusing this client's certificate (from another CA, revoked or expired: the node's log says which)`
      : `${broke}. If the node stopped (\`lienthong status\` says so), start it again first`;
  }
  return `node unreachable: ${text}`;
}

/** Turns a gRPC error received by a client back into a LienthongError (`overTls` false: the admin socket). */
export function fromServiceError(err: grpc.ServiceError, overTls = true): LienthongError {
  const raw = err.metadata?.get(ERROR_CODE_KEY)?.[0];
  const code = typeof raw === 'string' && isErrorCode(raw) ? raw : null;
  if (code) {
    const details = err.details.startsWith(`${code}: `) ? err.details.slice(code.length + 2) : err.details;
    return new LienthongError(code, details, { cause: err });
  }
  if (err.code === grpc.status.UNAVAILABLE) {
    return new LienthongError('NODE_UNREACHABLE', unreachable(err.details, overTls), { cause: err });
  }
  return new LienthongError('INTERNAL', err.details || err.message, { cause: err });
}

/** Wraps a unary handler: runs the async body, maps any error in one place. */
export function unary<Req, Res>(
  log: Logger,
  body: (call: grpc.ServerUnaryCall<Req, Res>) => Promise<Res>,
): grpc.handleUnaryCall<Req, Res> {
  return (call, callback) => {
    body(call).then(
      (res) => callback(null, res),
      (err) => callback(toServiceError(err, log) as grpc.ServiceError),
    );
  };
}
