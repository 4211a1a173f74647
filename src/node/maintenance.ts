/**
 * Periodic upkeep of a node's store: expiry of undeliverable entries (non-delivery back to the
 * sender), purge of old delivered messages, and collection of attachment files no message needs.
 * When the disk is short of space, files no message needs do not wait for their retention: the file
 * store is told which files messages need, so it deletes the others (oldest first) before it refuses
 * a file, and every `spaceEveryMs` the node does the same to stay above the disk's free-space floor
 * (disk-space.ts).
 */
import type { Logger } from 'pino';
import { LienthongError } from '../domain/errors.js';
import type { Clock } from '../domain/types.js';
import type { AttachmentStore } from '../store/attachment-store.js';
import type { Store } from '../store/store.js';
import type { Relay } from './relay.js';

export interface MaintenanceOptions {
  store: Store;
  relay: Relay;
  now: Clock;
  retentionMs: number;
  expiryEveryMs: number;
  files: AttachmentStore;
  /** Files stay this long after the last message here stopped needing them. */
  attachmentRetentionMs: number;
  filesEveryMs?: number;
  /** How often the free-space floor is checked (1 s: one statfs when there is room). */
  spaceEveryMs?: number;
  log: Logger;
}

/** A step back of the wall clock larger than this between two expiry sweeps makes queued entries due now. */
export const CLOCK_STEP_BACK_MS = 60_000;

export class Maintenance {
  private readonly timers: NodeJS.Timeout[] = [];
  private running = false;
  /** The clock at the previous expiry sweep. */
  private lastSweepMs: number | null = null;

  constructor(private readonly o: MaintenanceOptions) {
    o.files.whenShort({
      // Files of messages still queued or waiting for their agency; every other one is only retained.
      needed: () => o.store.attachmentsInUse(Number.MAX_SAFE_INTEGER),
      freed: (files, bytes) =>
        o.log.warn({ files, bytes }, 'the disk is short of space: attachment files kept for limits.attachmentRetention that no message needs any more were deleted early'),
    });
  }

  start(): void {
    void this.expire();
    const t1 = setInterval(() => void this.expire(), this.o.expiryEveryMs);
    const t2 = setInterval(() => void this.purge(), 3_600_000);
    const t3 = setInterval(() => void this.collectFiles(), this.o.filesEveryMs ?? Math.min(600_000, Math.max(1_000, this.o.attachmentRetentionMs / 10)));
    const t4 = setInterval(() => void this.makeRoom(), this.o.spaceEveryMs ?? 1_000);
    t1.unref();
    t2.unref();
    t3.unref();
    t4.unref();
    this.timers.push(t1, t2, t3, t4);
  }

  /**
   * Keeps the disk above its free-space floor by deleting files only the retention keeps. Returns
   * false when they were not enough (status says why).
   */
  async makeRoom(): Promise<boolean> {
    try {
      await this.o.files.makeRoom(0, 'new documents');
      return true;
    } catch (err) {
      if (!(err instanceof LienthongError && err.code === 'STORE_FULL')) this.o.log.error({ err }, 'making room on the disk failed');
      return false;
    }
  }

  /** Deletes attachment files no message here has needed for the retention. Returns how many. */
  async collectFiles(): Promise<number> {
    try {
      const cutoff = this.o.now() - this.o.attachmentRetentionMs;
      const n = await this.o.files.collect(this.o.store.attachmentsInUse(cutoff), cutoff);
      if (n) this.o.log.info({ removed: n }, 'attachment files no message needs any more removed');
      return n;
    } catch (err) {
      this.o.log.error({ err }, 'attachment collection failed');
      return 0;
    }
  }

  async expire(): Promise<number> {
    if (this.running) return 0;
    this.running = true;
    try {
      await this.afterClockStep();
      const followUp = this.o.relay.nonDeliveryFollowUp('EXPIRED', 'not delivered before its expiry');
      const expired = await this.o.store.expireDue(this.o.now(), followUp);
      if (expired.length) {
        this.o.log.warn({ count: expired.length, nextHops: [...new Set(expired.map((e) => e.nextHop))] }, 'outbox entries expired; non-delivery sent to their senders');
        this.o.relay.notifyAll();
      }
      return expired.length;
    } catch (err) {
      this.o.log.error({ err }, 'expiry sweep failed');
      return 0;
    } finally {
      this.running = false;
    }
  }

  /**
   * Entries wait for their next attempt by the wall clock: when it steps back (NTP, a hand
   * correction), they would wait the size of the step on top, unseen (`outbox` showed "in 2h59m"
   * with `check` OK). A step back is seen between two sweeps; queued entries are then due now.
   */
  private async afterClockStep(): Promise<void> {
    const nowMs = this.o.now();
    const last = this.lastSweepMs;
    this.lastSweepMs = nowMs;
    if (last === null || nowMs >= last - CLOCK_STEP_BACK_MS) return;
    const due = await this.o.store.flush([], nowMs);
    this.o.log.warn({ code: 'CLOCK_STEPPED_BACK', steppedBackMs: last - nowMs, due }, `the clock stepped back by ${Math.round((last - nowMs) / 1000)} s since the last sweep: ${due} queued outbox entries made due now; keep the clock right with NTP (a step back of a running node also leaves ages and times in status and trace as the old clock stamped them)`);
    if (due) this.o.relay.notifyAll();
  }

  private async purge(): Promise<void> {
    try {
      const n = await this.o.store.purge(this.o.now() - this.o.retentionMs);
      if (n) this.o.log.info({ purged: n }, 'old delivered messages purged');
    } catch (err) {
      this.o.log.error({ err }, 'purge failed');
    }
  }

  stop(): void {
    for (const t of this.timers) clearInterval(t);
  }
}
