/**
 * A signed revocation list on disk, `revocations.json`, in the PKI directory (written by
 * `lienthong pki revoke`) and in every node's data directory (the list the node enforces):
 *   { "list": { ...the signed list... }, "signature": "<base64>" }
 * The list is stored as readable JSON; its canonical form (RFC 8785) is what the signature covers.
 * Writes are atomic (temporary file, fsync, rename, fsync of the folder), so a crash leaves the old
 * list or the new one, never half of one.
 */
import { readFileSync } from 'node:fs';
import { LienthongError } from '../domain/errors.js';
import { replaceFileSync } from '../store/files/fs-sync.js';
import { canonicalJson, type SignedRevocationList } from './revocation-list.js';

export const REVOCATIONS_FILE = 'revocations.json';

/** The file's text for a signed list. */
export function revocationFileText(signed: SignedRevocationList): string {
  const list = JSON.parse(signed.payload.toString('utf8')) as unknown;
  return JSON.stringify({ list, signature: signed.signature.toString('base64') }, null, 2) + '\n';
}

/** Parses the file's text back into the signed bytes (signature not checked here). */
export function parseRevocationFile(text: string, path: string): SignedRevocationList {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (err) {
    throw new LienthongError('REVOCATION_LIST_INVALID', `${path} is not JSON: ${(err as Error).message}`, { cause: err });
  }
  const d = doc as { list?: unknown; signature?: unknown };
  if (typeof d !== 'object' || d === null || typeof d.list !== 'object' || d.list === null || typeof d.signature !== 'string') {
    throw new LienthongError('REVOCATION_LIST_INVALID', `${path} is not a revocation list file ({"list": {...}, "signature": "..."}): make one with \`lienthong pki revoke\``);
  }
  return { payload: Buffer.from(canonicalJson(d.list), 'utf8'), signature: Buffer.from(d.signature, 'base64') };
}

/** Reads a revocation list file; null when there is none. */
export function readRevocationFile(path: string): SignedRevocationList | null {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw new LienthongError('REVOCATION_LIST_INVALID', `cannot read ${path}: ${(err as Error).message}`, { cause: err });
  }
  return parseRevocationFile(text, path);
}

/** Replaces the file atomically and durably. */
export function writeRevocationFile(path: string, signed: SignedRevocationList): void {
  replaceFileSync(path, revocationFileText(signed));
}
