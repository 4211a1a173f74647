/**
 * The shape of what a section reports: measurements (one table row each, with the target from the
 * issue and the ceiling it is compared with) and free-form details kept in the JSON.
 */

export interface Target {
  /** '>=': a throughput to reach; '<': a time or size to stay under. */
  op: '>=' | '<';
  value: number;
}

export interface CeilingRef {
  /** What the ceiling is, e.g. "gRPC unary ×64". */
  label: string;
  value: number;
}

export interface Measurement {
  /** Stable key for comparing runs, e.g. "one-hop.1KiB.c64". */
  id: string;
  label: string;
  value: number;
  unit: string;
  /** Extra words after the value in the table, e.g. "(accepted 6,100/s)". */
  note?: string;
  target?: Target;
  ceiling?: CeilingRef;
}

export interface SectionResult {
  name: string;
  title: string;
  durationMs: number;
  measurements: Measurement[];
  details: Record<string, unknown>;
  /** Set when the section failed; its measurements may then be partial. */
  error?: string;
}

/** The ceilings measured in the same run, used by later sections for their ratios. */
export interface Ceilings {
  sqliteCommitsPerSec: number;
  sqliteBatchedRowsPerSec: number;
  sqliteBatchedRowsPerSec100k: number;
  unaryPerSec1: number;
  unaryPerSec64: number;
  streamPerSec1k: number;
  streamPerSec100k: number;
}

/** What one document flow (1 KiB) can reach at most on this machine with this many senders. */
export function docCeiling(c: Ceilings | undefined, senders: number, bytes = 1024): CeilingRef | undefined {
  if (!c) return undefined;
  if (bytes > 1024) {
    const value = Math.min(c.streamPerSec100k, c.sqliteBatchedRowsPerSec100k);
    return { label: 'min(gRPC stream, SQLite batched) at 100 KiB', value };
  }
  if (senders === 1) {
    // One sender waits for each document: one round trip plus one durable commit per document.
    return { label: '1 / (unary round trip + commit)', value: 1 / (1 / c.unaryPerSec1 + 1 / c.sqliteCommitsPerSec) };
  }
  const value = Math.min(c.unaryPerSec64, c.streamPerSec1k, c.sqliteBatchedRowsPerSec);
  return { label: 'min(gRPC unary ×64, gRPC stream, SQLite batched)', value };
}
