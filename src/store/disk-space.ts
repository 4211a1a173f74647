/**
 * Free space on the disk that holds a node's store and attachment files. Below a floor the node
 * takes no new documents (nor their files): the room left is kept for forwarding what it holds and
 * for acknowledgements, which a full disk would refuse too. `status`, `check` and health say so.
 */
import { statfsSync } from 'node:fs';

const MiB = 1024 * 1024;

export interface DiskSpace {
  /** Bytes an unprivileged writer may still use. */
  free: number;
  total: number;
}

/** The disk holding `dir`, or null when it cannot be read. */
export function diskSpace(dir: string): DiskSpace | null {
  try {
    const st = statfsSync(dir);
    return { free: st.bavail * st.bsize, total: st.blocks * st.bsize };
  } catch {
    return null;
  }
}

/** Pure: the floor for a disk of `totalBytes`: 64 MiB, or 5 % of a small disk. */
export function lowSpaceFloor(totalBytes: number): number {
  return Math.min(64 * MiB, Math.floor(totalBytes * 0.05));
}

/** Bytes in MiB for the operator ("6.0 MiB"). */
export function mib(bytes: number): string {
  return `${(bytes / MiB).toFixed(1)} MiB`;
}

/** Pure: why a disk with `space` takes no new documents, or null. */
export function lowSpaceReason(dir: string, space: DiskSpace | null): string | null {
  if (!space) return null;
  const floor = lowSpaceFloor(space.total);
  if (space.free >= floor) return null;
  return (
    `the disk holding ${dir} has ${mib(space.free)} free, under the ${mib(floor)} kept free for forwarding and acknowledgements: ` +
    'free space on it (attachment files kept only for limits.attachmentRetention go first, by themselves; once the disk is full ' +
    'the node can take nothing in, not even acknowledgements)'
  );
}

/** Why the disk holding `dir` is nearly full, or null (also when it cannot be read). */
export function lowDiskSpace(dir: string, read: (dir: string) => DiskSpace | null = diskSpace): string | null {
  return lowSpaceReason(dir, read(dir));
}
