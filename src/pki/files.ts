/**
 * The on-disk layout of a PKI directory:
 *   ca.crt, ca.key (0600)                      the network CA
 *   <role>-<code>.crt, <role>-<code>.key (0600) each issued pair, e.g. node-000.00.24.H44.crt
 * Keys are written with mode 0600 and never logged.
 */
import { chmodSync, existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { normalizeCode } from '../domain/agency-code.js';
import { LienthongError, invalid } from '../domain/errors.js';
import { createCa } from './ca.js';
import { CA_CERT_FILE, CA_KEY_FILE } from './defaults.js';

export { CA_CERT_FILE, CA_KEY_FILE };
import { issueCertificate } from './issue.js';
import { checkExpiry, identityFromPem, verifyIssuedBy, type CertIdentity, type CertRole, type ExpiryStatus } from './identity.js';

const KEY_MODE = 0o600;

export interface InitPkiOptions {
  commonName?: string;
  validDays?: number;
  force?: boolean;
  nowMs?: number;
}

export interface IssueToDirOptions {
  code: string;
  role: CertRole;
  validDays?: number;
  dnsNames?: string[];
  ips?: string[];
  /** Where to write the pair; defaults to the PKI directory itself. */
  outDir?: string;
  nowMs?: number;
}

export interface WrittenPair {
  certPath: string;
  keyPath: string;
}

export interface IssuedFiles extends WrittenPair {
  identity: CertIdentity;
  /** True when an earlier pair for the same role and code was overwritten (a renewal). */
  replaced: boolean;
}

export interface PkiEntry {
  path: string;
  identity: CertIdentity;
  expiry: ExpiryStatus;
  /** Whether the certificate was signed by this directory's CA. */
  issuedByCa: boolean;
}

export interface PkiListing {
  certificates: PkiEntry[];
  /** `.crt` files that are not lienthong certificates, with the reason. */
  skipped: Array<{ path: string; reason: string }>;
}

/** File names of an issued pair: `<role>-<code>.crt` / `.key`. */
export function pairFileNames(role: CertRole, code: string): { cert: string; key: string } {
  const base = `${role}-${normalizeCode(code)}`;
  return { cert: `${base}.crt`, key: `${base}.key` };
}

function writeKey(path: string, pem: string): void {
  writeFileSync(path, pem, { mode: KEY_MODE });
  chmodSync(path, KEY_MODE); // mode is only applied on creation; an overwritten file keeps its old one
}

function readPem(path: string, what: string, hint: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (err) {
    throw new LienthongError('CERTIFICATE_INVALID', `cannot read ${what} ${path}: ${hint}`, { cause: err });
  }
}

/** Creates the network CA in `dir`; refuses to replace an existing one unless `force`. */
export function initPkiDir(dir: string, opts: InitPkiOptions = {}): WrittenPair {
  const certPath = join(dir, CA_CERT_FILE);
  const keyPath = join(dir, CA_KEY_FILE);
  if (!opts.force && (existsSync(certPath) || existsSync(keyPath))) {
    throw invalid(
      `a CA already exists in ${dir}: keep it, or pass --force to replace it (every certificate it issued will stop being trusted)`,
    );
  }
  const ca = createCa(opts);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  writeKey(keyPath, ca.keyPem);
  writeFileSync(certPath, ca.certPem);
  return { certPath, keyPath };
}

/** Reads the CA certificate PEM of a PKI directory. */
export function loadCaCert(dir: string): string {
  return readPem(join(dir, CA_CERT_FILE), 'the CA certificate', `run \`lienthong pki init --dir ${dir}\` first`);
}

/** Issues a pair with the CA of `dir` and writes it as `<role>-<code>.crt/.key` into `outDir` (default `dir`). */
export function issueToDir(dir: string, opts: IssueToDirOptions): IssuedFiles {
  const caCertPem = loadCaCert(dir);
  const caKeyPem = readPem(
    join(dir, CA_KEY_FILE),
    'the CA key',
    `issue from the directory made by \`lienthong pki init\`, which holds ${CA_KEY_FILE}`,
  );
  const pair = issueCertificate({ ...opts, caCertPem, caKeyPem });
  const identity = identityFromPem(pair.certPem);
  const outDir = opts.outDir ?? dir;
  const names = pairFileNames(identity.role, identity.code);
  const certPath = join(outDir, names.cert);
  const keyPath = join(outDir, names.key);
  const replaced = existsSync(certPath) || existsSync(keyPath);
  mkdirSync(outDir, { recursive: true, mode: 0o700 });
  writeKey(keyPath, pair.keyPem);
  writeFileSync(certPath, pair.certPem);
  return { certPath, keyPath, identity, replaced };
}

/** Every issued certificate in `dir` with its identity and expiry, sorted by role then code. */
export function listPkiDir(dir: string, nowMs: number = Date.now(), warnDays = 30): PkiListing {
  const caCertPem = loadCaCert(dir);
  const listing: PkiListing = { certificates: [], skipped: [] };
  const files = readdirSync(dir).filter((f) => f.endsWith('.crt') && f !== CA_CERT_FILE).sort();
  for (const file of files) {
    const path = join(dir, file);
    try {
      const pem = readFileSync(path, 'utf8');
      const identity = identityFromPem(pem);
      listing.certificates.push({
        path,
        identity,
        expiry: checkExpiry(identity, nowMs, warnDays),
        issuedByCa: verifyIssuedBy(pem, caCertPem),
      });
    } catch (err) {
      listing.skipped.push({ path, reason: (err as Error).message });
    }
  }
  listing.certificates.sort(
    (a, b) => a.identity.role.localeCompare(b.identity.role) || a.identity.code.localeCompare(b.identity.code),
  );
  return listing;
}
