/**
 * Verifying a whole audit log: the chain entry by entry, then every signed checkpoint against it
 * (its signature, its signer, and that the chain still holds the entry it fixed), then that no entry
 * was left unsigned longer than the node's checkpoint policy allows and no stored message is newer
 * than the log (both left behind when someone cuts entries off with their checkpoints), and the
 * losses the node recorded at its starts ('entries-lost'). Pure: the
 * log is read through `AuditSource`, certificate trust is decided by the caller, the clock is given.
 */
import { ChainVerifier, type ChainProblem } from './audit-chain.js';
import { missingCheckpoint, type CheckpointPolicy, type MissingCheckpoint } from './audit-checkpoint-policy.js';
import { checkpointSignatureValid, type AuditCheckpoint } from './audit-checkpoint.js';
import type { AuditEntry } from './audit-entry.js';
import { parseLostEntriesRef } from './audit-head-loss.js';

/** Read access to a stored log (the SQLite reader implements it). */
export interface AuditSource {
  /** Every entry, by seq. */
  entries(): Iterable<AuditEntry>;
  /** Every checkpoint, by seq then by when it was written. */
  checkpoints(): Iterable<AuditCheckpoint>;
  /** The certificate (PEM) recorded under a fingerprint, or null. */
  signer(fingerprint: string): string | null;
  /** The seq of the entry with this hash, if any (tells moved entries from edited ones). */
  seqOfHash(hash: string): number | undefined;
  /**
   * The most recently accepted message still stored, among those accepted at or after `sinceMs`
   * (null: since the audit log was added to the store). Each is stored in the same commit as its
   * audit entry, so one newer than every entry shows entries were cut off.
   */
  newestMessage?(sinceMs: number | null): { id: string; atMs: number } | null;
}

export interface VerifyOptions {
  /** null when the certificate may sign this node's checkpoints, else why not. */
  trustSigner: (certPem: string, checkpoint: AuditCheckpoint) => string | null;
  /**
   * (seq, hash) pairs known from outside the database (the node's log, an earlier verify or
   * export): trusted like checkpoints, they also catch what someone holding the node key rewrote.
   */
  anchors?: { seq: number; hash: string; from?: string }[];
  /**
   * The node's checkpoint policy and the verifier's clock (ms): entries left unsigned for longer
   * than the policy allows fail the check (`missingCheckpoint`). Without it, they are only counted.
   */
  checkpoints?: { policy: CheckpointPolicy; nowMs: number };
}

export interface AuditReport {
  ok: boolean;
  entries: number;
  lastSeq: number;
  lastHash: string;
  checkpoints: number;
  /** The newest signed checkpoint: the entry it covers was on disk when it was signed (a synced commit). */
  lastCheckpoint: { seq: number; hash: string; atMs: number } | null;
  /** Entries after the newest checkpoint: their removal from the end could not be detected. */
  unanchored: number;
  problem: ChainProblem | null;
  /**
   * With no problem: entries left unsigned longer than the checkpoint policy allows (checkpoints
   * deleted, or a node that crashed right after writing them and has not run since).
   */
  missingCheckpoint: MissingCheckpoint | null;
  /**
   * Entries in which the node recorded, at a start, unsigned entries it would have signed while it
   * ran ('unsigned-found': checkpoints most likely deleted): the range they name cannot be vouched for.
   */
  unsignedFound: { seq: number; atMs: number; fromSeq: number; toSeq: number; detail: string }[];
  /**
   * Entries in which the node recorded, at a start, that the store had lost entries it had
   * committed and signed ('entries-lost'): nothing can vouch for what is gone.
   */
  lostFound: { seq: number; atMs: number; fromSeq: number; toSeq: number; detail: string }[];
}

export function verifyAudit(source: AuditSource, opts: VerifyOptions): AuditReport {
  const chain = new ChainVerifier((h) => source.seqOfHash(h));
  const cps = source.checkpoints()[Symbol.iterator]();
  let cp = cps.next();
  let checkpoints = 0;
  let lastCheckpoint: AuditReport['lastCheckpoint'] = null;
  /**
   * The newest entry a checkpoint or an anchor confirmed: a chain re-hashed after an edit agrees
   * with itself, so all that can be said is that the edit lies after it (the problem names the
   * first entry after it, and nothing after it can be trusted).
   */
  let lastGood = 0;
  let problem: ChainProblem | null = null;
  const trusted = new Map<string, string | null>();

  const checkSignature = (c: AuditCheckpoint): ChainProblem | null => {
    const pem = source.signer(c.signer);
    const at = new Date(c.atMs).toISOString();
    if (pem === null) return { seq: c.seq, kind: 'bad-checkpoint', detail: `the checkpoint of entry ${c.seq} (${at}) names a signer certificate ${c.signer.slice(0, 16)}… that is not in the log` };
    if (!checkpointSignatureValid(c, pem)) {
      return { seq: c.seq, kind: 'bad-checkpoint', detail: `the checkpoint of entry ${c.seq} (${at}) has an invalid signature: it was altered or forged` };
    }
    if (!trusted.has(c.signer)) trusted.set(c.signer, opts.trustSigner(pem, c));
    const why = trusted.get(c.signer);
    return why ? { seq: c.seq, kind: 'bad-checkpoint', detail: `the checkpoint of entry ${c.seq} (${at}) is signed by a certificate that may not sign for this node: ${why}` } : null;
  };

  const visit = (c: AuditCheckpoint, entry: AuditEntry | null): ChainProblem | null => {
    checkpoints++;
    lastCheckpoint = { seq: c.seq, hash: c.hash, atMs: c.atMs };
    const bad = checkSignature(c);
    if (bad) return bad;
    if (entry === null) {
      const head = chain.head?.seq ?? 0;
      return { seq: head + 1, kind: 'truncated', detail: `the log ends at entry ${head}, but a checkpoint signed at ${new Date(c.atMs).toISOString()} covers entries up to ${c.seq}: entries ${head + 1} to ${c.seq} were deleted` };
    }
    if (entry.hash !== c.hash) {
      return {
        seq: lastGood + 1,
        kind: 'rewritten',
        detail: `entry ${c.seq} hashes to ${entry.hash.slice(0, 12)}… but the checkpoint signed at ${new Date(c.atMs).toISOString()} fixed ${c.hash.slice(0, 12)}…: entries ${lastGood + 1} to ${c.seq} were rewritten and re-hashed (an edit in one of them)`,
      };
    }
    lastGood = c.seq;
    return null;
  };

  const anchors = new Map((opts.anchors ?? []).map((a) => [a.seq, a.hash.toLowerCase()]));
  /** Where an anchor came from, when not from the command line ('audit-head.json', say). */
  const anchorFrom = new Map((opts.anchors ?? []).map((a) => [a.seq, a.from]));
  /** Entries an anchor from outside the database confirmed (checkpoints signed later cannot vouch for an 'unsigned-found' range). */
  const anchored: number[] = [];
  const checkAnchor = (e: AuditEntry): ChainProblem | null => {
    const want = anchors.get(e.seq);
    if (want === undefined) return null;
    if (want === e.hash) {
      lastGood = Math.max(lastGood, e.seq);
      anchored.push(e.seq);
      return null;
    }
    return {
      seq: lastGood + 1,
      kind: 'rewritten',
      detail: `entry ${e.seq} hashes to ${e.hash.slice(0, 12)}… but ${anchorFrom.get(e.seq) ?? 'the anchor given for it'} is ${want.slice(0, 12)}…: entries ${lastGood + 1} to ${e.seq} were rewritten and re-hashed (an edit in one of them; and its checkpoints re-signed, if they pass)`,
    };
  };

  let entries = 0;
  const unsignedFound: AuditReport['unsignedFound'] = [];
  const lostFound: AuditReport['lostFound'] = [];
  let firstAtMs: number | null = null;
  let newestAtMs = -Infinity;
  /** The first entry after the newest checkpoint seen so far, and the newest time since it. */
  let unsigned: { seq: number; atMs: number; newestAtMs: number } | null = null;
  try {
    for (const e of source.entries()) {
      problem = chain.push(e) ?? checkAnchor(e);
      if (problem) break;
      entries++;
      if (e.event === 'unsigned-found') {
        const [from, to] = e.ref.split('-').map(Number);
        unsignedFound.push({ seq: e.seq, atMs: e.atMs, fromSeq: from || 1, toSeq: to || e.seq - 1, detail: e.reason });
      }
      if (e.event === 'entries-lost') {
        const lost = parseLostEntriesRef(e.ref);
        lostFound.push({ seq: e.seq, atMs: e.atMs, fromSeq: lost?.fromSeq ?? 1, toSeq: lost?.toSeq ?? e.seq - 1, detail: e.reason });
      }
      firstAtMs ??= e.atMs;
      newestAtMs = Math.max(newestAtMs, e.atMs);
      while (!cp.done && cp.value.seq <= e.seq) {
        problem = visit(cp.value, cp.value.seq === e.seq ? e : null);
        if (problem) break;
        cp = cps.next();
      }
      if (problem) break;
      // A checkpoint, or an anchor kept outside the database, vouches for everything up to its entry.
      if ((lastCheckpoint as AuditReport['lastCheckpoint'])?.seq === e.seq || anchors.get(e.seq) === e.hash) unsigned = null;
      else if (unsigned) unsigned.newestAtMs = Math.max(unsigned.newestAtMs, e.atMs);
      else unsigned = { seq: e.seq, atMs: e.atMs, newestAtMs: e.atMs };
    }
    while (!problem && !cp.done) {
      problem = visit(cp.value, null);
      cp = cps.next();
    }
    const head = chain.head?.seq ?? 0;
    const beyond = Math.max(0, ...anchors.keys());
    if (!problem && beyond > head) {
      const from = anchorFrom.get(beyond);
      const given = from === undefined ? 'an anchor was given' : `${from} names`;
      problem = { seq: head + 1, kind: 'truncated', detail: `the log ends at entry ${head}, but ${given} for entry ${beyond}: entries ${head + 1} to ${beyond} were deleted` };
    }
    const stored = problem ? null : (source.newestMessage?.(firstAtMs) ?? null);
    if (stored && stored.atMs > newestAtMs) {
      const end = head === 0 ? 'the log is empty' : `the newest entry is ${head} (${new Date(newestAtMs).toISOString()})`;
      problem = {
        seq: head + 1,
        kind: 'truncated',
        detail: `the store holds message ${stored.id}, accepted at ${new Date(stored.atMs).toISOString()}, but ${end}: ` +
          `a message and its audit entries are written in one commit, so entries from ${head + 1} on were deleted (with the checkpoints that covered them)`,
      };
    }
  } finally {
    // Stopped early: release the source's cursor (a database statement, say).
    if (!cp.done) cps.return?.();
  }
  const head = chain.head;
  const lastCp = lastCheckpoint as AuditReport['lastCheckpoint'];
  // A range is vouched for by an anchor from outside the database taken before the finding (one
  // taken after it comes from checkpoints the node signed over the doctored log).
  const stillUnproven = unsignedFound.filter((u) => !anchored.some((a) => a >= u.toSeq && a < u.seq));
  const tail = unsigned as { seq: number; atMs: number; newestAtMs: number } | null;
  const missing = problem || !tail || !opts.checkpoints
    ? null
    : missingCheckpoint(
      { fromSeq: tail.seq, fromAtMs: tail.atMs, toSeq: head?.seq ?? tail.seq, newestAtMs: tail.newestAtMs, checkpointedSeq: lastCp?.seq ?? 0 },
      opts.checkpoints.nowMs,
      opts.checkpoints.policy,
    );
  return {
    ok: problem === null && missing === null && stillUnproven.length === 0 && lostFound.length === 0,
    entries,
    lastSeq: head?.seq ?? 0,
    lastHash: head?.hash ?? '',
    checkpoints,
    lastCheckpoint: lastCp,
    unanchored: Math.max(0, (head?.seq ?? 0) - (lastCp?.seq ?? 0)),
    problem,
    missingCheckpoint: missing,
    unsignedFound: stillUnproven,
    lostFound,
  };
}
