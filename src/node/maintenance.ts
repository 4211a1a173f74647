/**
 * Periodic upkeep of a node's store: expiry of undeliverable entries (non-delivery back to the
 * sender) and purge of old delivered messages.
 */
import type { Logger } from 'pino';
import type { Clock } from '../domain/types.js';
import type { Store } from '../store/store.js';
import type { Relay } from './relay.js';

export interface MaintenanceOptions {
  store: Store;
  relay: Relay;
  now: Clock;
  retentionMs: number;
  expiryEveryMs: number;
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
    t1.unref();
    t2.unref();
    this.timers.push(t1, t2);
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
