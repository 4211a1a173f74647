/**
 * While large files pass, the node collects its young generation each time the memory held by
 * ArrayBuffers (file chunks, gRPC and HTTP/2 buffers) has grown by YOUNG_COLLECTION_BYTES with no
 * collection at all since.
 *
 * Why: a relay moving a file allocates ≈ 4 bytes of buffers per byte relayed (the received gRPC
 * message, the HTTP/2 data, the frame it sends and gRPC's framed copy of it) but almost no JavaScript
 * objects, so V8's young generation does not fill and no young collection (cheap) frees those
 * buffers. Their memory grows until V8's external-memory limit starts a full mark-compact of the
 * whole heap instead: `--trace-gc` of a relay showed one every ≈ 0.3–0.4 s, ≈ 25 per node for the
 * 200 MB bench file, with the live heap flat at 15 MB (GC was ≈ 25 % of a relay's CPU in `perf`).
 * A young collection here costs ≈ 1 ms and frees the chunks already written. Measured with the
 * bench section `attachments` (200 MB file, six hops), interleaved with the code without it: the
 * five relays' CPU −11 to −18 % in six pairs with the first versions of this policy, −8 % in the
 * one pair of this one; the recipient's node peaks at 104–111 MB instead of 123–126.
 *
 * Under document traffic V8 collects by itself many times a second, and any collection moves the
 * baseline, so the policy stays out of the way: a first version that counted growth only from its
 * own collections cost 18–20 % more CPU per document at six hops and 1,000 documents/s (its extra
 * young collections promoted objects in flight). The memory is read every 20 ms while buffers are
 * being allocated and for a second after, every 250 ms otherwise (an idle node wakes up 4 times a
 * second for this, not 50; the same gain within the noise as reading every 20 ms always).
 *
 * The same readings give the C heap's free pages back (malloc-trim.ts) when a collection has just
 * freed many buffers. Buffers that lived through two young collections (a chunk waiting in a
 * link's queue, say) are freed only by a full collection, and their memory stays resident in the
 * C heap as free pages once they are: measured with mallinfo2 on the first commune of the bench
 * while a 200 MB package arrived after a burst of documents (session 22), its heap reached 82 MB
 * with 30–55 MB of it free, and the node peaked at 162 MB; trimming after each such drop (9 times
 * in that run, 2.5 ms each) brought the peak to 146 MB.
 */
import { PerformanceObserver } from 'node:perf_hooks';
import { mallocTrim } from './malloc-trim.js';
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

/** A fall of ArrayBuffer memory between two readings after which the C heap's free pages go back. */
export const TRIM_AFTER_FREED_BYTES = 8 * 1024 * 1024;
/** At most one such trim in this long (each costs a few milliseconds on a busy heap). */
export const TRIM_MIN_INTERVAL_MS = 200;

/** Pure: whether buffers freed since the previous reading are worth giving the pages of back now. */
export function trimDecision(previousArrayBuffers: number, arrayBuffers: number, sinceLastTrimMs: number): boolean {
  return previousArrayBuffers - arrayBuffers >= TRIM_AFTER_FREED_BYTES && sinceLastTrimMs >= TRIM_MIN_INTERVAL_MS;
}

export interface YoungState {
  /** ArrayBuffer bytes at the first reading after the last collection, or the lowest seen since. */
  baseline: number;
  /** The previous reading. */
  last: number;
  /** Readings in a row without growth (a drop after a collection counts as one). */
  quiet: number;
}

export function initialYoungState(arrayBuffers: number): YoungState {
  return { baseline: arrayBuffers, last: arrayBuffers, quiet: QUIET_READINGS };
}

/**
 * Pure: whether to collect at this reading, the state after it, and when to read again: soon while
 * buffers are being allocated and for a second after, rarely once the memory has been quiet that
 * long. Growth counts from the first reading after the last collection of any kind
 * (`collectedSince`: V8's own, or this policy's; V8 frees dead buffers' memory on a background
 * thread just after, so buffers still counted then are taken as alive), or from the lowest reading
 * since when the memory fell.
 */
export function youngDecision(
  state: YoungState,
  arrayBuffers: number,
  threshold = YOUNG_COLLECTION_BYTES,
  collectedSince = false,
): { collect: boolean; next: YoungState; nextCheckMs: number } {
  const quiet = arrayBuffers - state.last >= GROWING_BYTES ? 0 : Math.min(state.quiet + 1, QUIET_READINGS);
  const nextCheckMs = quiet >= QUIET_READINGS ? YOUNG_IDLE_CHECK_MS : YOUNG_CHECK_MS;
  const baseline = collectedSince ? arrayBuffers : Math.min(state.baseline, arrayBuffers);
  const next = { baseline, last: arrayBuffers, quiet };
  return { collect: !collectedSince && arrayBuffers - baseline >= threshold, next, nextCheckMs };
}

/**
 * Reads the ArrayBuffer memory (process.memoryUsage: ≈ 10 µs) when youngDecision says and runs a
 * young collection when due, and `trim` when trimDecision says; V8's own collections are heard
 * through perf_hooks' `gc` entries.
 * `onCollect` hears the ArrayBuffer bytes before it and how long it took. `checkMs` replaces both
 * intervals (tests). Returns the stop function. The timer does not keep the process alive.
 */
export function startYoungCollection(
  onCollect: (arrayBuffersBefore: number, ms: number) => void = () => undefined,
  threshold = YOUNG_COLLECTION_BYTES,
  checkMs?: number,
  gc: V8Gc = v8Gc(),
  trim: () => boolean = mallocTrim,
): () => void {
  let state = initialYoungState(process.memoryUsage().arrayBuffers);
  let lastTrimMs = -Infinity;
  let timer: NodeJS.Timeout | null = null;
  let stopped = false;
  let collectedSince = false;
  const collections = new PerformanceObserver(() => {
    collectedSince = true;
  });
  collections.observe({ entryTypes: ['gc'] });
  const check = (): void => {
    const before = process.memoryUsage().arrayBuffers;
    if (trimDecision(state.last, before, performance.now() - lastTrimMs)) {
      trim();
      lastTrimMs = performance.now();
    }
    const d = youngDecision(state, before, threshold, collectedSince);
    collectedSince = false;
    state = d.next;
    if (d.collect) {
      const t0 = performance.now();
      gc({ type: 'minor' });
      collectedSince = true;
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
