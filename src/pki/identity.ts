/**
 * The lienthong identity bound into a certificate: who (agency code) and what (role).
 * The authoritative binding is the subjectAltName URI `urn:lienthong:<role>:<code>`; the CN is only a
 * label for humans. Pure parsing of certificates already in memory; no disk, no clock (callers pass now).
 */
import { createPublicKey, X509Certificate, type KeyObject } from 'node:crypto';
import type { PeerCertificate } from 'node:tls';
import { normalizeCode } from '../domain/agency-code.js';
import { LienthongError } from '../domain/errors.js';

/** node: a relay daemon (TLS server and client); agency: document software (client); admin: operator tools. */
export type CertRole = 'node' | 'agency' | 'admin';
export const CERT_ROLES: readonly CertRole[] = ['node', 'agency', 'admin'];

/** "a node", "an agency", "an admin": a role as a message names it. */
export function aRole(role: CertRole): string {
  return `${/^[aeiou]/.test(role) ? 'an' : 'a'} ${role}`;
}

export interface CertIdentity {
  code: string;
  role: CertRole;
  notAfterMs: number;
  notBeforeMs: number;
  /** Uppercase hex, as Node prints it. */
  serial: string;
  /** SHA-256 of the DER, colon-separated uppercase hex. */
  fingerprint256: string;
}

export interface ExpiryStatus {
  expired: boolean;
  expiresSoon: boolean;
  message: string;
}

const URN_PREFIX = 'urn:lienthong:';
const DAY_MS = 86_400_000;
const ISSUE_HINT = 'issue it with `lienthong pki issue`';

export function isCertRole(value: string): value is CertRole {
  return (CERT_ROLES as readonly string[]).includes(value);
}

/** The subjectAltName URI that binds `code` and `role` into a certificate. */
export function identityUri(role: CertRole, code: string): string {
  return `${URN_PREFIX}${role}:${code}`;
}

function invalidCert(message: string, cause?: unknown): LienthongError {
  return new LienthongError('CERTIFICATE_INVALID', message, cause === undefined ? undefined : { cause });
}

/** Parses a PEM certificate, throwing CERTIFICATE_INVALID (naming `what`) when it is not one. */
export function parseCertificate(pem: string, what = 'certificate'): X509Certificate {
  try {
    return new X509Certificate(pem);
  } catch (err) {
    throw invalidCert(`${what} is not a readable PEM X.509 certificate: ${(err as Error).message}`, err);
  }
}

/**
 * Splits Node's subjectAltName text (`DNS:a, IP Address:1.2.3.4, URI:urn:...`) into [type, value] pairs.
 * Node quotes values holding special characters as JSON strings (`URI:"..."`); those are unquoted.
 */
export function parseSubjectAltName(text: string): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  const entry = /(?:^|,\s*)([A-Za-z ]+):("(?:[^"\\]|\\.)*"|[^,]*)/g;
  for (const m of text.matchAll(entry)) {
    const raw = m[2]!;
    let value = raw;
    if (raw.startsWith('"')) {
      try {
        value = JSON.parse(raw) as string;
      } catch {
        value = raw;
      }
    }
    out.push([m[1]!.trim(), value]);
  }
  return out;
}

function commonNameOf(subject: string | undefined): string {
  const m = /(?:^|\n)CN=([^\n]*)/.exec(subject ?? '');
  return m ? m[1]! : '(none)';
}

/** Finds the one `urn:lienthong:ROLE:CODE` URI in a subjectAltName string. */
function bindingFrom(subjectAltName: string | undefined, cn: string): { role: CertRole; code: string } {
  const uris = parseSubjectAltName(subjectAltName ?? '')
    .filter(([type, value]) => type === 'URI' && value.startsWith(URN_PREFIX))
    .map(([, value]) => value);
  if (uris.length === 0) {
    throw invalidCert(
      `certificate CN=${cn} carries no lienthong identity (${URN_PREFIX}ROLE:CODE): ${ISSUE_HINT}`,
    );
  }
  if (uris.length > 1) {
    throw invalidCert(`certificate CN=${cn} carries ${uris.length} lienthong identities (${uris.join(', ')}): ${ISSUE_HINT}`);
  }
  const uri = uris[0]!;
  const rest = uri.slice(URN_PREFIX.length);
  const colon = rest.indexOf(':');
  const role = colon < 0 ? rest : rest.slice(0, colon);
  if (!isCertRole(role)) {
    throw invalidCert(
      `certificate CN=${cn} has identity ${uri} with unknown role "${role}" (expected ${CERT_ROLES.join(', ')}): ${ISSUE_HINT}`,
    );
  }
  try {
    return { role, code: normalizeCode(rest.slice(colon + 1)) };
  } catch (err) {
    throw invalidCert(`certificate CN=${cn} has identity ${uri} with an invalid code: ${(err as Error).message}`, err);
  }
}

function timeOf(text: string | undefined, field: string, cn: string): number {
  const ms = Date.parse(text ?? '');
  if (!Number.isFinite(ms)) throw invalidCert(`certificate CN=${cn} has an unreadable ${field} "${text}"`);
  return ms;
}

/** Reads the lienthong identity from a PEM certificate. */
export function identityFromPem(pem: string): CertIdentity {
  return identityFromX509(parseCertificate(pem));
}

/** The lienthong identity of a parsed certificate. */
export function identityFromX509(x509: X509Certificate): CertIdentity {
  const cn = commonNameOf(x509.subject);
  return {
    ...bindingFrom(x509.subjectAltName, cn),
    notAfterMs: timeOf(x509.validTo, 'notAfter', cn),
    notBeforeMs: timeOf(x509.validFrom, 'notBefore', cn),
    serial: x509.serialNumber.toUpperCase(),
    fingerprint256: x509.fingerprint256,
  };
}

/** Reads the lienthong identity from `socket.getPeerCertificate()`; `{}` means the peer sent none. */
export function identityFromPeerCertificate(cert: PeerCertificate): CertIdentity {
  if (!cert || Object.keys(cert).length === 0) {
    throw invalidCert(
      'peer presented no client certificate: configure it with a certificate issued by `lienthong pki issue`',
    );
  }
  const cn = typeof cert.subject?.CN === 'string' ? cert.subject.CN : '(none)';
  return {
    ...bindingFrom(cert.subjectaltname, cn),
    notAfterMs: timeOf(cert.valid_to, 'notAfter', cn),
    notBeforeMs: timeOf(cert.valid_from, 'notBefore', cn),
    serial: cert.serialNumber.toUpperCase(),
    fingerprint256: cert.fingerprint256,
  };
}

function day(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** Whether the certificate has expired or will within `warnDays`, with a message for the operator. */
export function checkExpiry(identity: CertIdentity, nowMs: number, warnDays = 30): ExpiryStatus {
  const who = `${identity.role} certificate for ${identity.code}`;
  const renew = `issue a new one with \`lienthong pki issue --code ${identity.code} --role ${identity.role}\``;
  if (nowMs >= identity.notAfterMs) {
    return { expired: true, expiresSoon: false, message: `${who} expired on ${day(identity.notAfterMs)}: ${renew}` };
  }
  // Rounded up, as `status` and `check` count them: 9.5 days left is "10 day(s)" everywhere.
  const daysLeft = Math.ceil((identity.notAfterMs - nowMs) / DAY_MS);
  if (identity.notAfterMs - nowMs <= warnDays * DAY_MS) {
    return {
      expired: false,
      expiresSoon: true,
      message: `${who} expires on ${day(identity.notAfterMs)} (${daysLeft} day(s) left): ${renew}`,
    };
  }
  const notYet = nowMs < identity.notBeforeMs ? ` but is not valid before ${day(identity.notBeforeMs)} (check the clock)` : '';
  return {
    expired: false,
    expiresSoon: false,
    message: `${who} is valid until ${day(identity.notAfterMs)} (${daysLeft} days left)${notYet}`,
  };
}

/** Where `nowMs` falls in a certificate's validity period. */
export type Validity = 'valid' | 'expired' | 'not-yet-valid';

/** Pure: whether a certificate is valid at `nowMs` (notBefore and notAfter both count as valid, as in X.509). */
export function validityAt(c: Pick<CertIdentity, 'notBeforeMs' | 'notAfterMs'>, nowMs: number): Validity {
  if (nowMs > c.notAfterMs) return 'expired';
  if (nowMs < c.notBeforeMs) return 'not-yet-valid';
  return 'valid';
}

function instant(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/**
 * Pure: why a certificate cannot be used at `nowMs`, for the operator of the machine that holds it
 * (`what` names it, `renew` says how to get a new one); null while it is valid. Both dates and this
 * machine's time are given: a certificate that looks expired or not yet valid may be right, and the
 * clock wrong.
 */
export function validityProblem(c: Pick<CertIdentity, 'notBeforeMs' | 'notAfterMs'>, nowMs: number, what: string, renew: string): string | null {
  const period = `valid from ${instant(c.notBeforeMs)} to ${instant(c.notAfterMs)}`;
  switch (validityAt(c, nowMs)) {
    case 'valid':
      return null;
    case 'expired':
      return `${what} expired on ${instant(c.notAfterMs)} (${period}; this machine's clock reads ${instant(nowMs)}): ${renew}. ` +
        'If this machine\'s clock is wrong, set it right instead (NTP: `timedatectl`, chrony)';
    case 'not-yet-valid':
      return `${what} is not valid until ${instant(c.notBeforeMs)} (${period}), but this machine's clock reads ${instant(nowMs)}: ` +
        'check this machine\'s clock (NTP: `timedatectl`, chrony); a certificate is valid from the minutes before it was issued, so a clock behind shows this. ' +
        `If the clock is right, the certificate was issued with a wrong date: ${renew}`;
  }
}

/** True when `certPem` names the CA as issuer and carries a valid signature by the CA's key. */
export function verifyIssuedBy(certPem: string, caCertPem: string): boolean {
  const cert = parseCertificate(certPem);
  const ca = parseCertificate(caCertPem, 'CA certificate');
  return cert.checkIssued(ca) && cert.verify(ca.publicKey);
}

/** True when `key` is the private key of the certificate `cert` (their public keys are the same). */
export function keyMatchesCertificate(key: KeyObject, cert: X509Certificate): boolean {
  const spki = (k: KeyObject): Buffer => k.export({ type: 'spki', format: 'der' });
  return spki(createPublicKey(key)).equals(spki(cert.publicKey));
}
