/** Every command of `lienthong` through yargs: a thin, strict shell over the daemon's own functions. */
import yargs from 'yargs';
import { VERSION } from '../node/version.js';
import { auditCommand } from './cmd-audit.js';
import { checkCommand } from './cmd-check.js';
import { checkConfigCommand } from './cmd-check-config.js';
import { throwRefusedValue, UsageError } from './common-options.js';
import { ackCommand, inboxCommand, statusUpdateCommand } from './cmd-inbox.js';
import { outboxCommand } from './cmd-outbox.js';
import { pkiCommand } from './cmd-pki.js';
import { routesCommand } from './cmd-routes.js';
import { sendCommand } from './cmd-send.js';
import { startCommand } from './cmd-start.js';
import { statusCommand } from './cmd-status.js';
import { traceCommand } from './cmd-trace.js';
import { report } from './report.js';

const COMMANDS = ['start', 'status', 'routes', 'outbox', 'check', 'send', 'inbox', 'ack', 'status-update', 'trace', 'pki', 'audit'];

/** Pure: where a usage error sends the user: the help of the command typed, when it is one. */
export function usageHint(argv: readonly string[]): string {
  const command = argv.find((a) => COMMANDS.includes(a));
  return command !== undefined ? `lienthong ${command} --help` : 'lienthong --help';
}

export async function runCli(argv: string[]): Promise<void> {
  // Output piped into a command that stops reading (`| head`): stop quietly, as other tools do.
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(0);
    throw err;
  });
  await yargs(argv)
    .scriptName('lienthong')
    .version(VERSION)
    .command(startCommand)
    .command(statusCommand)
    .command(routesCommand)
    .command(checkConfigCommand)
    .command(outboxCommand)
    .command(checkCommand)
    .command(sendCommand)
    .command(inboxCommand)
    .command(ackCommand)
    .command(statusUpdateCommand)
    .command(traceCommand)
    .command(pkiCommand)
    .command(auditCommand)
    .middleware(throwRefusedValue)
    .demandCommand(1, 'say what to do; see --help')
    .strict()
    .recommendCommands()
    .wrap(Math.min(120, process.stdout.columns || 100))
    .fail((msg, err, y) => {
      // YError: yargs' own usage errors ("Not enough arguments following: after"), not failures.
      if (err && !(err instanceof UsageError) && err.name !== 'YError') report(err);
      // A UsageError thrown by a handler reaches here with no msg of yargs' own: print its message.
      process.stderr.write(`${y.help() && ''}lienthong: ${msg ?? err?.message}\nRun \`${usageHint(argv)}\` for usage.\n`);
      process.exit(64);
    })
    .parseAsync();
}
