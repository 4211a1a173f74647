/**
 * What a PKI directory's CA issued: `issued.jsonl`, one JSON object per line and per certificate,
 *   {"serial":"4A3F…","role":"node","code":"000.00.24.H44","notBefore":"…","notAfter":"…","issuedAt":"…"}
 * appended and synced by `lienthong pki issue` before it writes the pair (a pair's file is replaced
 * on renewal, so the directory's .crt files alone forget every earlier serial). `pki revoke --serial`
 * refuses a serial this record lacks, so a mistyped serial does not spread through the network as a
 * revocation of nothing.
 *
 * `pki init` starts an empty record. A directory made before the record existed gets one at its
 * next `pki issue`, begun with the certificates its folder still holds (marked `found`); serials
 * issued before that, or from another copy of the CA directory, are not in it.
 * A last line cut short by a crash (no newline) is ignored, and cut off before the next entry: the
 * pair it was for was never written.
 */
import { closeSync, existsSync, fsyncSync, openSync, readdirSync, readFileSync, truncateSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { LienthongError } from '../domain/errors.js';
import { CA_CERT_FILE } from './defaults.js';
import { identityFromPem, verifyIssuedBy, type CertIdentity, type CertRole } from './identity.js';
import { normalizeSerial } from './revocation-list.js';

export const ISSUED_FILE = 'issued.jsonl';

export interface IssuedEntry {
  /** Uppercase hex without leading zeros (as revocation lists write it). */
  serial: string;
  role: CertRole;
  code: string;
  notBefore: string;
  notAfter: string;
  /** When `pki issue` made it; absent for a certificate found in the folder when the record began. */
  issuedAt?: string;
  /** The file it was found in when the record began (a certificate issued before the record existed). */
  found?: string;
}

export interface IssuedRecord {
  path: string;
  bySerial: Map<string, IssuedEntry>;
}

function entryOf(id: CertIdentity, extra: Pick<IssuedEntry, 'issuedAt' | 'found'>): IssuedEntry {
  return {
    serial: normalizeSerial(id.serial), role: id.role, code: id.code,
    notBefore: new Date(id.notBeforeMs).toISOString(), notAfter: new Date(id.notAfterMs).toISOString(), ...extra,
  };
}

/** The record of `dir`; null when the directory keeps none (made before lienthong kept one). */
export function readIssuedRecord(dir: string): IssuedRecord | null {
  const path = join(dir, ISSUED_FILE);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw new LienthongError('INVALID_ARGUMENT', `cannot read the record of issued certificates ${path}: ${(err as Error).message}`, { cause: err });
  }
  const bySerial = new Map<string, IssuedEntry>();
  const lines = text.split('\n');
  lines.forEach((line, i) => {
    if (line.trim() === '') return;
    try {
      const e = JSON.parse(line) as IssuedEntry;
      if (typeof e.serial !== 'string') throw new Error('no serial');
      bySerial.set(normalizeSerial(e.serial), e);
    } catch (err) {
      if (i === lines.length - 1) return; // cut short by a crash before its pair was written
      throw new LienthongError(
        'INVALID_ARGUMENT',
        `the record of issued certificates ${path} is damaged at line ${i + 1} (${(err as Error).message}): restore it from a backup of the PKI directory`,
        { cause: err },
      );
    }
  });
  return { path, bySerial };
}

/**
 * Cuts off a last line left unfinished by a crash mid-append (no newline): the pair it was for was
 * never written, and the next entry must start a line of its own.
 */
function dropTornLine(path: string): void {
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch {
    return;
  }
  const end = bytes.lastIndexOf(0x0a) + 1;
  if (end < bytes.length) truncateSync(path, end);
}

function syncFolder(dir: string): void {
  const fd = openSync(dir, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

function append(dir: string, entries: IssuedEntry[]): void {
  const path = join(dir, ISSUED_FILE);
  const created = !existsSync(path);
  dropTornLine(path);
  const fd = openSync(path, 'a', 0o644);
  try {
    writeSync(fd, entries.map((e) => JSON.stringify(e) + '\n').join(''));
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  if (created) syncFolder(dir);
}

/** Starts an empty record (a new CA). */
export function startIssuedRecord(dir: string): void {
  const fd = openSync(join(dir, ISSUED_FILE), 'w', 0o644);
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  syncFolder(dir);
}

/** The certificates of `dir`'s folder issued by `caCertPem`, for a record that begins now. */
function foundInFolder(dir: string, caCertPem: string): IssuedEntry[] {
  const out: IssuedEntry[] = [];
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.crt') && f !== CA_CERT_FILE).sort()) {
    try {
      const pem = readFileSync(join(dir, file), 'utf8');
      if (verifyIssuedBy(pem, caCertPem)) out.push(entryOf(identityFromPem(pem), { found: file }));
    } catch {
      // Not a lienthong certificate: nothing to record.
    }
  }
  return out;
}

/** Records a certificate just issued by the CA of `dir` (beginning the record if it has none). */
export function recordIssued(dir: string, issued: CertIdentity, caCertPem: string, nowMs: number): void {
  const begin = existsSync(join(dir, ISSUED_FILE)) ? [] : foundInFolder(dir, caCertPem);
  append(dir, [...begin, entryOf(issued, { issuedAt: new Date(nowMs).toISOString() })]);
}

/** Looks up a serial in the folder's certificates (for a directory that keeps no record). */
export function findInFolder(dir: string, serial: string, caCertPem: string): IssuedEntry | undefined {
  return foundInFolder(dir, caCertPem).find((e) => e.serial === serial);
}
