/**
 * Node.js options the `lienthong` command runs with (they are in the first line of main.ts, which
 * `lienthong start` executes: `#!/usr/bin/env -S node <flags>`). Whoever starts a node some other
 * way (`node dist/src/cli/main.js start`, a service unit calling node directly) should pass them too.
 *
 * --max-semi-space-size=4: a node's garbage is mostly short-lived (frames, chunk buffers and their
 * wrappers, gone within milliseconds). Left alone, V8 grows its young generation to 2 × 16 MiB while
 * a large file passes through, and keeps that resident; with 2 × 4 MiB a relay carrying a 200 MB
 * file six hops peaked 15–30 MB lower (bench section `attachments`: 138–147 MB against 149–177 MB),
 * for somewhat more collection work (more objects reach the old generation): a measured trade, not
 * a free one. An operator who prefers speed to memory can start node with a larger value.
 */
export const DAEMON_NODE_FLAGS: readonly string[] = ['--max-semi-space-size=4'];
