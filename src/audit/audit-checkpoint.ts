/**
 * Signed checkpoints of the audit chain: (node, seq, hash, time) signed with the node's TLS key, so
 * nobody without that key can cut entries off the end of the log or rewrite the chain up to a
 * checkpoint. Pure computation (Node's built-in crypto), no I/O.
 *
 * Signed bytes (version 1): the UTF-8 of the JSON array (RFC 8785 form, as for entries)
 *   ["lienthong.audit.checkpoint.v1", nodeCode, seq, hash, atMs]
 * RSA and ECDSA keys sign with SHA-256 (RSA: PKCS#1 v1.5); Ed25519 and Ed448 sign the bytes.
 */
import { createPrivateKey, sign, verify, X509Certificate, type KeyObject } from 'node:crypto';

export const CHECKPOINT_FORMAT = 'lienthong.audit.checkpoint.v1';

export interface AuditCheckpoint {
  nodeCode: string;
  /** The newest entry covered. */
  seq: number;
  /** Its hash. */
  hash: string;
  atMs: number;
  /** SHA-256 fingerprint (lower-case hex) of the signer's certificate. */
  signer: string;
  /** Base64. */
  signature: string;
}

export function checkpointPayload(c: Pick<AuditCheckpoint, 'nodeCode' | 'seq' | 'hash' | 'atMs'>): Buffer {
  return Buffer.from(JSON.stringify([CHECKPOINT_FORMAT, c.nodeCode, c.seq, c.hash, c.atMs]), 'utf8');
}

function digestFor(key: KeyObject): string | null {
  const type = key.asymmetricKeyType;
  return type === 'ed25519' || type === 'ed448' ? null : 'sha256';
}

export function certificateFingerprint(certPem: string): string {
  return new X509Certificate(certPem).fingerprint256.replaceAll(':', '').toLowerCase();
}

/** Signs checkpoints with one node key; the certificate is recorded next to them for verifiers. */
export class CheckpointSigner {
  private readonly key: KeyObject;
  readonly fingerprint: string;

  constructor(
    readonly nodeCode: string,
    keyPem: string | Buffer,
    readonly certificatePem: string,
  ) {
    this.key = createPrivateKey(keyPem);
    this.fingerprint = certificateFingerprint(certificatePem);
  }

  sign(head: { seq: number; hash: string }, atMs: number): AuditCheckpoint {
    const c = { nodeCode: this.nodeCode, seq: head.seq, hash: head.hash, atMs };
    const signature = sign(digestFor(this.key), checkpointPayload(c), this.key).toString('base64');
    return { ...c, signer: this.fingerprint, signature };
  }
}

/** True when `certPem` is the certificate the checkpoint names and its key signed these fields. */
export function checkpointSignatureValid(c: AuditCheckpoint, certPem: string): boolean {
  try {
    if (certificateFingerprint(certPem) !== c.signer) return false;
    const key = new X509Certificate(certPem).publicKey;
    return verify(digestFor(key), checkpointPayload(c), key, Buffer.from(c.signature, 'base64'));
  } catch {
    return false;
  }
}
