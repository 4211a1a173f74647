/**
 * Periodic upkeep of a node's store: expiry of undeliverable entries (non-delivery back to the
 * sender), purge of old delivered messages, and collection of attachment files no message needs.
 */
import type { Logger } from 'pino';
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
  log: Logger;
}

export class Maintenance {
  private readonly timers: NodeJS.Timeout[] = [];
  private running = false;

  constructor(private readonly o: MaintenanceOptions) {}

  start(): void {
    void this.expire();
    const t1 = setInterval(() => void this.expire(), this.o.expiryEveryMs);
    const t2 = setInterval(() => void this.purge(), 3_600_000);
    const t3 = setInterval(() => void this.collectFiles(), this.o.filesEveryMs ?? Math.min(600_000, Math.max(1_000, this.o.attachmentRetentionMs / 10)));
    t1.unref();
    t2.unref();
    t3.unref();
    this.timers.push(t1, t2, t3);
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
