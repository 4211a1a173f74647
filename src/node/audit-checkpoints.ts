/**
 * Anchors the audit log: every few seconds while new entries arrive, and once more at a clean stop,
 * the newest committed entry (seq, hash) is signed with the node's TLS key and recorded. Also logs
 * a checkpoint at least once a minute, so shipped logs anchor the chain outside the database too,
 * and keeps the newest one in `audit-head.json` beside the database (once its commit is durable),
 * so a store that lost committed entries is caught at the next start (`checkHeadAtStart`).
 */
import type { Logger } from 'pino';
import type { CheckpointSigner } from '../audit/audit-checkpoint.js';
import { CHECKPOINT_GRACE_MS, missingCheckpoint, type MissingCheckpoint } from '../audit/audit-checkpoint-policy.js';
import { lostEntries, type LostEntries } from '../audit/audit-head-loss.js';
import { LienthongError } from '../domain/errors.js';
import type { Clock } from '../domain/types.js';
import type { Store } from '../store/store.js';
import { readAuditHead, writeAuditHead } from './audit-head-file.js';

/** How long a stopping node lets work under way add its last entries before the final checkpoint. */
const STOP_SETTLE_MS = 50;

export const AUDIT_CHECKPOINT_EVERY_MS = 5_000;
const LOG_EVERY_MS = 60_000;

export interface AuditCheckpointOptions {
  store: Store;
  signer: CheckpointSigner;
  now: Clock;
  everyMs?: number;
  log: Logger;
  /** Where the newest checkpoint is kept outside the database (`auditHeadPath(dataDir)`); none: not kept. */
  headFile?: string;
}

export class AuditCheckpoints {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<boolean> | null = null;
  private loggedAt = -Infinity;

  constructor(private readonly o: AuditCheckpointOptions) {}

  /**
   * Before the first checkpoint of a run: entries after the newest checkpoint that the last run
   * would have signed (it kept writing long after the first of them: `missingCheckpoint`'s
   * 'kept-writing') mean their checkpoints were most likely deleted, and a rewritten log would pass
   * `audit verify` once this run signs it. So the finding is logged and written into the log first
   * ('unsigned-found'), and `audit verify` reports it from then on. A tail an abrupt stop left
   * (young when the last run ended) is signed as usual. Returns the finding, or null.
   */
  async checkUnsignedAtStart(): Promise<MissingCheckpoint | null> {
    const policy = { everyMs: this.o.everyMs ?? AUDIT_CHECKPOINT_EVERY_MS, graceMs: CHECKPOINT_GRACE_MS };
    const found = missingCheckpoint(this.o.store.auditUnsigned(), this.o.now(), policy);
    if (found?.evidence !== 'kept-writing') return null;
    this.o.log.error(
      { fromSeq: found.fromSeq, toSeq: found.toSeq, checkpointedSeq: found.checkpointedSeq },
      `audit log: ${found.detail}. Recorded in the log as an 'unsigned-found' entry before this node signs again, so \`lienthong audit verify\` goes on reporting it`,
    );
    await this.o.store.recordAuditUnsigned(found, this.o.now());
    return found;
  }

  /**
   * Before anything is written or signed in this run: compares the store with the newest checkpoint
   * recorded outside it (`lostEntries`). A store that lost committed entries is refused
   * (AUDIT_ENTRIES_LOST, saying what to do) unless the operator accepts the loss for this start
   * (`lienthong start --accept-audit-loss`): then the loss is logged and written into the log
   * ('entries-lost') before this node signs again, so `audit verify` reports it from then on.
   * A loss the log already records (a node killed before its next checkpoint) is not recorded twice.
   * Returns the loss recorded now, or null.
   */
  async checkHeadAtStart(acceptLoss: boolean): Promise<LostEntries | null> {
    if (this.o.headFile === undefined) return null;
    const recorded = readAuditHead(this.o.headFile);
    if (recorded === null) return null;
    const { store } = this.o;
    const lost = lostEntries(recorded, { headSeq: store.auditHead()?.seq ?? 0, hashAtRecorded: store.auditHashAt(recorded.seq) });
    if (lost === null || store.auditLossRecorded(lost.toSeq, lost.hash)) return null;
    const range = { fromSeq: lost.fromSeq, toSeq: lost.toSeq, kind: lost.kind, recordedIn: this.o.headFile };
    if (!acceptLoss) {
      throw new LienthongError('AUDIT_ENTRIES_LOST',
        `the store lost audit entries this node had committed: ${lost.detail}. The node does not start on it, so that nothing is written over ` +
          'what may still be recovered: if the missing part still exists (a lienthong.sqlite-wal moved aside, the database from before a restore), stop the node and put it back. ' +
          'Otherwise keep a copy of the data directory as evidence and start once with `lienthong start --accept-audit-loss`: the node records the loss in its audit log ' +
          '(`lienthong audit verify` reports it from then on) and runs on this store');
    }
    this.o.log.error(range,
      `audit log: the store lost committed entries: ${lost.detail}. Accepted for this start (--accept-audit-loss): recorded in the log as an 'entries-lost' entry before this node signs again, so \`lienthong audit verify\` goes on reporting it`);
    await store.recordAuditLost(lost, this.o.now());
    return lost;
  }

  start(): void {
    void this.checkpointNow();
    this.timer = setInterval(() => void this.checkpointNow(), this.o.everyMs ?? AUDIT_CHECKPOINT_EVERY_MS);
    this.timer.unref();
  }

  /** Signs the newest entry when it is not covered yet. Resolves true when a checkpoint was written. */
  checkpointNow(force = false): Promise<boolean> {
    if (this.running) return this.running.then(() => this.checkpointNow(force));
    this.running = this.write(force).finally(() => {
      this.running = null;
    });
    return this.running;
  }

  /** A last checkpoint, so a clean stop leaves every entry anchored. Call before the store closes. */
  /**
   * The last checkpoint, at a clean stop. Work already under way when the node began to stop (a
   * report committed after its link closed, say) may still add entries: after a short settle a
   * second checkpoint covers them (none is written when nothing was added).
   */
  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.checkpointNow(true);
    await new Promise((resolve) => setTimeout(resolve, STOP_SETTLE_MS));
    await this.checkpointNow(true);
  }

  private async keepHead(c: { seq: number; hash: string; atMs: number }): Promise<void> {
    try {
      await writeAuditHead(this.o.headFile!, { seq: c.seq, hash: c.hash, atMs: c.atMs });
    } catch (err) {
      this.o.log.error({ err, file: this.o.headFile }, 'cannot record the newest audit checkpoint outside the database (a store that loses entries would not be caught at the next start); retrying at the next checkpoint');
    }
  }

  private async write(logIt: boolean): Promise<boolean> {
    try {
      const head = this.o.store.auditHead();
      if (head === null || head.seq <= this.o.store.auditCheckpointedSeq()) return false;
      const nowMs = this.o.now();
      const c = this.o.signer.sign(head, nowMs);
      await this.o.store.recordAuditCheckpoint(c, this.o.signer.certificatePem);
      // After the synced commit: the record outside the database is never ahead of it.
      if (this.o.headFile !== undefined) await this.keepHead(c);
      if (logIt || nowMs - this.loggedAt >= LOG_EVERY_MS) {
        this.loggedAt = nowMs;
        this.o.log.info({ seq: c.seq, hash: c.hash }, 'audit log checkpoint signed');
      }
      return true;
    } catch (err) {
      this.o.log.error({ err }, 'audit checkpoint failed; retrying at the next one');
      return false;
    }
  }
}
