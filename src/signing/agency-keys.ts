/**
 * The agency keys a node signs with on its agencies' behalf (config `signing.agencyKeys`): each
 * certificate must be an agency certificate from the network CA for that code, and the key its
 * pair. Read once at start; a mistake stops the node with the file and the fix named.
 */
import { createPrivateKey, X509Certificate, type KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { LienthongError } from '../domain/errors.js';
import { identityFromX509, keyMatchesCertificate } from '../pki/identity.js';
import type { AgencyKey } from './document-signatures.js';
import { algorithmFor } from './signature-crypto.js';

export interface AgencyKeyFiles {
  code: string;
  cert: string;
  key: string;
}

export interface LoadedAgencyKeys {
  keys: Map<string, AgencyKey>;
  /** Private keys in PEM by agency code, for the signature workers. */
  pems: Record<string, string>;
}

function invalid(message: string, cause?: unknown): LienthongError {
  return new LienthongError('CONFIG_INVALID', message, cause === undefined ? undefined : { cause });
}

function read(path: string, what: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (err) {
    throw invalid(`signing.agencyKeys: cannot read the ${what} ${path}: ${(err as Error).message}`, err);
  }
}

export function loadAgencyKeys(entries: readonly AgencyKeyFiles[], ca: X509Certificate): LoadedAgencyKeys {
  const keys = new Map<string, AgencyKey>();
  const pems: Record<string, string> = {};
  for (const e of entries) {
    const where = `signing.agencyKeys ${e.code}`;
    if (keys.has(e.code)) throw invalid(`${where} is listed twice`);
    let cert: X509Certificate;
    let key: KeyObject;
    try {
      cert = new X509Certificate(read(e.cert, 'certificate'));
      key = createPrivateKey(read(e.key, 'private key'));
    } catch (err) {
      if (err instanceof LienthongError) throw err;
      throw invalid(`${where}: ${e.cert} or ${e.key} is not a PEM certificate / private key: ${(err as Error).message}`, err);
    }
    if (!cert.checkIssued(ca) || !cert.verify(ca.publicKey)) throw invalid(`${where}: ${e.cert} was not issued by the network CA (tls.ca): issue it with \`lienthong pki issue --role agency --code ${e.code}\``);
    const id = identityFromX509(cert);
    if (id.role !== 'agency' || id.code !== e.code) throw invalid(`${where}: ${e.cert} is the ${id.role} certificate of ${id.code}, not the agency certificate of ${e.code}`);
    if (!keyMatchesCertificate(key, cert)) throw invalid(`${where}: ${e.key} is not the key of ${e.cert}`);
    keys.set(e.code, { code: e.code, algorithm: algorithmFor(key), certificate: cert.raw.toString('base64'), serial: id.serial, notAfterMs: id.notAfterMs });
    pems[e.code] = key.export({ type: 'pkcs8', format: 'pem' }) as string;
  }
  return { keys, pems };
}
