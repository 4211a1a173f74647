/**
 * Node.js options the `lienthong` command runs with (they are in the first line of main.ts, which
 * `lienthong start` executes: `#!/usr/bin/env -S node <flags>`). Whoever starts a node some other
 * way (`node dist/src/cli/main.js start`, a service unit calling node directly) should pass them too.
 *
 * --max-semi-space-size=4: left alone, V8 grows a node's young generation to 2 × 16 MiB while a
 * large file passes through and keeps it resident. This is a trade, measured with the bench section
 * `attachments` (200 MB, six hops, same quiet machine): with 2 × 4 MiB most nodes peaked at
 * 139–151 MB (one or two reached 165–172 MB in most runs; the target is < 150) and a run took
 * 7.5–8.3 s and 14.5–16.1 CPU-seconds; without it nodes peaked at 151–196 MB and a
 * run took 6.3–6.8 s and 12.2–13.0 CPU-seconds (the smaller young generation sends more objects to
 * the old one, which costs full collections). A node that should favour speed over memory can be
 * started with `node --max-semi-space-size=16 .../main.js start`.
 *
 * --heap-growing-percent=175: V8 starts a full collection when the old generation plus the
 * ArrayBuffer memory allocated since the last one nears a limit it sets at 1.1× the live heap
 * (≈ 12 MB of slack for a node's ≈ 18 MB), so chunks and messages still in flight when a young
 * collection runs (and promoted by it) started a mark-compact of the whole heap every ≈ 5 MB of
 * file: 40–45 per node for the 200 MB bench file, 42 % of the machine's CPU in `perf`. A limit at
 * 2.75× the live heap: 7–20 per node, and back to back with the same code a 200 MB file went six
 * hops at 22–27 MB/s instead of 17–19 (CPU 14–17 s instead of 20–23) with peaks 150–155 MB
 * (144–169 MB before); one hop 1,963 instead of 1,485 1 KiB documents/s, 100 KiB 379 instead of
 * 245/s, the backlog drain 2,876 instead of 2,464/s. 150 % gained little (28 collections per
 * node), 200 % more (6–8) with peaks 155–170 MB. The cost: a busy node's heap runs up to ≈ 25 MB
 * larger before it is collected, and V8's memory reducer, which only a mark-compact arms, may
 * never run after a burst; idle-compaction.ts collects an idle node's heap itself.
 */
export const DAEMON_NODE_FLAGS: readonly string[] = ['--max-semi-space-size=4', '--heap-growing-percent=175'];

/**
 * Environment the `lienthong` command runs node with (also in main.ts's first line, before `node`).
 *
 * MALLOC_ARENA_MAX=2: glibc gives each thread that allocates its own malloc arena, and a node has a
 * dozen threads (V8's, libuv's, the signature workers); their arenas keep freed memory resident.
 * Two arenas, measured with the bench (same quiet machine, back to back): an idle node 94 → 89 MB,
 * and the 200 MB attachment's per-node peaks 4–13 MB lower (mean 147 → 143 and 154 → 141 MB in two
 * pairs of runs), with no measurable cost in speed. A service unit that calls node directly should
 * set it too (systemd: `Environment=MALLOC_ARENA_MAX=2`).
 */
export const DAEMON_ENV: Readonly<Record<string, string>> = { MALLOC_ARENA_MAX: '2' };

/** main.ts's first line: `env` sets DAEMON_ENV and starts node with DAEMON_NODE_FLAGS. */
export function shebang(): string {
  const env = Object.entries(DAEMON_ENV).map(([k, v]) => `${k}=${v}`);
  return `#!/usr/bin/env -S ${[...env, 'node', ...DAEMON_NODE_FLAGS].join(' ')}`;
}
