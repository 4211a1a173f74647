/**
 * Gives the C heap's free pages back to the system: glibc's malloc_trim(0), called through koffi's
 * FFI (a maintained library with prebuilt binaries, so nothing is compiled at install).
 *
 * Why: Node allocates the memory of Buffers (file chunks, gRPC messages, HTTP/2 data) with malloc,
 * and SQLite its page cache. After glibc has freed a large mmapped block once it raises its mmap
 * threshold, so later large buffers come from the main heap too, and when they and the small
 * allocations of a burst of documents are freed the heap keeps the pages: glibc returns memory
 * only from the top of the heap by itself. Measured with mallinfo2 on the first commune of the
 * bench, 8 s after 10,000 documents and a 200 MB file (session 22): 46.6 MB of heap, 6.5 MB of it
 * in use, 40.1 MB free and still resident. malloc_trim releases such pages (madvise) wherever
 * they lie: the nodes of the same run went from 106–129 MB to 86–90 MB.
 *
 * Where the C library is not glibc (musl, macOS) or koffi cannot load, this is a no-op and
 * `mallocTrimUnavailable` says why (the node logs it once, after its first idle collection): the
 * node works the same, it only keeps those pages.
 */
import { createRequire } from 'node:module';

type Trim = () => number;

let trim: Trim | null | undefined;
let loadError = '';

function load(): Trim | null {
  if (process.platform !== 'linux') {
    loadError = `not on Linux (${process.platform})`;
    return null;
  }
  try {
    // Loaded on first use: a node that never goes idle after a burst does not pay for it.
    const koffi = createRequire(import.meta.url)('koffi') as typeof import('koffi');
    const f = koffi.load('libc.so.6').func('int malloc_trim(size_t pad)');
    return () => f(0) as number;
  } catch (err) {
    loadError = err instanceof Error ? err.message : String(err);
    return null;
  }
}

/**
 * Releases the free pages of every malloc arena. Returns whether it could run (false without
 * glibc); it takes about 0.1 ms on an idle node's heap.
 */
export function mallocTrim(): boolean {
  if (trim === undefined) trim = load();
  if (!trim) return false;
  trim();
  return true;
}

/** Why mallocTrim cannot run here, once it has been tried ('' when it can or was not tried). */
export function mallocTrimUnavailable(): string {
  return loadError;
}
