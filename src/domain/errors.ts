/**
 * The one catalogue of lienthong errors. Each has a stable string code that crosses the wire; callers
 * classify by code, never by message text. Messages say what failed and what to do.
 */

export const ERROR_CODES = {
  INVALID_AGENCY_CODE: { permanent: true },
  INVALID_DOCUMENT: { permanent: true },
  INVALID_EDXML: { permanent: true },
  ATTACHMENT_CORRUPT: { permanent: true },
  /** A file's bytes from a peer do not match its SHA-256: the receiving node refused its document and told the sender. */
  ATTACHMENT_ALTERED: { permanent: true },
  ATTACHMENT_MISSING: { permanent: false },
  INVALID_ARGUMENT: { permanent: true },
  UNKNOWN_RECIPIENT: { permanent: true },
  SENDER_NOT_ALLOWED: { permanent: true },
  NOT_AUTHORIZED: { permanent: true },
  UNAUTHENTICATED: { permanent: true },
  DOCUMENT_TOO_LARGE: { permanent: true },
  ROUTING_LOOP: { permanent: true },
  HOP_LIMIT: { permanent: true },
  EXPIRED: { permanent: true },
  /** An operator deleted the copy from a node's outbox (`lienthong outbox delete`): its sender is told. */
  REMOVED_BY_OPERATOR: { permanent: true },
  NOT_FOUND: { permanent: true },
  /** A recall (13) whose document reached none of its recipients: each came back as a non-delivery, nothing to recall. */
  NO_RECIPIENT_REACHABLE: { permanent: true },
  CONFIG_INVALID: { permanent: true },
  CERTIFICATE_INVALID: { permanent: true },
  /** Missing, altered or forged signature, or a signer the network does not trust for the sender. */
  SIGNATURE_INVALID: { permanent: true },
  CERTIFICATE_REVOKED: { permanent: true },
  REVOCATION_LIST_INVALID: { permanent: true },
  /** The store lost audit entries the node had committed and signed (audit-head.json): it does not start on it unless told to. */
  AUDIT_ENTRIES_LOST: { permanent: true },
  STORE_FULL: { permanent: false },
  SHUTTING_DOWN: { permanent: false },
  LINK_DOWN: { permanent: false },
  NODE_UNREACHABLE: { permanent: false },
  PEER_BUSY: { permanent: false },
  INTERNAL: { permanent: false },
} as const;

export type ErrorCode = keyof typeof ERROR_CODES;

/** What a caller is told instead of the error itself (see foreignMessage). */
export interface ErrorAnswer {
  code: ErrorCode;
  message: string;
}

export class LienthongError extends Error {
  readonly code: ErrorCode;
  readonly permanent: boolean;
  /** Set when the caller must be told something else than what the node logs and counts. */
  readonly answer?: ErrorAnswer;

  constructor(code: ErrorCode, message: string, options?: { cause?: unknown; answer?: ErrorAnswer }) {
    super(message, options);
    this.name = 'LienthongError';
    this.code = code;
    this.permanent = ERROR_CODES[code].permanent;
    if (options?.answer) this.answer = options.answer;
  }
}

/** A message id this node does not hold, as an agency is told. */
export function unknownMessage(messageId: string, nodeCode: string, what: 'message' | 'document' = 'message'): LienthongError {
  return new LienthongError('NOT_FOUND', `no ${what} ${messageId} on node ${nodeCode}`);
}

/**
 * A message id named by `agency`, which neither sent the message nor is one of its recipients: a
 * refusal (NOT_AUTHORIZED, logged, counted and audited as such), answered exactly as an unknown id,
 * so that no agency can learn which ids exist among other agencies' documents.
 */
export function foreignMessage(messageId: string, nodeCode: string, agency: string, what: 'message' | 'document' = 'message'): LienthongError {
  const { code, message } = unknownMessage(messageId, nodeCode, what);
  return new LienthongError('NOT_AUTHORIZED', `${agency} is neither sender nor recipient of ${messageId}`, { answer: { code, message } });
}

export function isErrorCode(value: string): value is ErrorCode {
  return Object.prototype.hasOwnProperty.call(ERROR_CODES, value);
}

/**
 * A code of the catalogue whose failure is transient (STORE_FULL, SHUTTING_DOWN, PEER_BUSY...): the
 * sender retries. A code outside the catalogue (from a newer node, say) counts as permanent.
 */
export function isTransientCode(code: string): boolean {
  return isErrorCode(code) && !ERROR_CODES[code].permanent;
}

/** Wraps anything thrown into a LienthongError, keeping the original as cause. */
export function asLienthongError(err: unknown): LienthongError {
  if (err instanceof LienthongError) return err;
  const message = err instanceof Error ? err.message : String(err);
  return new LienthongError('INTERNAL', message, { cause: err });
}

export function invalid(message: string): LienthongError {
  return new LienthongError('INVALID_ARGUMENT', message);
}
