/**
 * Signing and verifying bytes with Node's built-in crypto, for the three algorithms a signer's key
 * may have. Synchronous: callers run it in the signature worker threads (signature-pool.ts), or in
 * an agency's software.
 */
import { sign, verify, type KeyObject } from 'node:crypto';
import { LienthongError } from '../domain/errors.js';
import type { SignatureAlgorithm } from '../domain/types.js';

export const SIGNATURE_ALGORITHMS: readonly SignatureAlgorithm[] = ['RSA-SHA256', 'ECDSA-SHA256', 'Ed25519'];

/** The algorithm a key signs with: RSA PKCS#1 v1.5 with SHA-256, ECDSA P-256 with SHA-256 (DER), or Ed25519. */
export function algorithmFor(key: KeyObject): SignatureAlgorithm {
  const type = key.asymmetricKeyType;
  if (type === 'rsa') return 'RSA-SHA256';
  if (type === 'ec' && key.asymmetricKeyDetails?.namedCurve === 'prime256v1') return 'ECDSA-SHA256';
  if (type === 'ed25519') return 'Ed25519';
  const curve = key.asymmetricKeyDetails?.namedCurve;
  throw new LienthongError('SIGNATURE_INVALID', `a key of type ${type}${curve ? ` (${curve})` : ''} cannot sign documents: use RSA (2048 bits or more), ECDSA P-256 or Ed25519`);
}

function digestOf(algorithm: SignatureAlgorithm): string | null {
  return algorithm === 'Ed25519' ? null : 'sha256';
}

export function signBytes(algorithm: SignatureAlgorithm, data: Buffer, key: KeyObject): Buffer {
  return sign(digestOf(algorithm), data, key);
}

/** False for a signature that does not match (never throws for bad signature bytes). */
export function verifyBytes(algorithm: SignatureAlgorithm, data: Buffer, key: KeyObject, signature: Buffer): boolean {
  try {
    return verify(digestOf(algorithm), data, key, signature);
  } catch {
    return false;
  }
}
