/**
 * Signing and verifying a revocation list with the network CA's key (Node's built-in crypto, the
 * CA's RSA key: RSASSA-PKCS1-v1_5 with SHA-256). Verification is against the CA certificate a node
 * trusts (tls.ca), so a list from another CA, or altered by one byte, is refused. No I/O.
 */
import { X509Certificate, createPrivateKey, sign, verify } from 'node:crypto';
import { LienthongError } from '../domain/errors.js';
import { decodeRevocationList, encodeRevocationList, type RevocationList, type SignedRevocationList } from './revocation-list.js';

function bad(message: string): LienthongError {
  return new LienthongError('REVOCATION_LIST_INVALID', message);
}

function caOf(caCertPem: string | Buffer): X509Certificate {
  try {
    return new X509Certificate(caCertPem);
  } catch (err) {
    throw new LienthongError('CERTIFICATE_INVALID', `the CA certificate is not a readable PEM X.509 certificate: ${(err as Error).message}`, { cause: err });
  }
}

/** The fingerprint a list names its signing CA by. */
export function caFingerprint(caCertPem: string | Buffer): string {
  return caOf(caCertPem).fingerprint256;
}

/** Signs `list` with the CA key; the list must name this CA. */
export function signRevocationList(list: RevocationList, caCertPem: string, caKeyPem: string): SignedRevocationList {
  const ca = caOf(caCertPem);
  if (list.caFingerprint256 !== ca.fingerprint256) {
    throw new LienthongError('INVALID_ARGUMENT', `the revocation list names CA ${list.caFingerprint256}, not this CA (${ca.fingerprint256})`);
  }
  const key = createPrivateKey(caKeyPem);
  if (!ca.checkPrivateKey(key)) {
    throw new LienthongError('CERTIFICATE_INVALID', 'CA key does not match the CA certificate: use the ca.key written next to ca.crt by `lienthong pki init`');
  }
  const payload = encodeRevocationList(list);
  return { payload, signature: sign('sha256', payload, key) };
}

/**
 * Checks the CA's signature over the exact bytes received, then decodes them. Throws
 * REVOCATION_LIST_INVALID saying what is wrong (another CA, a bad signature, a malformed list).
 */
export function verifyRevocationList(signed: SignedRevocationList, caCertPem: string | Buffer): RevocationList {
  const ca = caOf(caCertPem);
  if (signed.payload.length === 0 || signed.signature.length === 0) throw bad('the revocation list or its signature is empty');
  let ok = false;
  try {
    ok = verify('sha256', signed.payload, ca.publicKey, signed.signature);
  } catch {
    ok = false;
  }
  if (!ok) {
    let claimed: string | null = null;
    try {
      claimed = decodeRevocationList(signed.payload).caFingerprint256;
    } catch {
      /* unreadable as well as unsigned: the signature is what matters */
    }
    if (claimed === ca.fingerprint256) {
      throw bad(
        "the revocation list is not signed by this network's CA: it names this CA, but its signature does not match its contents " +
          '(altered or damaged after the CA signed it): refused; use a list exactly as `lienthong pki revoke` wrote it',
      );
    }
    const named = claimed === null ? '' : ` (it names CA ${claimed}; this node trusts ${ca.fingerprint256})`;
    throw bad(`the revocation list is not signed by this network's CA${named}: refused; publish a list made by \`lienthong pki revoke\` with the CA in tls.ca`);
  }
  const list = decodeRevocationList(signed.payload);
  if (list.caFingerprint256 !== ca.fingerprint256) {
    throw bad(`the revocation list names CA ${list.caFingerprint256} but is signed by ${ca.fingerprint256}: refused`);
  }
  return list;
}
