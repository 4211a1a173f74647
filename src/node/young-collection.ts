/**
 * While large files pass, the node collects its young generation each time the memory held by
 * ArrayBuffers (file chunks, gRPC and HTTP/2 buffers) has grown by YOUNG_COLLECTION_BYTES.
 *
 * Why: a relay moving a file allocates ≈ 4 bytes of buffers per byte relayed (the received gRPC
 * message, the HTTP/2 data, the frame it sends and gRPC's framed copy of it) but almost no JavaScript
 * objects, so V8's young generation does not fill and no young collection (cheap) frees those
 * buffers. Their memory grows until V8's external-memory limit starts a full mark-compact of the
 * whole heap instead: `--trace-gc` of a relay showed one every ≈ 0.3–0.4 s, ≈ 25 per node for the
 * 200 MB bench file, with the live heap flat at 15 MB (GC was ≈ 25 % of a relay's CPU in `perf`).
 * A young collection here costs ≈ 1 ms and frees the chunks already written. Measured with the
 * bench section `attachments` (200 MB file, six hops), three interleaved pairs against the code
 * without it: CPU of the five relays 15.0–16.3 → 13.4–14.3 s, end to end 9.2–10.2 → 8.5–8.9 s, the
 * recipient's node peaking at 105–110 MB instead of 124–125 (the others unchanged). A first version
 * checked every 50 ms for 16 MiB of growth: full collections per relay 25 → 14, relays −12 %.
 *
 * Reading every 20 ms only while buffers are being allocated (and for a second after), every
 * 250 ms otherwise, measured the same within the noise (two pairs each way) as reading every 20 ms
 * always, and an idle node wakes up 4 times a second for it instead of 50.
 *
 * Under document traffic JavaScript allocation fills the young generation many times a second,
 * so its collections keep ArrayBuffer memory from growing this much and this policy stays idle.
 */
import { PerformanceObserver } from 'node:perf_hooks';
import { v8Gc, type V8Gc } from './v8-gc.js';

/** Growth of ArrayBuffer memory since the last young collection that triggers the next one. */
export const YOUNG_COLLECTION_BYTES = 8 * 1024 * 1024;
/** How often the memory is read while buffers are being allocated. */
export const YOUNG_CHECK_MS = 20;
/** How often it is read once it has been quiet for QUIET_READINGS readings (an idle node wakes up 4 times a second for this, not 50). */
export const YOUNG_IDLE_CHECK_MS = 250;
/** Growth between two readings that counts as buffers being allocated. */
export const GROWING_BYTES = 256 * 1024;
/** Readings without such growth (1 s at the fast pace) before the slow pace. */
export const QUIET_READINGS = 50;

export interface YoungState {
  /** ArrayBuffer bytes after the last young collection, or the lowest seen since. */
  baseline: number;
  /** A collection just ran: V8 frees the dead buffers' memory on a background thread right after,
   *  so the next reading, whatever it is, becomes the baseline (buffers still alive then are not
   *  collected again until the memory grows by the threshold once more). */
  settling: boolean;
  /** The previous reading. */
  last: number;
  /** Readings in a row without growth (a drop after a collection counts as one). */
  quiet: number;
}

export function initialYoungState(arrayBuffers: number): YoungState {
  return { baseline: arrayBuffers, settling: false, last: arrayBuffers, quiet: QUIET_READINGS };
}

/**
 * Pure: whether to collect at this reading, the state after it, and when to read again: soon while
 * buffers are being allocated and for a second after, rarely once the memory has been quiet that
 * long. Growth counts from the last collection of any kind: when V8 collected by itself since the
 * previous reading (`collectedSince`: under document traffic it does, many times a second) or the
 * memory fell below the baseline, the baseline moves to this reading, so the policy only acts when
 * buffers pile up with no collection at all (measured: collecting on growth alone, six hops at
 * 1,000 documents/s cost 10–20 % more CPU, the extra young collections promoting in-flight objects).
 */
export function youngDecision(
  state: YoungState,
  arrayBuffers: number,
  threshold = YOUNG_COLLECTION_BYTES,
  collectedSince = false,
): { collect: boolean; next: YoungState; nextCheckMs: number } {
  const quiet = arrayBuffers - state.last >= GROWING_BYTES ? 0 : Math.min(state.quiet + 1, QUIET_READINGS);
  const nextCheckMs = quiet >= QUIET_READINGS ? YOUNG_IDLE_CHECK_MS : YOUNG_CHECK_MS;
  if (state.settling || collectedSince || arrayBuffers < state.baseline) {
    return { collect: false, next: { baseline: arrayBuffers, settling: false, last: arrayBuffers, quiet }, nextCheckMs };
  }
  if (arrayBuffers - state.baseline >= threshold) {
    return { collect: true, next: { baseline: state.baseline, settling: true, last: arrayBuffers, quiet }, nextCheckMs };
  }
  return { collect: false, next: { ...state, last: arrayBuffers, quiet }, nextCheckMs };
}

/**
 * Reads the ArrayBuffer memory (process.memoryUsage: ≈ 10 µs) when youngDecision says and runs a
 * young collection when due; V8's collections are heard through perf_hooks' `gc` entries.
 * `onCollect` hears the ArrayBuffer bytes before it and how long it took. (V8 frees the dead buffers' memory on a background thread just after the collection, so
 * the next reading shows the drop and becomes the baseline.) `checkMs` replaces both intervals
 * (tests). Returns the stop function. The timer does not keep the process alive.
 */
export function startYoungCollection(
  onCollect: (arrayBuffersBefore: number, ms: number) => void = () => undefined,
  threshold = YOUNG_COLLECTION_BYTES,
  checkMs?: number,
  gc: V8Gc = v8Gc(),
): () => void {
  let state = initialYoungState(process.memoryUsage().arrayBuffers);
  let timer: NodeJS.Timeout | null = null;
  let stopped = false;
  let collectedSince = false;
  const collections = new PerformanceObserver(() => {
    collectedSince = true;
  });
  collections.observe({ entryTypes: ['gc'] });
  const check = (): void => {
    const before = process.memoryUsage().arrayBuffers;
    const d = youngDecision(state, before, threshold, collectedSince);
    collectedSince = false;
    state = d.next;
    if (d.collect) {
      const t0 = performance.now();
      gc({ type: 'minor' });
      onCollect(before, performance.now() - t0);
    }
    if (!stopped) schedule(checkMs ?? d.nextCheckMs);
  };
  const schedule = (ms: number): void => {
    timer = setTimeout(check, ms);
    timer.unref();
  };
  schedule(checkMs ?? YOUNG_IDLE_CHECK_MS);
  return () => {
    stopped = true;
    if (timer) clearTimeout(timer);
    collections.disconnect();
  };
}
