#!/usr/bin/env -S MALLOC_ARENA_MAX=2 node --max-semi-space-size=4 --heap-growing-percent=175
/**
 * The `lienthong` command: a thin, strict shell of subcommands. Each calls the same functions the
 * daemon uses; commands that query a running node go over its admin socket. A valid `start` line
 * runs the node without loading yargs (see start-line.ts); everything else goes through yargs.
 */
import { report } from './report.js';
import { parseStartLine } from './start-line.js';

const argv = process.argv.slice(2);
const start = parseStartLine(argv);
try {
  if (start) await (await import('./cmd-start.js')).runStart(start);
  else await (await import('./cli.js')).runCli(argv);
} catch (err) {
  report(err);
}
