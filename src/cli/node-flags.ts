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
 */
export const DAEMON_NODE_FLAGS: readonly string[] = ['--max-semi-space-size=4'];

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
