/**
 * Signing in the agency's own software: the signature over a document's canonical envelope with
 * the agency's key, made where the key lives (synchronously; a node signs in its workers instead).
 */
import type { KeyObject } from 'node:crypto';
import { signedForm } from '../domain/signed-form.js';
import type { Envelope, MessageSignature } from '../domain/types.js';
import { algorithmFor, signBytes } from './signature-crypto.js';

export function signEnvelope(m: Envelope, key: KeyObject, certificateDer: Buffer): MessageSignature {
  const algorithm = algorithmFor(key);
  return { algorithm, certificate: certificateDer.toString('base64'), value: signBytes(algorithm, signedForm(m), key).toString('base64') };
}
