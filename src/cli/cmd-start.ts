/**
 * `lienthong start`: runs a node in the foreground until SIGTERM/SIGINT. The first signal drains
 * (no new work, in-flight transfers finish, links close cleanly); a second one forces the exit; a
 * watchdog ends a shutdown that hangs.
 */
import * as grpc from '@grpc/grpc-js';
import type { Argv, CommandModule } from 'yargs';
import { loadConfig, type ConfigOverrides } from '../node/config-load.js';
import { createLogger } from '../node/logger.js';
import { startNode } from '../node/node.js';
import { LOG_LEVELS, START_OPTIONS, type StartArgs } from './start-line.js';

const WATCHDOG_MS = 30_000;

export const startCommand: CommandModule<{}, StartArgs> = {
  command: 'start',
  describe: 'run a node (national, ministry, province, district or commune: the same program)',
  builder: (y: Argv) =>
    y
      .option('config', { ...START_OPTIONS.config, type: 'string', demandOption: true })
      .option('log-level', { ...START_OPTIONS['log-level'], type: 'string', choices: LOG_LEVELS })
      .option('listen', { ...START_OPTIONS.listen, type: 'string' })
      .option('data-dir', { ...START_OPTIONS['data-dir'], type: 'string' })
      .option('accept-audit-loss', { ...START_OPTIONS['accept-audit-loss'], type: 'boolean', default: false }) as Argv<StartArgs>,
  handler: (args) => runStart(args),
};

/** Runs the node until a signal ends it (never resolves). */
export async function runStart(args: StartArgs): Promise<never> {
  const overrides: ConfigOverrides = {};
  if (args['log-level']) overrides.logLevel = args['log-level'];
  if (args.listen) overrides.listen = args.listen;
  if (args['data-dir']) overrides.dataDir = args['data-dir'];
  const config = loadConfig(args.config, overrides);
  const log = createLogger(config.log.level, { pid: process.pid });
  // grpc-js's own error lines join the node's JSON log instead of appearing raw on stderr; its
  // "No address added" before a port-in-use refusal only goes to debug, as the node's own error
  // says the same with what to do.
  const grpcLog = log.child({ component: 'grpc' });
  grpc.setLogger({
    error: (...args: unknown[]) => {
      const line = args.map(String).join(' ').trim();
      if (/^No address added out of total/.test(line)) grpcLog.debug(line);
      else grpcLog.warn(line);
    },
  });
  const node = await startNode(config, { log, acceptAuditLoss: args['accept-audit-loss'] === true });

  let signals = 0;
  const onSignal = (sig: NodeJS.Signals) => {
    signals++;
    if (signals > 1) {
      log.warn({ signal: sig }, 'second signal: forcing exit');
      process.exit(1);
    }
    log.info({ signal: sig }, 'shutting down cleanly (send the signal again to force)');
    const watchdog = setTimeout(() => {
      log.error('shutdown hung: forcing exit');
      process.exit(1);
    }, WATCHDOG_MS);
    watchdog.unref();
    node.stop().then(
      () => {
        log.flush?.();
        process.exit(0);
      },
      (err) => {
        log.error({ err }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
  // One line on stdout for scripts that wait for readiness, once a signal would stop the node cleanly
  // (written before the handlers, a SIGTERM sent on reading it could kill the process outright).
  process.stdout.write(`lienthong node ${node.code} listening on ${node.address}, admin socket ${node.adminSocket}\n`);
  return new Promise<never>(() => undefined);
}
