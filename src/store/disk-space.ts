/**
 * Free space on the disk that holds a node's store: below a floor, `status` and `check` say so and
 * health answers NOT_SERVING before the disk is full (documents are still taken while they fit).
 */
import { statfsSync } from 'node:fs';

const MiB = 1024 * 1024;

/** Pure: the floor for a disk of `totalBytes`: 64 MiB, or 5 % of a small disk. */
export function lowSpaceFloor(totalBytes: number): number {
  return Math.min(64 * MiB, Math.floor(totalBytes * 0.05));
}

/** Why the disk holding `dir` is nearly full, or null (also when it cannot be read). */
export function lowDiskSpace(dir: string): string | null {
  let free: number;
  let total: number;
  try {
    const st = statfsSync(dir);
    free = st.bavail * st.bsize;
    total = st.blocks * st.bsize;
  } catch {
    return null;
  }
  const floor = lowSpaceFloor(total);
  if (free >= floor) return null;
  const mb = (n: number) => `${(n / MiB).toFixed(1)} MiB`;
  return `the disk holding ${dir} has ${mb(free)} free, under ${mb(floor)}: free space on it now (once it is full the node can take nothing in, not even acknowledgements)`;
}
