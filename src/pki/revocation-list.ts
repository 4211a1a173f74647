/**
 * The network's revocation list: which certificates the CA has withdrawn. A list has a version (a
 * whole number that only grows), when it was issued, when the next one is due (after that a node
 * calls it stale and warns, but keeps using it) and its entries. Entries are keyed by certificate
 * serial (uppercase hex, as in CertIdentity.serial); role, code and reason are there for humans.
 *
 * Pure: encoding to and from the canonical JSON that the CA signs (RFC 8785), ordering and staleness.
 * No I/O, no clock read (callers pass `nowMs`).
 */
import canonicalizeModule from 'canonicalize';
import { normalizeCode } from '../domain/agency-code.js';
import { LienthongError } from '../domain/errors.js';
import { isCertRole, type CertRole } from './identity.js';

export const REVOCATION_LIST_TYPE = 'lienthong-revocation-list/1';
/** Days until a list is due to be replaced (`nextUpdate`) unless the operator says otherwise. */
export const DEFAULT_NEXT_UPDATE_DAYS = 30;
const DAY_MS = 86_400_000;

export interface RevocationEntry {
  /** Uppercase hex without leading zeros, as Node prints a certificate's serial number. */
  serial: string;
  /** Empty when revoked by serial alone. */
  role: CertRole | '';
  code: string;
  reason: string;
  revokedAtMs: number;
}

export interface RevocationList {
  version: number;
  issuedAtMs: number;
  nextUpdateMs: number;
  /** SHA-256 fingerprint of the CA certificate that signs the list (colon-separated hex). */
  caFingerprint256: string;
  entries: RevocationEntry[];
}

/** The list as it travels and is stored: the exact bytes the CA signed and the signature. */
export interface SignedRevocationList {
  payload: Buffer;
  signature: Buffer;
}

/** What a node tells its operator about the list it enforces. */
export interface RevocationSummary {
  version: number;
  issuedAtMs: number;
  nextUpdateMs: number;
  stale: boolean;
}

// The package is CommonJS whose declaration says `export default`: under NodeNext TypeScript reads
// that as `.default`, while Node's ESM import hands over module.exports, the function itself.
const canonicalize = canonicalizeModule as unknown as (value: unknown) => string | undefined;

/** RFC 8785 canonical JSON of a plain value. */
export function canonicalJson(value: unknown): string {
  const text = canonicalize(value);
  if (text === undefined) throw new LienthongError('INVALID_ARGUMENT', 'nothing to encode as JSON');
  return text;
}

function bad(message: string): LienthongError {
  return new LienthongError('REVOCATION_LIST_INVALID', message);
}

/** Normalizes a serial typed by an operator or read from a certificate: `0a:3f` → `A3F`. */
export function normalizeSerial(serial: string): string {
  const hex = serial.replace(/[\s:]/g, '').toUpperCase();
  if (!/^[0-9A-F]{1,64}$/.test(hex)) {
    throw new LienthongError('INVALID_ARGUMENT', `"${serial}" is not a certificate serial number (hexadecimal, as printed by \`lienthong pki show\`)`);
  }
  return hex.replace(/^0+(?=.)/, '');
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}

/** The canonical JSON (RFC 8785) of a list: what the CA signs and what every node verifies. */
export function encodeRevocationList(list: RevocationList): Buffer {
  const doc = {
    type: REVOCATION_LIST_TYPE,
    version: list.version,
    issuedAt: iso(list.issuedAtMs),
    nextUpdate: iso(list.nextUpdateMs),
    ca: list.caFingerprint256,
    entries: list.entries.map((e) => ({ serial: e.serial, role: e.role, code: e.code, reason: e.reason, revokedAt: iso(e.revokedAtMs) })),
  };
  return Buffer.from(canonicalJson(doc), 'utf8');
}

function field<T>(obj: Record<string, unknown>, key: string, path: string, check: (v: unknown) => v is T, want: string): T {
  const v = obj[key];
  if (!check(v)) throw bad(`${path}${key} must be ${want}, got ${JSON.stringify(v) ?? 'nothing'}`);
  return v;
}

const isString = (v: unknown): v is string => typeof v === 'string';
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function time(obj: Record<string, unknown>, key: string, path: string): number {
  const text = field(obj, key, path, isString, 'a date and time (ISO 8601)');
  const ms = Date.parse(text);
  if (!Number.isFinite(ms) || !/^\d{4}-\d\d-\d\dT/.test(text)) throw bad(`${path}${key} must be a date and time (ISO 8601), got "${text}"`);
  return ms;
}

function onlyKeys(obj: Record<string, unknown>, keys: string[], path: string): void {
  const extra = Object.keys(obj).filter((k) => !keys.includes(k));
  if (extra.length) throw bad(`${path}${extra.join(', ')}: unknown field${extra.length > 1 ? 's' : ''}`);
}

function entryFrom(raw: unknown, i: number): RevocationEntry {
  const path = `entries[${i}].`;
  if (!isObject(raw)) throw bad(`entries[${i}] must be an object`);
  onlyKeys(raw, ['serial', 'role', 'code', 'reason', 'revokedAt'], path);
  const serialText = field(raw, 'serial', path, isString, 'a serial number in hex');
  let serial: string;
  try {
    serial = normalizeSerial(serialText);
  } catch {
    throw bad(`${path}serial "${serialText}" is not a serial number in hex`);
  }
  if (serial !== serialText) throw bad(`${path}serial "${serialText}" must be uppercase hex without separators or leading zeros (${serial})`);
  const role = field(raw, 'role', path, isString, 'node, agency, admin or ""');
  if (role !== '' && !isCertRole(role)) throw bad(`${path}role must be node, agency, admin or "", got "${role}"`);
  const code = field(raw, 'code', path, isString, 'an agency code or ""');
  if (code !== '') {
    try {
      if (normalizeCode(code) !== code) throw new Error('not in normal form');
    } catch (err) {
      throw bad(`${path}code "${code}" is not an agency code: ${(err as Error).message}`);
    }
  }
  return { serial, role, code, reason: field(raw, 'reason', path, isString, 'text'), revokedAtMs: time(raw, 'revokedAt', path) };
}

/** Reads the signed bytes back into a list, refusing anything that is not exactly a list. */
export function decodeRevocationList(payload: Buffer): RevocationList {
  let raw: unknown;
  try {
    raw = JSON.parse(payload.toString('utf8'));
  } catch (err) {
    throw bad(`the revocation list is not JSON: ${(err as Error).message}`);
  }
  if (!isObject(raw)) throw bad('the revocation list must be a JSON object');
  onlyKeys(raw, ['type', 'version', 'issuedAt', 'nextUpdate', 'ca', 'entries'], '');
  if (raw.type !== REVOCATION_LIST_TYPE) throw bad(`type must be "${REVOCATION_LIST_TYPE}", got ${JSON.stringify(raw.type) ?? 'nothing'}`);
  const version = field(raw, 'version', '', (v): v is number => Number.isSafeInteger(v) && (v as number) >= 1, 'a whole number from 1');
  const entriesRaw = field(raw, 'entries', '', Array.isArray, 'a list');
  const entries = entriesRaw.map(entryFrom);
  const seen = new Set<string>();
  for (const e of entries) {
    if (seen.has(e.serial)) throw bad(`serial ${e.serial} is listed twice`);
    seen.add(e.serial);
  }
  const list: RevocationList = {
    version,
    issuedAtMs: time(raw, 'issuedAt', ''),
    nextUpdateMs: time(raw, 'nextUpdate', ''),
    caFingerprint256: field(raw, 'ca', '', isString, 'the CA certificate\'s SHA-256 fingerprint'),
    entries,
  };
  if (list.nextUpdateMs <= list.issuedAtMs) throw bad('nextUpdate must come after issuedAt');
  // One list, one byte form: what is stored as JSON can be signed-checked again after a reload.
  if (!encodeRevocationList(list).equals(payload)) throw bad('the revocation list is not in canonical form (RFC 8785, dates as toISOString)');
  return list;
}

/** True when `candidate` should replace `current` (a strictly higher version). */
export function isNewer(candidate: Pick<RevocationList, 'version'>, current: Pick<RevocationList, 'version'> | null): boolean {
  return current === null || candidate.version > current.version;
}

/** After `nextUpdate` the list is stale: still enforced, but the operator is warned. */
export function isStale(list: Pick<RevocationList, 'nextUpdateMs'>, nowMs: number): boolean {
  return nowMs >= list.nextUpdateMs;
}

export function summarize(list: RevocationList, nowMs: number): RevocationSummary {
  return { version: list.version, issuedAtMs: list.issuedAtMs, nextUpdateMs: list.nextUpdateMs, stale: isStale(list, nowMs) };
}

/** The operator's warning for a stale list, or null while it is current. */
export function staleWarning(list: Pick<RevocationList, 'version' | 'nextUpdateMs'>, nowMs: number): string | null {
  if (!isStale(list, nowMs)) return null;
  const days = Math.floor((nowMs - list.nextUpdateMs) / DAY_MS);
  return (
    `revocation list version ${list.version} is stale: its next update was due ${iso(list.nextUpdateMs).slice(0, 10)}` +
    `${days > 0 ? ` (${days} day(s) ago)` : ''}; the node keeps enforcing it. At the CA run ` +
    '`lienthong pki revoke --dir PKI --renew` and publish the new list with `lienthong pki publish`'
  );
}

export interface NewEntry {
  serial: string;
  role?: CertRole | '';
  code?: string;
  reason?: string;
}

export interface NextListOptions {
  nowMs: number;
  /** Days until the next update is due. */
  nextUpdateDays?: number;
  caFingerprint256: string;
}

function checkDays(days: number): number {
  if (!Number.isInteger(days) || days < 1 || days > 3650) {
    throw new LienthongError('INVALID_ARGUMENT', `--next-update must be a whole number of days between 1 and 3650, got ${days}`);
  }
  return days;
}

/** The next version of `current` (or the first list), re-issued now, with `add` appended when given. */
export function nextRevocationList(current: RevocationList | null, add: NewEntry | null, o: NextListOptions): RevocationList {
  const days = checkDays(o.nextUpdateDays ?? DEFAULT_NEXT_UPDATE_DAYS);
  const entries = [...(current?.entries ?? [])];
  if (add) {
    const serial = normalizeSerial(add.serial);
    const already = entries.find((e) => e.serial === serial);
    if (already) {
      const who = already.code ? ` (${already.role} ${already.code})` : '';
      throw new LienthongError('INVALID_ARGUMENT', `certificate ${serial}${who} is already revoked since ${iso(already.revokedAtMs)}: nothing to do`);
    }
    entries.push({ serial, role: add.role ?? '', code: add.code ?? '', reason: add.reason ?? '', revokedAtMs: o.nowMs });
  }
  return {
    version: (current?.version ?? 0) + 1,
    issuedAtMs: o.nowMs,
    nextUpdateMs: o.nowMs + days * DAY_MS,
    caFingerprint256: o.caFingerprint256,
    entries,
  };
}
