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
