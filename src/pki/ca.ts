/**
 * The network's own certificate authority: a self-signed root that signs every node and agency
 * certificate. Also the small building blocks shared with issue.ts (key pairs, serials, validity).
 * Pure apart from randomness: the clock is passed in as `nowMs`.
 */
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import forge from 'node-forge';
import { invalid } from '../domain/errors.js';

import { DEFAULT_CA_COMMON_NAME, DEFAULT_CA_DAYS } from './defaults.js';

export { DEFAULT_CA_COMMON_NAME, DEFAULT_CA_DAYS };
/** Certificates are backdated this much so a peer whose clock lags slightly still accepts them. */
export const CLOCK_SKEW_MS = 5 * 60_000;
const DAY_MS = 86_400_000;

export interface CaOptions {
  commonName?: string;
  validDays?: number;
  nowMs?: number;
}

export interface PemPair {
  certPem: string;
  keyPem: string;
}

/** RSA-2048 via Node's native keygen (forge's JS keygen is far slower); key PEM is PKCS#8. */
export function newKeyPair(): { keyPem: string; publicKey: forge.pki.rsa.PublicKey; privateKey: forge.pki.rsa.PrivateKey } {
  const { publicKey, privateKey } = generateKeyPairSync('rsa', {
    modulusLength: 2048,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  });
  return {
    keyPem: privateKey,
    publicKey: forge.pki.publicKeyFromPem(publicKey),
    privateKey: forge.pki.privateKeyFromPem(privateKey),
  };
}

/** 16 random bytes as hex, high bit clear (positive) and second-highest set (minimal DER, no leading zero). */
export function randomSerialHex(): string {
  const bytes = randomBytes(16);
  bytes[0] = (bytes[0]! & 0x7f) | 0x40;
  return bytes.toString('hex');
}

/** Checks a validity period in days given by an operator. */
export function checkValidDays(days: number, flag = '--days'): number {
  if (!Number.isInteger(days) || days < 1 || days > 36_500) {
    throw invalid(`${flag} must be a whole number of days between 1 and 36500, got ${days}`);
  }
  return days;
}

/** Sets notBefore (backdated by CLOCK_SKEW_MS) and notAfter (`days` after now) on a certificate. */
export function setValidity(cert: forge.pki.Certificate, nowMs: number, days: number): void {
  cert.validity.notBefore = new Date(nowMs - CLOCK_SKEW_MS);
  cert.validity.notAfter = new Date(nowMs + days * DAY_MS);
}

/** Creates a self-signed CA certificate and its private key. */
export function createCa(opts: CaOptions = {}): PemPair {
  const commonName = (opts.commonName ?? DEFAULT_CA_COMMON_NAME).trim();
  if (commonName === '') throw invalid('the CA common name (--cn) must not be empty');
  const days = checkValidDays(opts.validDays ?? DEFAULT_CA_DAYS);
  const nowMs = opts.nowMs ?? Date.now();

  const keys = newKeyPair();
  const cert = forge.pki.createCertificate();
  cert.version = 2; // X.509 v3
  cert.serialNumber = randomSerialHex();
  cert.publicKey = keys.publicKey;
  setValidity(cert, nowMs, days);
  const name: forge.pki.CertificateField[] = [
    // UTF8String: node-forge's default PrintableString cannot hold Vietnamese names.
    { name: 'commonName', value: commonName, valueTagClass: forge.asn1.Type.UTF8 as unknown as forge.asn1.Class },
    { name: 'organizationName', value: 'lienthong' },
  ];
  cert.setSubject(name);
  cert.setIssuer(name);
  cert.setExtensions([
    { name: 'basicConstraints', cA: true, critical: true },
    { name: 'keyUsage', keyCertSign: true, cRLSign: true, critical: true },
    { name: 'subjectKeyIdentifier' },
    { name: 'authorityKeyIdentifier', keyIdentifier: true },
  ]);
  cert.sign(keys.privateKey, forge.md.sha256.create());
  return { certPem: forge.pki.certificateToPem(cert), keyPem: keys.keyPem };
}
