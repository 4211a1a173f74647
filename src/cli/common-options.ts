/** Options shared by the commands that talk to a running node. */
import type { Argv } from 'yargs';

/** A command line that does not make sense (reported like yargs' own usage errors, exit 64). */
export class UsageError extends Error {}

export interface NodeArgs {
  config: string | undefined;
  socket: string | undefined;
  json: boolean;
}

export function nodeOptions<T>(y: Argv<T>): Argv<T & NodeArgs> {
  return y
    .option('config', { alias: 'c', type: 'string', describe: 'the node\'s configuration file (locates its admin socket)' })
    .option('socket', { type: 'string', describe: 'the node\'s admin socket, instead of --config' })
    .option('json', { type: 'boolean', default: false, describe: 'print JSON for scripts' }) as Argv<T & NodeArgs>;
}
