/**
 * `npm run chaos`: a network of sixteen node processes with a TCP proxy on every link, thousands of
 * documents sent while nodes are SIGKILLed and restarted and links cut and stalled; then every
 * document must be at every recipient exactly once, byte for byte, with every status 01 back.
 * Exits 1 on any loss, duplicate or missing status. `--seed N` repeats a run's choices.
 */
import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import { formatReport } from './lib/chaos-report.js';
import { runChaos } from './lib/chaos-run.js';

const args = await yargs(hideBin(process.argv))
  .scriptName('npm run chaos --')
  .usage('$0 [options]\n\nRuns the chaos harness against a fresh local network and checks nothing was lost or duplicated.')
  .option('seed', { type: 'number', describe: 'seed of every random choice (documents, faults); the same seed repeats the run (default: random, printed)' })
  .option('documents', { type: 'number', default: 3000, describe: 'documents to send (mixed sizes up to ~1 MiB, some to many recipients, some urgent)' })
  .option('duration-s', { type: 'number', default: 150, describe: 'length of the fault phase in seconds; documents are spread over it' })
  .option('nodes-faults-rate', { type: 'number', default: 0.6, describe: 'average faults per node per minute: SIGKILL + restart of a node, or a cut or stall of a link (0 = none)' })
  .option('concurrency', { type: 'number', default: 6, describe: 'Sends in flight at most (capped at 8)' })
  .option('settle-timeout-s', { type: 'number', default: 180, describe: 'how long the network may take to deliver everything once the faults stop' })
  .option('log-level', { type: 'string', default: 'info', choices: ['fatal', 'error', 'warn', 'info', 'debug', 'trace'], describe: 'log level of the nodes (logs go to <work dir>/<node>/node.log)' })
  .option('keep', { type: 'boolean', default: false, describe: 'keep the work dir (CA, configs, databases, logs) even when the run passes; a failed run always keeps it' })
  .check((a) => {
    for (const k of ['documents', 'duration-s', 'nodes-faults-rate', 'concurrency', 'settle-timeout-s'] as const) {
      if (!Number.isFinite(a[k]) || a[k] < 0) throw new Error(`--${k} must be a number ≥ 0`);
    }
    if (a.seed !== undefined && !Number.isInteger(a.seed)) throw new Error('--seed must be an integer');
    if (a.documents < 1 || !Number.isInteger(a.documents)) throw new Error('--documents must be a whole number ≥ 1');
    if (a.concurrency < 1) throw new Error('--concurrency must be ≥ 1');
    return true;
  })
  .version(false)
  .strict()
  .help()
  .parseAsync();

// Ctrl-C or a kill of the harness: exit, and the harness's exit hook SIGKILLs every node.
for (const sig of ['SIGINT', 'SIGTERM'] as const) {
  process.on(sig, () => {
    process.stderr.write(`\nchaos: ${sig}, stopping every node\n`);
    process.exit(130);
  });
}

const seed = args.seed ?? Math.floor(Math.random() * 2 ** 31);
const t0 = Date.now();
const log = (line: string) => process.stdout.write(`[${((Date.now() - t0) / 1000).toFixed(1).padStart(6)} s] ${line}\n`);
log(`chaos run, seed ${seed} (repeat with --seed ${seed})`);
const report = await runChaos({
  seed,
  documents: args.documents,
  durationS: args['duration-s'],
  nodesFaultsRate: args['nodes-faults-rate'],
  concurrency: args.concurrency,
  settleTimeoutS: args['settle-timeout-s'],
  logLevel: args['log-level'],
  keep: args.keep,
  log,
});
process.stdout.write(`\n${formatReport(report)}\n`);
process.exitCode = report.ok ? 0 : 1;
