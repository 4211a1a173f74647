/**
 * Which certificates may sign: issued by the network CA, not revoked, valid when the message was
 * made, and binding the sender's code. Parsing and the CA check are cached per certificate (a
 * node sees the same few thousand agency certificates again and again); revocation is looked up
 * on every use, so a list that arrives takes effect at once.
 */
import { X509Certificate, type KeyObject } from 'node:crypto';
import { LienthongError } from '../domain/errors.js';
import type { SignatureAlgorithm } from '../domain/types.js';
import { identityFromX509, type CertIdentity } from '../pki/identity.js';
import { algorithmFor } from './signature-crypto.js';

/** The revocation list as the signature checks need it (src/pki/revocation). */
export interface RevocationView {
  isRevoked(serial: string): boolean;
}

export interface SignerCertificate {
  identity: CertIdentity;
  publicKey: KeyObject;
  /** The one algorithm its key signs with. */
  algorithm: SignatureAlgorithm;
}

const CACHE_SIZE = 10_000;

function bad(message: string): LienthongError {
  return new LienthongError('SIGNATURE_INVALID', message);
}

export class SignerCertificates {
  private readonly cache = new Map<string, SignerCertificate>();

  constructor(
    private readonly ca: X509Certificate,
    private readonly revocations: RevocationView,
  ) {}

  /** The signer of a base64 DER certificate, checked for a message made at `atMs`; throws SIGNATURE_INVALID. */
  check(certificateB64: string, atMs: number): SignerCertificate {
    let signer = this.cache.get(certificateB64);
    if (!signer) {
      signer = this.parse(certificateB64);
      if (this.cache.size >= CACHE_SIZE) this.cache.clear();
      this.cache.set(certificateB64, signer);
    }
    const id = signer.identity;
    if (this.revocations.isRevoked(id.serial)) {
      throw bad(`the signer's certificate (${id.role} ${id.code}, serial ${id.serial}) is revoked`);
    }
    if (atMs < id.notBeforeMs || atMs > id.notAfterMs) {
      throw bad(`the signer's certificate (${id.role} ${id.code}) was not valid when the message was made (${new Date(atMs).toISOString()}; valid ${new Date(id.notBeforeMs).toISOString()} to ${new Date(id.notAfterMs).toISOString()})`);
    }
    return signer;
  }

  /**
   * The same checks for the certificate of a key this node signs with on an agency's behalf: a node
   * must not sign what every next hop will refuse. Throws CERTIFICATE_REVOKED or CERTIFICATE_INVALID.
   */
  checkSigningKey(certificateB64: string, atMs: number, agency: string): void {
    try {
      this.check(certificateB64, atMs);
    } catch (err) {
      const serial = this.cache.get(certificateB64)?.identity.serial;
      const revoked = serial !== undefined && this.revocations.isRevoked(serial);
      throw new LienthongError(
        revoked ? 'CERTIFICATE_REVOKED' : 'CERTIFICATE_INVALID',
        `this node will not sign for ${agency}: ${(err as Error).message}; give the node a new key and certificate for it under signing.agencyKeys (\`lienthong pki issue --role agency --code ${agency}\`)`,
        { cause: err },
      );
    }
  }

  private parse(certificateB64: string): SignerCertificate {
    let x509: X509Certificate;
    try {
      x509 = new X509Certificate(Buffer.from(certificateB64, 'base64'));
    } catch (err) {
      throw bad(`the signer's certificate is not a readable DER X.509 certificate: ${(err as Error).message}`);
    }
    if (!x509.checkIssued(this.ca) || !x509.verify(this.ca.publicKey)) {
      throw bad(`the signer's certificate (${x509.subject.replace(/\n/g, ', ')}) was not issued by this network's CA`);
    }
    let identity: CertIdentity;
    try {
      identity = identityFromX509(x509);
    } catch (err) {
      throw bad(`the signer's certificate binds no lienthong identity: ${(err as Error).message}`);
    }
    return { identity, publicKey: x509.publicKey, algorithm: algorithmFor(x509.publicKey) };
  }
}
