/** Options shared by the commands that talk to a running node, and whole-number options. */
import type { Argv, Options } from 'yargs';
import { normalizeCode } from '../domain/agency-code.js';
import { LienthongError } from '../domain/errors.js';
import { checkMessageId } from '../domain/ids.js';
import { DEFAULT_TIMEOUT_SECONDS } from './admin-deadline.js';

/** A command line that does not make sense (reported like yargs' own usage errors, exit 64). */
export class UsageError extends Error {}

export interface NodeArgs {
  config: string | undefined;
  socket: string | undefined;
  timeout: number;
  json: boolean;
}

/** What a command says of its node options, when it says more than the others. */
export interface NodeOptionText {
  config?: string;
  socket?: string;
  timeout?: number;
}

/** --config or --socket (one is required: a usage error without), --timeout and --json. */
export function nodeOptions<T>(y: Argv<T>, o: NodeOptionText = {}): Argv<T & NodeArgs> {
  return y
    .option('config', { alias: 'c', type: 'string', describe: o.config ?? 'the node\'s configuration file (locates its admin socket)' })
    .option('socket', { type: 'string', describe: o.socket ?? 'the node\'s admin socket, instead of --config' })
    .option('timeout', timeoutOption(o.timeout ?? DEFAULT_TIMEOUT_SECONDS))
    .option('json', { type: 'boolean', default: false, describe: 'print JSON for scripts' })
    .check(requireNode) as unknown as Argv<T & NodeArgs>;
}

/** A command that talks to a node with neither --config nor --socket: a usage error (exit 64). */
export function requireNode(a: { config?: unknown; socket?: unknown }): true {
  if (a.config === undefined && a.socket === undefined) throw new UsageError('say which node: --config NODE.yaml (or --socket PATH)');
  return true;
}

/** --timeout SECONDS: how long to wait for the node (for a streaming transfer: without progress). */
export function timeoutOption(seconds: number): ReturnType<typeof wholeNumberOption> {
  return wholeNumberOption('timeout', {
    default: seconds,
    min: 1,
    max: 86_400,
    describe: 'give up when the node has not answered within this many seconds (a file sent or received: when it has taken or sent nothing for that long)',
    expect: 'a number of seconds from 1 to 86400',
  });
}

/** What a whole-number option takes: "an inbox SEQ (0 for the start)", with its bounds. */
export interface WholeNumber {
  expect: string;
  min?: number;
  max?: number;
}

/**
 * Pure: the value of a whole-number option, from its text. A refusal names the text and says what
 * was expected (exit 1, as for any value a command reads and refuses).
 */
export function parseWholeNumber(flag: string, value: unknown, w: WholeNumber): number {
  if (typeof value === 'number') return value; // the option's default
  const text = Array.isArray(value) ? value.join(' ') : String(value);
  const n = /^\s*\d+\s*$/.test(text) ? Number(text) : NaN;
  if (!Number.isSafeInteger(n) || n < (w.min ?? 0) || n > (w.max ?? Number.MAX_SAFE_INTEGER)) {
    throw new LienthongError('INVALID_ARGUMENT', `--${flag} ${text.trim() === '' ? '""' : text}: give ${w.expect}`);
  }
  return n;
}

/**
 * A value refused while yargs reads the command line. yargs turns an error thrown by a `coerce`
 * function into a usage error (exit 64) and drops the error itself, so the refusal travels as this
 * value instead and `throwRefusedValue` (yargs middleware, run before any command) throws it: exit 1,
 * as for any value a command reads and refuses.
 */
export class RefusedValue {
  constructor(readonly error: LienthongError) {}
}

export function throwRefusedValue(argv: Record<string, unknown>): void {
  for (const v of Object.values(argv)) if (v instanceof RefusedValue) throw v.error;
}

/**
 * A whole-number option. yargs' `type: 'number'` turns "abc" into NaN, so the command could only
 * say "--after NaN", and takes "0x10" or "1e3"; this reads decimal digits and keeps the text.
 */
export function wholeNumberOption(flag: string, o: { describe: string; default: number } & WholeNumber): Options & { default: number; coerce: (v: unknown) => number } {
  const { describe, default: value, ...w } = o;
  return {
    type: 'string',
    requiresArg: true,
    describe: `${describe} (a whole number)`,
    default: value,
    coerce: (v: unknown) => {
      try {
        return parseWholeNumber(flag, v, w);
      } catch (err) {
        // Typed as the number it stands for: throwRefusedValue ends the command before a handler sees it.
        return new RefusedValue(err as LienthongError) as unknown as number;
      }
    },
  };
}

/**
 * The `coerce` of an agency-code option (`--to`, `--from`, `--next-hop`): each code as the network
 * writes it, or a usage error naming the option and what is wrong with the code (a typo must not
 * pass silently, nor come back from the node under an API field's name).
 */
export function agencyCodeCoerce(flag: string): (value: unknown) => string | string[] | undefined {
  const one = (text: string): string => {
    try {
      return normalizeCode(text);
    } catch (err) {
      throw new UsageError(`--${flag} ${text}: ${(err as Error).message}`);
    }
  };
  return (value) => (value === undefined ? undefined : Array.isArray(value) ? value.map((v) => one(String(v))) : one(String(value)));
}

/**
 * The `coerce` of a message-id argument or option (`trace ID`, `--message`, `inbox export IDS..`):
 * each id as the node keeps it (lower case), or a refusal naming the argument (exit 1), so a typo is
 * caught before the node is asked and is not answered under an API field's name (`message_id`).
 */
export function messageIdCoerce(argument: string): (value: unknown) => string | string[] | undefined {
  const one = (text: string): string => checkMessageId(text, argument);
  return (value) => {
    if (value === undefined) return undefined;
    try {
      return Array.isArray(value) ? value.map((v) => one(String(v))) : one(String(value));
    } catch (err) {
      return new RefusedValue(err as LienthongError) as unknown as string;
    }
  };
}

/**
 * Options of a command that its subcommands do not inherit (yargs makes every option global unless
 * told; its `global(keys, false)` form is missing from @types/yargs).
 */
export function notInherited<T>(y: Argv<T>, keys: readonly string[]): Argv<T> {
  return (y as unknown as { global(keys: readonly string[], global: boolean): Argv<T> }).global(keys, false);
}
