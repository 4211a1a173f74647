/**
 * The node's signature machinery: the agency keys it signs with, the checks of signers'
 * certificates against the network CA and the revocation list, and the worker threads.
 */
import { availableParallelism } from 'node:os';
import { X509Certificate } from 'node:crypto';
import { loadAgencyKeys } from '../signing/agency-keys.js';
import { DocumentSignatures } from '../signing/document-signatures.js';
import { SignaturePool } from '../signing/signature-pool.js';
import { SignerCertificates, type RevocationView } from '../signing/signer-certificates.js';
import type { LoadedConfig } from './config-load.js';
import type { Logger } from 'pino';

export interface NodeSignatures {
  documents: DocumentSignatures;
  close(): Promise<void>;
}

export function startSignatures(config: LoadedConfig, caPem: Buffer, revocations: RevocationView, log: Logger): NodeSignatures {
  const ca = new X509Certificate(caPem);
  const { keys, pems } = loadAgencyKeys(config.signing.agencyKeys, ca);
  const threads = config.signing.threads || Math.max(1, availableParallelism() - 1);
  const pool = new SignaturePool(threads, pems, { onWorkerFailure: (message) => log.warn({ component: 'signatures' }, message) });
  const documents = new DocumentSignatures(config.node.code, new SignerCertificates(ca, revocations), pool, keys);
  return { documents, close: () => pool.close() };
}
