/**
 * Attachment files when the disk is short of space. A file no message needs any more is kept for
 * limits.attachmentRetention only as a courtesy (a resend, a late fetch); under space pressure that
 * retention is given up: such files go at once, oldest first, before the node refuses anything. What
 * to give up and what to tell the sender are decided here (pure); the file store does the I/O.
 */
import { mib } from '../disk-space.js';

export interface HeldFile {
  path: string;
  sha256: string;
  bytes: number;
  mtimeMs: number;
}

/**
 * A file touched this recently is spared: it was just answered as held to an offer (its document is
 * about to refer to it) or has just arrived.
 */
export const SPARE_RECENT_MS = 5_000;

/**
 * After a look through the files found none to give up, the next look waits this long: files
 * become free to go only as messages finish (or age past SPARE_RECENT_MS), and without the wait
 * every offer and every second's check under pressure would read the whole attachment tree.
 */
export const RESCAN_AFTER_MS = 5_000;

/** Pure: files to delete, oldest first, until at least `short` bytes are freed (when they can be). */
export function chooseToFree(candidates: readonly HeldFile[], short: number): HeldFile[] {
  const out: HeldFile[] = [];
  let freed = 0;
  for (const f of [...candidates].sort((a, b) => a.mtimeMs - b.mtimeMs)) {
    if (freed >= short) break;
    out.push(f);
    freed += f.bytes;
  }
  return out;
}

export interface RoomMade {
  /** Bytes of files kept only for the retention, deleted now. */
  freedBytes: number;
  /** Bytes of attachment files still held: needed by messages, arriving, or just touched. */
  keptBytes: number;
  /** The disk has the room asked for now. */
  fits: boolean;
}

/** Pure: what the node did about a file that did not fit, and what the operator can do. */
export function roomAdvice(r: RoomMade): string {
  const freed = `the node has freed ${mib(r.freedBytes)} of attachment files kept only for limits.attachmentRetention (no message here needs them any more)`;
  if (r.fits) return `${freed}: it fits when it is offered again`;
  const kept =
    r.keptBytes > 0
      ? `the ${mib(r.keptBytes)} of attachment files left here are in use (needed by messages waiting for a next hop or for an agency's acknowledgement, or arriving): ` +
        'free space on that disk, or let those messages be delivered'
      : 'no other attachment file here takes room: free space on that disk';
  return r.freedBytes > 0 ? `${freed}, and ${kept}` : kept;
}
