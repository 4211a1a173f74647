/**
 * V8's `gc()` without the --expose-gc command-line flag (set at run time, read from a new
 * context), for the node's own memory policies: idle-compaction.ts and young-collection.ts.
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/** `type: 'minor'` collects the young generation only (a scavenge); the default is a full collection. */
export type V8Gc = (options?: { type?: 'major' | 'minor'; execution?: 'sync' | 'async' }) => void;

let gc: V8Gc | null = null;

export function v8Gc(): V8Gc {
  if (gc) return gc;
  setFlagsFromString('--expose-gc');
  gc = runInNewContext('gc') as V8Gc;
  return gc;
}
