/**
 * Small numeric helpers for the benchmarks: a seeded random source (so a run's workload is the same
 * for the same --seed), percentiles, rates, and document bodies.
 */
import { mulberry32 } from '../lib/chaos-random.js';

/** mulberry32, shared with the chaos harness: a deterministic PRNG returning numbers in [0, 1). */
export const seededRandom = mulberry32;

/** Derives an independent seed for one part of the run, so sections do not share a stream. */
export function subSeed(seed: number, label: string): number {
  let h = seed >>> 0;
  for (let i = 0; i < label.length; i++) h = Math.imul(h ^ label.charCodeAt(i), 0x01000193) >>> 0;
  return h;
}

/** `count` distinct bodies of `size` bytes drawn from `random` (a pool cycled through by senders). */
export function bodies(random: () => number, size: number, count: number): Buffer[] {
  return Array.from({ length: count }, () => {
    const b = Buffer.allocUnsafe(size);
    for (let i = 0; i < size; i++) b[i] = Math.floor(random() * 256);
    return b;
  });
}

/** Fisher–Yates shuffle, in place, with the given random source. */
export function shuffle<T>(items: T[], random: () => number): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [items[i], items[j]] = [items[j]!, items[i]!];
  }
  return items;
}

/** Nearest-rank percentile (p in 0..100) of unsorted values; NaN when empty. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length)));
  return sorted[rank - 1]!;
}

export function median(values: readonly number[]): number {
  return percentile(values, 50);
}

/** Events per second. */
export function perSecond(count: number, ms: number): number {
  return ms > 0 ? (count * 1000) / ms : Number.NaN;
}

/** Rounds for display and JSON: 3 significant digits, whole numbers above 1000. */
export function round(x: number): number {
  if (!Number.isFinite(x)) return x;
  if (Math.abs(x) >= 1000) return Math.round(x);
  return Number(x.toPrecision(3));
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
