/**
 * The `lienthong start` line read without yargs. A node runs for months; the CLI parser and its
 * help machinery would stay loaded for nothing (≈ 5 MB of an idle node's ≈ 78 MB RSS, measured).
 * Only a line that is plainly valid takes this path; anything else (help, version, an unknown or
 * malformed option, another command) goes to yargs, which answers exactly as it always has.
 */
import { parseArgs } from 'node:util';

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

export interface StartArgs {
  config: string;
  'log-level': string | undefined;
  listen: string | undefined;
  'data-dir': string | undefined;
  'accept-audit-loss'?: boolean | undefined;
}

/** The options of `start`, for yargs' builder and for this parser alike. */
export const START_OPTIONS = {
  config: { alias: 'c', describe: "the node's YAML configuration file" },
  'log-level': { describe: 'overrides log.level' },
  listen: { describe: 'overrides node.listen (host:port)' },
  'data-dir': { describe: 'overrides node.dataDir' },
  'accept-audit-loss': {
    describe: 'start on a store that lost audit entries this node had committed (the start is refused without it, naming them): the loss is recorded in the audit log. For this one start, once the missing part is known to be gone',
  },
} as const;

const ASKS_YARGS = new Set(['--help', '-h', '--version']);

/** The arguments of a valid `start` line (argv without node and the script), or null for yargs. */
export function parseStartLine(argv: readonly string[]): StartArgs | null {
  if (argv[0] !== 'start' || argv.some((a) => ASKS_YARGS.has(a))) return null;
  let values: Record<string, string | boolean | undefined>;
  try {
    values = parseArgs({
      args: argv.slice(1),
      options: {
        config: { type: 'string', short: START_OPTIONS.config.alias },
        'log-level': { type: 'string' },
        listen: { type: 'string' },
        'data-dir': { type: 'string' },
        'accept-audit-loss': { type: 'boolean' },
      },
      strict: true,
      allowPositionals: false,
    }).values;
  } catch {
    return null;
  }
  const str = (k: keyof StartArgs): string | undefined => (typeof values[k] === 'string' ? (values[k] as string) : undefined);
  const config = str('config');
  const level = str('log-level');
  if (!config || (level !== undefined && !(LOG_LEVELS as readonly string[]).includes(level))) return null;
  return { config, 'log-level': level, listen: str('listen'), 'data-dir': str('data-dir'), ...(values['accept-audit-loss'] === true ? { 'accept-audit-loss': true } : {}) };
}
