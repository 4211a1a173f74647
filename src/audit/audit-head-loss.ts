/**
 * Whether the store lost audit entries that this node had committed and signed. The node keeps,
 * outside the database (`audit-head.json`, node/audit-head-file.ts), the newest checkpoint it
 * signed; a store whose log ends before that entry, or holds another entry there, lost committed
 * work: a WAL deleted after a crash, a database restored from an older copy, a hand edit. Such a
 * store is coherent in itself, so neither the chain nor its own checkpoints can tell.
 * Pure: the caller reads the file and the store.
 */

/** The newest checkpoint the node signed, as kept outside the database. */
export interface AuditHeadRecord {
  seq: number;
  hash: string;
  /** When it was signed (ms). */
  atMs: number;
}

/** What the store holds where the record points. */
export interface StoredHead {
  /** The newest entry's seq (0: empty log). */
  headSeq: number;
  /** The hash of the entry at the recorded seq, or null when the log has no such entry. */
  hashAtRecorded: string | null;
}

export interface LostEntries {
  /**
   * 'truncated': the log ends before the recorded entry (entries fromSeq..toSeq are gone);
   * 'diverged': the log holds another entry at the recorded seq (a different history replaced
   * an unknown part of entries 1..toSeq).
   */
  kind: 'truncated' | 'diverged';
  fromSeq: number;
  toSeq: number;
  /** The recorded entry's hash, so the same finding is not recorded twice. */
  hash: string;
  /** When that checkpoint was signed. */
  signedAtMs: number;
  /** What happened and what it means, for the operator. */
  detail: string;
}

/** The audit entry's `ref` for a finding: "FROM-TO:HASH". */
export function lostEntriesRef(l: Pick<LostEntries, 'fromSeq' | 'toSeq' | 'hash'>): string {
  return `${l.fromSeq}-${l.toSeq}:${l.hash}`;
}

/** Reads a finding's `ref` back; null when it is not one. */
export function parseLostEntriesRef(ref: string): { fromSeq: number; toSeq: number; hash: string } | null {
  const m = /^(\d+)-(\d+):([0-9a-f]{64})$/.exec(ref);
  return m ? { fromSeq: Number(m[1]), toSeq: Number(m[2]), hash: m[3]! } : null;
}

/**
 * Null when the store still holds the recorded entry with the recorded hash (or there is no
 * record: a new node, or one from before the record existed), else what was lost.
 */
export function lostEntries(recorded: AuditHeadRecord | null, stored: StoredHead): LostEntries | null {
  if (recorded === null) return null;
  if (stored.hashAtRecorded !== null && stored.hashAtRecorded === recorded.hash) return null;
  const signed = new Date(recorded.atMs).toISOString();
  const meaning = 'documents and statuses this node acknowledged in that window may be lost: their senders were told they were stored here, ' +
    'so nobody sends them again. Compare with the neighbours\' logs and outboxes (`lienthong trace` on the senders\' nodes, `lienthong audit export` there) ' +
    'and ask the senders to send again what is missing here';
  if (stored.hashAtRecorded === null) {
    const fromSeq = stored.headSeq + 1;
    const end = stored.headSeq === 0 ? 'the store\'s audit log is empty' : `the store's audit log ends at entry ${stored.headSeq}`;
    return {
      kind: 'truncated', fromSeq, toSeq: recorded.seq, hash: recorded.hash, signedAtMs: recorded.atMs,
      detail: `${end}, but this node signed a checkpoint of entry ${recorded.seq} at ${signed} (kept in audit-head.json): ` +
        `entries ${fromSeq} to ${recorded.seq} were committed and are gone (a WAL file deleted after a crash, a database restored from an older copy, or an edit); ${meaning}`,
    };
  }
  return {
    kind: 'diverged', fromSeq: 1, toSeq: recorded.seq, hash: recorded.hash, signedAtMs: recorded.atMs,
    detail: `entry ${recorded.seq} in the store hashes to ${stored.hashAtRecorded.slice(0, 12)}…, but this node signed it as ${recorded.hash.slice(0, 12)}… at ${signed} (kept in audit-head.json): ` +
      `the store holds another history up to entry ${recorded.seq} (a database restored from another copy, or an edit); ${meaning}`,
  };
}
