/**
 * The fields an agency's software sets together when it signs a document itself (SendRequest and
 * SendEdxmlOptions: signature, message_id, created_at_ms, expires_at_ms), or when it asks its node
 * for the bytes to sign (SendEdxmlOptions.form_only). Pure: names the field missing or out of place.
 * A time of 0 is proto3's "not set" (and no document was made in 1970).
 */
import { LienthongError } from './errors.js';

export interface SigningFields {
  signed: boolean;
  /** Asks for the bytes to sign (SendEdxmlOptions.form_only). */
  formOnly?: boolean;
  messageId: string;
  createdAtMs: number;
  expiresAtMs: number;
}

/** Throws INVALID_ARGUMENT naming the field when the set is partial; `where` is the request's name. */
export function checkSigningFields(f: SigningFields, where: string): void {
  if (f.formOnly && f.signed) {
    throw new LienthongError(
      'INVALID_ARGUMENT',
      `${where}.form_only asks for the bytes to sign, but ${where}.signature is set: call once with form_only and without a signature, sign the signed_form it answers, then send the package again with the signature and without form_only`,
    );
  }
  if (!f.signed && !f.formOnly) {
    const stray = f.createdAtMs ? 'created_at_ms' : f.expiresAtMs ? 'expires_at_ms' : null;
    if (stray) {
      throw new LienthongError(
        'INVALID_ARGUMENT',
        `${where}.${stray} is set without ${where}.signature: the times are set together with the signature that covers them when the agency's software signs; set the signature too, or leave the times out and the node sets them`,
      );
    }
    return;
  }
  const missing = [!f.createdAtMs && 'created_at_ms', !f.expiresAtMs && 'expires_at_ms', f.signed && !f.messageId && 'message_id'].filter((x): x is string => typeof x === 'string');
  if (missing.length === 0) return;
  const fields = missing.map((m) => `${where}.${m}`).join(' and ');
  const why = f.signed
    ? `a signed document carries the message id and times its signature covers: set them as they were signed`
    : `form_only builds the form with the times the software is to sign (message_id may be left out: the node then chooses one and answers it)`;
  throw new LienthongError('INVALID_ARGUMENT', `${fields} ${missing.length > 1 ? 'are' : 'is'} missing: ${why}`);
}
