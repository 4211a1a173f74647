/**
 * The on-disk layout of a PKI directory:
 *   ca.crt, ca.key (0600)                      the network CA
 *   <role>-<code>.crt, <role>-<code>.key (0600) each issued pair, e.g. node-000.00.24.H44.crt
 *   revocations.json                           the signed revocation list (`lienthong pki revoke`)
 *   issued.jsonl                               every certificate the CA issued here (issued-record.ts)
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
import { findInFolder, readIssuedRecord, recordIssued, startIssuedRecord, ISSUED_FILE } from './issued-record.js';
import { checkExpiry, identityFromPem, verifyIssuedBy, type CertIdentity, type CertRole, type ExpiryStatus } from './identity.js';
import { REVOCATIONS_FILE, readRevocationFile, writeRevocationFile } from './revocation-file.js';
import { nextRevocationList, normalizeSerial, type NewEntry, type RevocationEntry, type RevocationList } from './revocation-list.js';
import { caFingerprint, signRevocationList, verifyRevocationList } from './revocation-signature.js';

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
  /** Whether it is on the directory's revocation list. */
  revoked: boolean;
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
  // A new CA begins a new record of what it issues (a replaced CA's certificates are no longer trusted).
  startIssuedRecord(dir);
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
  // Recorded before the pair is written: a serial handed out is always in the record.
  recordIssued(dir, identity, caCertPem, opts.nowMs ?? Date.now());
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
  const revoked = new Set(readRevocationsInDir(dir)?.list.entries.map((e) => e.serial) ?? []);
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
        revoked: revoked.has(identity.serial),
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

/** Which certificate to revoke: its file, its serial, or the pair issued for a role and code in the directory. */
export type RevokeTarget = { certFile: string } | { serial: string } | { code: string; role: CertRole };

export interface RevokeOptions {
  reason?: string;
  nextUpdateDays?: number;
  nowMs?: number;
  /**
   * Revoke a serial the directory's record of issued certificates lacks (one issued before the
   * record began, or from another copy of the CA directory). Without it such a serial is refused.
   */
  unknownSerialOk?: boolean;
}

export interface RevocationsWritten {
  path: string;
  list: RevocationList;
  /** The entry added (absent for a renewal). */
  entry?: RevocationEntry;
  /** Something the operator should know: a serial that could not be checked against what the CA issued. */
  warning?: string;
}

/** The list in a PKI directory, checked against its CA; null when nothing was revoked yet. */
export function readRevocationsInDir(dir: string): { path: string; list: RevocationList } | null {
  const path = join(dir, REVOCATIONS_FILE);
  const signed = readRevocationFile(path);
  if (!signed) return null;
  return { path, list: verifyRevocationList(signed, loadCaCert(dir)) };
}

/**
 * A serial to revoke, checked against what the CA of `dir` issued: known, its role and code go into
 * the list; unknown, it is refused unless `unknownSerialOk` (a mistyped serial would otherwise spread
 * through the network as a revocation of nothing, and the certificate meant stays trusted).
 */
function serialEntry(dir: string, given: string, unknownSerialOk: boolean): { entry: NewEntry; warning?: string } {
  const serial = normalizeSerial(given);
  const record = readIssuedRecord(dir);
  const known = record ? record.bySerial.get(serial) : findInFolder(dir, serial, loadCaCert(dir));
  if (known) return { entry: { serial, role: known.role, code: known.code } };
  const check = 'check it (`lienthong pki show FILE` prints a certificate\'s serial), or revoke by --cert FILE';
  if (!record) {
    return {
      entry: { serial },
      warning:
        `${dir} keeps no record of the certificates its CA issued (it was made before lienthong kept ${ISSUED_FILE}; the next \`lienthong pki issue\` begins one), ` +
        `and serial ${serial} is not among the certificates in it: it was revoked unchecked; make sure it is one this CA issued (${check})`,
    };
  }
  if (!unknownSerialOk) {
    throw new LienthongError(
      'INVALID_ARGUMENT',
      `serial ${serial} is not one the CA in ${dir} issued: its record of issued certificates (${record.path}, ${record.bySerial.size} certificate(s)) lacks it, ` +
        `so nothing was revoked; ${check}. For a certificate this CA did issue, before the record began or from another copy of the CA directory, pass --unknown-serial-ok`,
    );
  }
  return { entry: { serial }, warning: `serial ${serial} is not in ${record.path}: revoked as --unknown-serial-ok asked` };
}

function entryFor(dir: string, target: Exclude<RevokeTarget, { serial: string }>): NewEntry {
  const path = 'certFile' in target ? target.certFile : join(dir, pairFileNames(target.role, target.code).cert);
  const hint = 'certFile' in target ? 'give the certificate file to revoke' : `no ${target.role} certificate for ${normalizeCode(target.code)} was issued in ${dir}: give --cert FILE or --serial HEX instead`;
  const id = identityFromPem(readPem(path, 'the certificate', hint));
  return { serial: id.serial, role: id.role, code: id.code };
}

function writeNext(dir: string, add: NewEntry | null, opts: RevokeOptions): RevocationsWritten {
  const caCertPem = loadCaCert(dir);
  const caKeyPem = readPem(join(dir, CA_KEY_FILE), 'the CA key', `revoke from the directory made by \`lienthong pki init\`, which holds ${CA_KEY_FILE}`);
  const current = readRevocationsInDir(dir)?.list ?? null;
  const nowMs = opts.nowMs ?? Date.now();
  const list = nextRevocationList(current, add, {
    nowMs,
    caFingerprint256: caFingerprint(caCertPem),
    ...(opts.nextUpdateDays === undefined ? {} : { nextUpdateDays: opts.nextUpdateDays }),
  });
  const path = join(dir, REVOCATIONS_FILE);
  writeRevocationFile(path, signRevocationList(list, caCertPem, caKeyPem));
  return { path, list, ...(add ? { entry: list.entries.at(-1)! } : {}) };
}

/** Adds a certificate to the directory's revocation list: the next version, signed by the CA. */
export function revokeInDir(dir: string, target: RevokeTarget, opts: RevokeOptions = {}): RevocationsWritten {
  const { entry: add, warning } = 'serial' in target ? serialEntry(dir, target.serial, opts.unknownSerialOk === true) : { entry: entryFor(dir, target) };
  const written = writeNext(dir, { ...add, reason: (opts.reason ?? '').trim() }, opts);
  return warning ? { ...written, warning } : written;
}

/** Re-issues the list unchanged as the next version with a fresh nextUpdate, so nodes do not call it stale. */
export function renewRevocationsInDir(dir: string, opts: RevokeOptions = {}): RevocationsWritten {
  return writeNext(dir, null, opts);
}
