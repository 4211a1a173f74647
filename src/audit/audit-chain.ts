/**
 * Walking a hash chain of audit entries, in seq order, and naming the first bad one and why.
 * Pure: entries are pushed one at a time (a log of millions is never held in memory).
 */
import { entryHash, GENESIS_HASH, type AuditEntry } from './audit-entry.js';

export type ChainProblemKind =
  /** An entry's fields no longer match its own hash. */
  | 'edited'
  /** One or more seqs are absent. */
  | 'missing'
  /** An intact entry sits at a seq other than the one it was written with. */
  | 'moved'
  /** An entry is intact but does not name the hash of the entry before it. */
  | 'wrong-link'
  /** The log ends before the newest signed checkpoint. */
  | 'truncated'
  /** The chain is consistent but differs from what a signed checkpoint fixed. */
  | 'rewritten'
  /** A checkpoint's signature or signer does not hold. */
  | 'bad-checkpoint';

export interface ChainProblem {
  /** The first bad entry (for 'missing' and 'truncated': the first absent one). */
  seq: number;
  kind: ChainProblemKind;
  /** What is wrong, for the operator. */
  detail: string;
}

/** How far from its own seq a moved entry is looked for, when its old neighbour is not known. */
const MOVE_SEARCH = 3;

export class ChainVerifier {
  private expected = 1;
  private prevHash = GENESIS_HASH;
  private problem: ChainProblem | null = null;

  /**
   * `seqOfHash` finds the seq of the entry with a given hash (optional): it tells a moved entry
   * (its predecessor is found elsewhere) from an edited one.
   */
  constructor(private readonly seqOfHash?: (hash: string) => number | undefined) {}

  /** The newest entry that checked out. */
  get head(): { seq: number; hash: string } | null {
    return this.expected === 1 ? null : { seq: this.expected - 1, hash: this.prevHash };
  }

  get firstProblem(): ChainProblem | null {
    return this.problem;
  }

  /** Checks the next entry; returns the first problem (also on every later call), or null. */
  push(e: AuditEntry): ChainProblem | null {
    if (this.problem) return this.problem;
    this.problem = this.check(e);
    if (!this.problem) {
      this.expected = e.seq + 1;
      this.prevHash = e.hash;
    }
    return this.problem;
  }

  private check(e: AuditEntry): ChainProblem | null {
    const n = this.expected;
    if (e.seq > n) {
      const range = e.seq - 1 === n ? `entry ${n} is` : `entries ${n} to ${e.seq - 1} are`;
      return { seq: n, kind: 'missing', detail: `${range} missing: the log jumps from ${n - 1} to ${e.seq} (deleted)` };
    }
    if (e.seq < n) {
      return { seq: e.seq, kind: 'moved', detail: `entry ${e.seq} appears again after entry ${n - 1}` };
    }
    if (entryHash(e) !== e.hash) {
      const was = this.originalSeq(e);
      if (was !== undefined) {
        return { seq: e.seq, kind: 'moved', detail: `the entry at seq ${e.seq} was written as entry ${was}: entries were reordered or renumbered` };
      }
      return { seq: e.seq, kind: 'edited', detail: `entry ${e.seq} (${e.event} ${e.messageId || '-'}) does not match its hash: a field was changed after it was written` };
    }
    if (e.prevHash !== this.prevHash) {
      const before = n === 1 ? 'the start of the log' : `entry ${n - 1}`;
      return {
        seq: e.seq,
        kind: 'wrong-link',
        detail: `entry ${e.seq} does not follow ${before}: it names ${e.prevHash.slice(0, 12)}… as its predecessor, ` +
          `which hashes to ${this.prevHash.slice(0, 12)}…; an entry was inserted, or ${before} was rewritten together with its hash`,
      };
    }
    return null;
  }

  /** The seq the entry's hash was computed with, when it is intact but not where it belongs. */
  private originalSeq(e: AuditEntry): number | undefined {
    const candidates = new Set<number>();
    const before = this.seqOfHash?.(e.prevHash);
    if (before !== undefined) candidates.add(before + 1);
    for (let d = 1; d <= MOVE_SEARCH; d++) candidates.add(e.seq + d).add(e.seq - d);
    if (e.prevHash === GENESIS_HASH) candidates.add(1);
    for (const seq of candidates) {
      if (seq >= 1 && seq !== e.seq && entryHash({ ...e, seq }) === e.hash) return seq;
    }
    return undefined;
  }
}
