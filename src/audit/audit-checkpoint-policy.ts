/**
 * What the node's checkpoint policy lets a verifier conclude about entries no signed checkpoint
 * covers. A running node signs its newest entry at least every `everyMs` (and at every start and
 * clean stop), so entries left unsigned for longer mean the checkpoints that covered them were
 * deleted, unless the node stopped abruptly right after writing them and has not run since.
 * Pure: the clock is passed in.
 */

export interface CheckpointPolicy {
  /** How often a running node signs its newest entry (`AUDIT_CHECKPOINT_EVERY_MS` in the node). */
  everyMs: number;
  /** Added to `everyMs` before an unsigned entry counts as overdue (a busy store, a paused VM). */
  graceMs: number;
}

/** A busy or briefly paused node may sign late; a minute is far beyond what a healthy one takes. */
export const CHECKPOINT_GRACE_MS = 60_000;

/** The entries after the newest signed checkpoint (or all of them, without one). */
export interface UnsignedEntries {
  fromSeq: number;
  fromAtMs: number;
  toSeq: number;
  /** The newest time among them (not necessarily entry `toSeq`'s, if the clock stepped back). */
  newestAtMs: number;
  /** The newest checkpoint's entry, 0 without one. */
  checkpointedSeq: number;
}

export interface MissingCheckpoint extends UnsignedEntries {
  /**
   * 'kept-writing': the node wrote entries long after the first unsigned one, so it was running and
   * should have signed it; 'overdue': the first unsigned entry is older than the policy allows, by
   * the verifier's clock (also what a crash, or a copy taken while the node ran, leaves behind).
   */
  evidence: 'kept-writing' | 'overdue';
  /** What is wrong and what to do, for the operator. */
  detail: string;
}

function ago(ms: number): string {
  const s = Math.round(ms / 1000);
  if (s < 120) return `${s} s`;
  if (s < 7200) return `${Math.round(s / 60)} min`;
  if (s < 172_800) return `${Math.round(s / 3600)} h`;
  return `${Math.round(s / 86_400)} days`;
}

/** Null when the unsigned entries are young enough for a running node not to have signed them yet. */
export function missingCheckpoint(u: UnsignedEntries | null, nowMs: number, policy: CheckpointPolicy): MissingCheckpoint | null {
  if (u === null) return null;
  const limit = policy.everyMs + policy.graceMs;
  const range = u.fromSeq === u.toSeq ? `entry ${u.fromSeq} is` : `entries ${u.fromSeq} to ${u.toSeq} are`;
  const after = u.checkpointedSeq > 0 ? `no signed checkpoint covers anything after entry ${u.checkpointedSeq}` : 'there is no signed checkpoint at all';
  const every = `a running node signs one at least every ${ago(policy.everyMs)}, and at every start and clean stop`;
  const anchor = 'compare with an anchor kept outside the database (--anchor SEQ:HASH from the node\'s "audit log checkpoint signed" log lines or an earlier verify)';
  const from = new Date(u.fromAtMs).toISOString();
  if (u.newestAtMs - u.fromAtMs > limit) {
    return {
      ...u,
      evidence: 'kept-writing',
      detail: `${range} not covered by any signed checkpoint (${after}), yet the node was still writing entries ` +
        `${ago(u.newestAtMs - u.fromAtMs)} after entry ${u.fromSeq} (${from}): ${every}, so the checkpoints that covered them ` +
        `were most likely deleted (or the node could not sign: look for "audit checkpoint failed" in its log); ${anchor}`,
    };
  }
  if (nowMs - u.fromAtMs > limit) {
    return {
      ...u,
      evidence: 'overdue',
      detail: `${range} older than the checkpoint interval (entry ${u.fromSeq} was written ${ago(nowMs - u.fromAtMs)} ago, ${from}) ` +
        `but not covered by any signed checkpoint (${after}): ${every}, so checkpoints may have been deleted; ${anchor}. ` +
        `The only innocent cause: the node stopped abruptly (crash, power cut, kill -9) within ${ago(policy.everyMs)} of writing them and has not run since, ` +
        'or this is a copy taken while it ran',
    };
  }
  return null;
}
