/**
 * Scratch folders in the system temp dir (the same disk the ceiling measures), removed afterwards
 * unless LIENTHONG_KEEP_BENCH_DIR is set (to read the nodes' logs after a failure).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const live = new Set<string>();

function remove(dir: string): void {
  live.delete(dir);
  if (!process.env.LIENTHONG_KEEP_BENCH_DIR) rmSync(dir, { recursive: true, force: true });
}

export async function withTempDir<T>(label: string, fn: (dir: string) => Promise<T>): Promise<T> {
  const dir = mkdtempSync(join(tmpdir(), `lienthong-bench-${label}-`));
  live.add(dir);
  try {
    return await fn(dir);
  } finally {
    remove(dir);
  }
}

/** Removes the folders of runs still in progress (for a SIGINT during a run). */
export function removeTempDirs(): void {
  for (const dir of [...live]) remove(dir);
}
