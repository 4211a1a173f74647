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
  /** Replaces the rendered value in the table, e.g. "p50 3 · p95 5 · p99 9 ms" (value stays the p99). */
  display?: string;
  /** Extra words after the value in the table, e.g. "(accepted 6,100/s)". */
  note?: string;
  target?: Target;
  ceiling?: CeilingRef;
}

export interface SectionResult {
  name: string;
  title: string;
  durationMs: number;
  /** 1, 5 and 15 minute load averages when the section started (other work running?). */
  loadAverageAtStart: number[];
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

/**
 * What a flow through the agency API, a link and the disk (send, forward, deliver) can reach at
 * most on this machine with this many senders.
 */
export function forwardCeiling(c: Ceilings | undefined, senders: number, bytes = 1024): CeilingRef | undefined {
  if (!c) return undefined;
  if (senders === 1) {
    // One sender waits for each document: one round trip plus one durable commit per document
    // (measured at 1 KiB: for larger documents an optimistic bound).
    return { label: '1 / (unary round trip + 1-row commit), at 1 KiB', value: 1 / (1 / c.unaryPerSec1 + 1 / c.sqliteCommitsPerSec) };
  }
  if (bytes > 1024) {
    return { label: 'min(gRPC stream, SQLite batched), at 100 KiB', value: Math.min(c.streamPerSec100k, c.sqliteBatchedRowsPerSec100k) };
  }
  return { label: 'min(gRPC unary ×64, gRPC stream, SQLite batched), at 1 KiB', value: Math.min(c.unaryPerSec64, c.streamPerSec1k, c.sqliteBatchedRowsPerSec) };
}

/** What documents taken in over the agency API and stored (no forwarding) can reach at most. */
export function acceptCeiling(c: Ceilings | undefined): CeilingRef | undefined {
  if (!c) return undefined;
  return { label: 'min(gRPC unary ×64, SQLite batched), at 1 KiB', value: Math.min(c.unaryPerSec64, c.sqliteBatchedRowsPerSec) };
}

/** What a link alone (stored documents → the next node's disk) can reach at most. */
export function linkCeiling(c: Ceilings | undefined): CeilingRef | undefined {
  if (!c) return undefined;
  return { label: 'min(gRPC stream, SQLite batched), at 1 KiB', value: Math.min(c.streamPerSec1k, c.sqliteBatchedRowsPerSec) };
}
