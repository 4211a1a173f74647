/**
 * The chaos harness's operator connections: one admin-socket client per node, reopened after the
 * node went away, every call bounded by a timeout so that a hung node shows up as such instead of
 * hanging the run.
 */
import { join } from 'node:path';
import { AdminClient } from '../../src/cli/admin-client.js';
import { LienthongError } from '../../src/domain/errors.js';

export type AdminMethod = 'Send' | 'Inbox' | 'Acknowledge' | 'Status' | 'Outbox' | 'Trace';

/** A call that got no answer in time (the node may be hung, or just very busy). */
export class CallTimeout extends Error {
  constructor(readonly node: string, readonly method: string, ms: number) {
    super(`${method} on node ${node} got no answer within ${ms} ms`);
    this.name = 'CallTimeout';
  }
}

/** Worth retrying: the node is down or restarting, busy, shutting down, or did not answer in time. */
export function isTransient(err: unknown): boolean {
  if (err instanceof CallTimeout) return true;
  return err instanceof LienthongError && !err.permanent;
}

export function describeError(err: unknown): string {
  if (err instanceof LienthongError) return `${err.code}: ${err.message}`;
  return err instanceof Error ? err.message : String(err);
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export class AdminPool {
  private readonly clients = new Map<string, AdminClient>();
  /** Calls that got no answer within the timeout. */
  timeouts = 0;
  readonly timeoutLog: string[] = [];

  /** `dataDirOf(node)` gives the node's data folder, which holds `admin.sock`. */
  constructor(private readonly dataDirOf: (node: string) => string, private readonly timeoutMs = 60_000) {}

  async call<Res>(node: string, method: AdminMethod, req: object, timeoutMs = this.timeoutMs): Promise<Res> {
    let client: AdminClient;
    try {
      client = this.client(node);
    } catch (err) {
      throw err instanceof LienthongError ? err : new LienthongError('NODE_UNREACHABLE', describeError(err), { cause: err });
    }
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new CallTimeout(node, method, timeoutMs)), timeoutMs);
    });
    try {
      return await Promise.race([client.call<object, Res>(method, req), timeout]);
    } catch (err) {
      if (err instanceof CallTimeout) {
        this.timeouts++;
        this.timeoutLog.push(`${new Date().toISOString()} ${err.message}`);
      }
      if (isTransient(err)) this.drop(node, client);
      throw err;
    } finally {
      clearTimeout(timer);
    }
  }

  /**
   * Retries transient failures (node down, restarting, draining, slow) with a capped backoff until
   * `deadline` (epoch ms); a permanent error is thrown at once.
   */
  async retry<Res>(node: string, method: AdminMethod, req: object, deadline: number, onRetry?: (err: unknown) => void): Promise<Res> {
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.call<Res>(node, method, req);
      } catch (err) {
        if (!isTransient(err) || Date.now() > deadline) throw err;
        onRetry?.(err);
        await sleep(Math.min(2_000, 100 * 2 ** Math.min(attempt, 5)));
      }
    }
  }

  close(): void {
    for (const c of this.clients.values()) c.close();
    this.clients.clear();
  }

  private client(node: string): AdminClient {
    let c = this.clients.get(node);
    if (!c) {
      c = AdminClient.open({ socket: join(this.dataDirOf(node), 'admin.sock') });
      this.clients.set(node, c);
    }
    return c;
  }

  private drop(node: string, client: AdminClient): void {
    if (this.clients.get(node) === client) this.clients.delete(node);
    client.close();
  }
}
