/**
 * Exponential backoff with jitter, for outbox retries and link reconnects. Pure: the random source is
 * passed in.
 */

export interface BackoffPolicy {
  baseMs: number;
  maxMs: number;
  factor: number;
  /** 0..1: the delay is drawn uniformly from [d·(1−jitter), d]. */
  jitter: number;
}

export const OUTBOX_RETRY: BackoffPolicy = Object.freeze({ baseMs: 1_000, maxMs: 300_000, factor: 2, jitter: 0.3 });
export const LINK_RECONNECT: BackoffPolicy = Object.freeze({ baseMs: 250, maxMs: 30_000, factor: 2, jitter: 0.5 });

/** Delay before attempt number `attempt + 1`, after `attempt` (≥ 1) failures. */
export function backoffDelayMs(attempt: number, policy: BackoffPolicy, random: () => number): number {
  const n = Math.max(1, Math.floor(attempt));
  const raw = Math.min(policy.maxMs, policy.baseMs * Math.pow(policy.factor, n - 1));
  const low = raw * (1 - policy.jitter);
  return Math.round(low + (raw - low) * random());
}
