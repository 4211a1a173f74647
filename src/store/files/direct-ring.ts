/**
 * Large attachment files are written with O_DIRECT: the bytes go from the process to the disk
 * without a copy into new page-cache pages, which on a virtual machine whose memory the host has
 * reclaimed was the largest single cost of a relay passing a file on. O_DIRECT needs the buffer's
 * address, the file offset and the length to be multiples of the disk's block size; Node has no
 * aligned allocation, but a WebAssembly memory is mapped by whole pages, so its bytes at multiples of
 * 4096 are aligned. Each arriving file gets a ring of such memory holding its latest bytes, from which
 * the writes go to disk and from which readers passing the file on take what they need (a file that
 * bypasses the page cache must not be read back from the disk at every hop).
 */
import { constants } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';

/** Offsets and lengths of direct writes are multiples of this (any disk's logical block divides it). */
export const BLOCK_BYTES = 4096;
/** Bytes of a file kept in memory while it arrives; files smaller than this use the page cache. */
export const RING_BYTES = 4 * 1024 * 1024;

const WASM_PAGE_BYTES = 64 * 1024;
/** Rings kept for the next files once theirs are done (so their pages stay warm): 8 MiB at most. */
const MAX_SPARE_RINGS = 2;
const spare: Buffer[] = [];
/** Set once the file system refused a direct write: the page cache is used from then on. */
let unsupported = false;

export function takeRing(): Buffer {
  return spare.pop() ?? Buffer.from(new WebAssembly.Memory({ initial: RING_BYTES / WASM_PAGE_BYTES }).buffer);
}

/** Lets go of the spare rings (an idle node gives their memory back). */
export function dropSpareRings(): void {
  spare.length = 0;
}

/** Gives a ring back once nothing reads it nor writes from it any more. */
export function releaseRing(ring: Buffer): void {
  if (spare.length < MAX_SPARE_RINGS) spare.push(ring);
}

/**
 * A second handle on `path` that bypasses the page cache, or null where the platform or the file
 * system has no O_DIRECT (the caller then writes through its ordinary handle).
 */
export async function openDirect(path: string): Promise<FileHandle | null> {
  const flag = constants.O_DIRECT;
  if (unsupported || !flag) return null;
  try {
    return await open(path, constants.O_RDWR | flag);
  } catch (err) {
    directRefused(err);
    return null;
  }
}

/** A direct write failed with EINVAL (alignment the file system does not take): stop using them. */
export function directRefused(err: unknown): boolean {
  if ((err as NodeJS.ErrnoException)?.code !== 'EINVAL') return false;
  unsupported = true;
  return true;
}

/** Copies `source` into the ring at file offset `offset` (wrapping at the ring's end). */
export function copyIntoRing(ring: Buffer, offset: number, source: Buffer): void {
  const pos = offset % ring.length;
  const first = Math.min(source.length, ring.length - pos);
  source.copy(ring, pos, 0, first);
  if (first < source.length) source.copy(ring, 0, first);
}

/** Copies the file's bytes at `offset` out of the ring into `target`. */
export function copyFromRing(ring: Buffer, offset: number, target: Buffer): void {
  const pos = offset % ring.length;
  const first = Math.min(target.length, ring.length - pos);
  ring.copy(target, 0, pos, pos + first);
  if (first < target.length) ring.copy(target, first, 0, target.length - first);
}
