/**
 * Checking a held attachment file again against its name, for when a peer found the bytes sent from
 * here do not match (FileAttachmentStore.recheck). The file is read in pieces, so a large one does
 * not hold the event loop; a copy that no longer matches was damaged on this node's disk and is moved
 * aside into a quarantine folder for the operator (deleted when it cannot be moved).
 */
import { mkdirSync, renameSync, statSync, unlinkSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import { LienthongError } from '../../domain/errors.js';
import type { Recheck } from '../attachment-store.js';

/** Bytes read at a time when a held file is hashed again. */
const READ_BYTES = 1024 * 1024;

/** The SHA-256 of the file at `path` and its inode (null when there is no file). */
async function hashFile(path: string, what: string): Promise<{ found: string; ino: number } | null> {
  const fh = await open(path, 'r').catch(() => null);
  if (!fh) return null;
  const hash = createHash('sha256');
  try {
    const { ino } = await fh.stat();
    const buf = Buffer.allocUnsafe(READ_BYTES);
    for (;;) {
      const { bytesRead } = await fh.read(buf, 0, buf.length, null);
      if (bytesRead === 0) break;
      hash.update(buf.subarray(0, bytesRead));
    }
    return { found: hash.digest('hex'), ino };
  } catch (err) {
    throw new LienthongError('INTERNAL', `${what} could not be read again from ${path}: ${(err as Error).message}: check this node's disk`, { cause: err });
  } finally {
    await fh.close().catch(() => undefined);
  }
}

function inode(path: string): number | null {
  try {
    return statSync(path).ino;
  } catch {
    return null;
  }
}

/**
 * Hashes the held file `sha256` at `path` again; when it no longer matches, moves it to
 * `<quarantine>/<sha256>` (replacing an older one there), or deletes it when it cannot be moved.
 * `gone` is called in the same turn as the move, so no one finds the file held in between.
 */
export async function checkHeldFile(sha256: string, path: string, quarantine: string, gone: () => void): Promise<Recheck> {
  const what = `file ${sha256}`;
  const hashed = await hashFile(path, what);
  if (!hashed) return { state: 'absent' };
  if (hashed.found === sha256) return { state: 'intact' };
  // In this turn of the event loop, so the file moved is the one hashed: a verified copy that took
  // its place meanwhile (only possible once it was no longer held) stays.
  const now = inode(path);
  if (now === null) return { state: 'absent' };
  if (now !== hashed.ino) return { state: 'intact' };
  let movedTo: string | null = join(quarantine, sha256);
  try {
    mkdirSync(quarantine, { recursive: true });
    renameSync(path, movedTo);
  } catch {
    movedTo = null;
    try {
      unlinkSync(path);
    } catch (err) {
      throw new LienthongError(
        'INTERNAL',
        `${what} at ${path} was damaged on this node's disk (its bytes hash to ${hashed.found}) and could neither be moved aside nor deleted: ${(err as Error).message}: delete it by hand and check the disk`,
        { cause: err },
      );
    }
  }
  gone();
  return { state: 'damaged', path, found: hashed.found, movedTo };
}
