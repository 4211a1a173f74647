#!/usr/bin/env -S MALLOC_ARENA_MAX=2 node --max-semi-space-size=4 --heap-growing-percent=175
/**
 * The `lienthong` command: a thin, strict shell of subcommands. Each calls the same functions the
 * daemon uses; commands that query a running node go over its admin socket.
 */
import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import { LienthongError } from '../domain/errors.js';
import { VERSION } from '../node/version.js';
import { auditCommand } from './cmd-audit.js';
import { checkCommand } from './cmd-check.js';
import { UsageError } from './common-options.js';
import { ackCommand, inboxCommand, statusUpdateCommand } from './cmd-inbox.js';
import { outboxCommand } from './cmd-outbox.js';
import { pkiCommand } from './cmd-pki.js';
import { routesCommand } from './cmd-routes.js';
import { sendCommand } from './cmd-send.js';
import { startCommand } from './cmd-start.js';
import { statusCommand } from './cmd-status.js';
import { traceCommand } from './cmd-trace.js';

function report(err: unknown): never {
  if (err instanceof LienthongError) {
    process.stderr.write(`lienthong: ${err.code}: ${err.message}\n`);
    process.exit(err.code === 'NODE_UNREACHABLE' || err.code === 'LINK_DOWN' ? 3 : 1);
  }
  process.stderr.write(`lienthong: ${(err as Error)?.stack ?? String(err)}\n`);
  process.exit(1);
}

try {
  await yargs(hideBin(process.argv))
    .scriptName('lienthong')
    .version(VERSION)
    .command(startCommand)
    .command(statusCommand)
    .command(routesCommand)
    .command(outboxCommand)
    .command(checkCommand)
    .command(sendCommand)
    .command(inboxCommand)
    .command(ackCommand)
    .command(statusUpdateCommand)
    .command(traceCommand)
    .command(pkiCommand)
    .command(auditCommand)
    .demandCommand(1, 'say what to do; see --help')
    .strict()
    .recommendCommands()
    .wrap(Math.min(120, process.stdout.columns || 100))
    .fail((msg, err, y) => {
      if (err && !(err instanceof UsageError)) report(err);
      process.stderr.write(`${y.help() && ''}lienthong: ${msg}\nRun \`lienthong --help\` for usage.\n`);
      process.exit(64);
    })
    .parseAsync();
} catch (err) {
  report(err);
}
