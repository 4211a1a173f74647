/**
 * Issues node, agency and admin certificates signed by the network CA. The agency code and role are
 * bound into the subjectAltName URI `urn:lienthong:<role>:<code>`, which every connection checks.
 */
import { X509Certificate, createPrivateKey } from 'node:crypto';
import { isIP } from 'node:net';
import forge from 'node-forge';
import { normalizeCode } from '../domain/agency-code.js';
import { LienthongError, invalid } from '../domain/errors.js';
import { checkValidDays, newKeyPair, randomSerialHex, setValidity, type PemPair } from './ca.js';
import { identityUri, isCertRole, parseCertificate, CERT_ROLES, type CertRole } from './identity.js';

/** 825 days: the longest leaf lifetime mainstream TLS clients accept. */
import { DEFAULT_LEAF_DAYS } from './defaults.js';

export { DEFAULT_LEAF_DAYS };
const DAY_MS = 86_400_000;
const DNS_NAME = /^(\*\.)?([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)(\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/;

export interface IssueOptions {
  caCertPem: string;
  caKeyPem: string;
  code: string;
  role: CertRole;
  validDays?: number;
  /** Extra DNS names (node only; `localhost` is always included). */
  dnsNames?: string[];
  /** Extra IP addresses (node only; `127.0.0.1` is always included). */
  ips?: string[];
  nowMs?: number;
}

function caInvalid(message: string, cause?: unknown): LienthongError {
  return new LienthongError('CERTIFICATE_INVALID', message, cause === undefined ? undefined : { cause });
}

/** Checks the CA pair is usable: a CA certificate, the matching key, valid long enough. */
function checkCa(caCertPem: string, caKeyPem: string, nowMs: number, notAfterMs: number): X509Certificate {
  const ca = parseCertificate(caCertPem, 'CA certificate');
  if (!ca.ca) throw caInvalid(`${ca.subject.replace(/\n/g, ', ')} is not a CA certificate: pass the ca.crt made by \`lienthong pki init\``);
  let key;
  try {
    key = createPrivateKey(caKeyPem);
  } catch (err) {
    throw caInvalid(`CA key is not a readable PEM private key: ${(err as Error).message}`, err);
  }
  if (!ca.checkPrivateKey(key)) {
    throw caInvalid('CA key does not match the CA certificate: use the ca.key written next to ca.crt by `lienthong pki init`');
  }
  const caNotAfter = Date.parse(ca.validTo);
  if (nowMs >= caNotAfter) {
    throw caInvalid(`the network CA expired on ${ca.validTo}: create a new one with \`lienthong pki init --force\``);
  }
  if (notAfterMs > caNotAfter) {
    const maxDays = Math.floor((caNotAfter - nowMs) / DAY_MS);
    throw invalid(
      `the certificate would outlive the network CA (expires ${ca.validTo}): pass --days ${maxDays} or less, or renew the CA`,
    );
  }
  return ca;
}

function altNames(role: CertRole, code: string, dnsNames: string[], ips: string[]): object[] {
  const names: object[] = [{ type: 6, value: identityUri(role, code) }];
  if (role !== 'node') {
    if (dnsNames.length > 0 || ips.length > 0) {
      throw invalid(`--dns and --ip only apply to node certificates, not ${role}`);
    }
    return names;
  }
  for (const dns of new Set(['localhost', ...dnsNames.map((d) => d.trim().toLowerCase())])) {
    if (dns.length > 253 || !DNS_NAME.test(dns)) throw invalid(`--dns "${dns}" is not a valid DNS name`);
    names.push({ type: 2, value: dns });
  }
  for (const ip of new Set(['127.0.0.1', ...ips.map((i) => i.trim())])) {
    if (isIP(ip) === 0) throw invalid(`--ip "${ip}" is not an IPv4 or IPv6 address`);
    names.push({ type: 7, ip });
  }
  return names;
}

/** Signs a fresh key pair for `code` in `role` with the network CA. */
export function issueCertificate(opts: IssueOptions): PemPair {
  if (!isCertRole(opts.role)) throw invalid(`--role must be one of ${CERT_ROLES.join(', ')}, got "${opts.role}"`);
  const code = normalizeCode(opts.code);
  const days = checkValidDays(opts.validDays ?? DEFAULT_LEAF_DAYS);
  const nowMs = opts.nowMs ?? Date.now();
  checkCa(opts.caCertPem, opts.caKeyPem, nowMs, nowMs + days * DAY_MS);
  const names = altNames(opts.role, code, opts.dnsNames ?? [], opts.ips ?? []);

  const caCert = forge.pki.certificateFromPem(opts.caCertPem);
  const caKey = forge.pki.privateKeyFromPem(opts.caKeyPem);
  const caSki = caCert.getExtension('subjectKeyIdentifier') as { subjectKeyIdentifier?: string } | null;
  const keyIdentifier = caSki?.subjectKeyIdentifier
    ? forge.util.hexToBytes(caSki.subjectKeyIdentifier)
    : caCert.generateSubjectKeyIdentifier().getBytes();

  const keys = newKeyPair();
  const cert = forge.pki.createCertificate();
  cert.version = 2; // X.509 v3
  cert.serialNumber = randomSerialHex();
  cert.publicKey = keys.publicKey;
  setValidity(cert, nowMs, days);
  cert.setSubject([
    { name: 'commonName', value: code },
    { name: 'organizationName', value: 'lienthong' },
    { name: 'organizationalUnitName', value: opts.role },
  ]);
  // node-forge reads a UTF8String as raw UTF-8 bytes and would encode them again on the way out.
  cert.setIssuer(caCert.subject.attributes.map((a) => ((a.valueTagClass as unknown) === forge.asn1.Type.UTF8 && typeof a.value === 'string' ? { ...a, value: forge.util.decodeUtf8(a.value) } : a)));
  cert.setExtensions([
    { name: 'basicConstraints', cA: false, critical: true },
    { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
    { name: 'extKeyUsage', serverAuth: opts.role === 'node', clientAuth: true },
    { name: 'subjectAltName', altNames: names },
    { name: 'subjectKeyIdentifier' },
    { name: 'authorityKeyIdentifier', keyIdentifier },
  ]);
  cert.sign(caKey, forge.md.sha256.create());
  return { certPem: forge.pki.certificateToPem(cert), keyPem: keys.keyPem };
}
