/**
 * Who signed a message, for display (inbox, export): read from the signer's certificate. Every
 * message a node holds had its signature verified before it was taken in, so a signature shown
 * here is one that was checked at that node.
 */
import { X509Certificate } from 'node:crypto';
import type { MessageSignature, SignerInfo } from '../domain/types.js';
import { identityFromX509, type CertIdentity } from '../pki/identity.js';

const cache = new Map<string, CertIdentity | null>();
const CACHE_SIZE = 1_000;

function identityOf(certificateB64: string): CertIdentity | null {
  let id = cache.get(certificateB64);
  if (id === undefined) {
    try {
      id = identityFromX509(new X509Certificate(Buffer.from(certificateB64, 'base64')));
    } catch {
      id = null;
    }
    if (cache.size >= CACHE_SIZE) cache.clear();
    cache.set(certificateB64, id);
  }
  return id;
}

export function describeSigner(signature: MessageSignature, verifiedAtNode: string): SignerInfo | null {
  const id = identityOf(signature.certificate);
  if (!id) return null;
  return { code: id.code, role: id.role, certificateSerial: id.serial, algorithm: signature.algorithm, verified: true, verifiedAtNode };
}
