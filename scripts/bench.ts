/**
 * `npm run bench`: measures the relay on 127.0.0.1 against the physical ceiling of this machine
 * and writes bench/results/<date>.json and <date>.md (the table is also printed). See
 * scripts/bench/ for the sections. Set LIENTHONG_KEEP_BENCH_DIR=1 to keep the nodes' folders and
 * logs (in the system temp dir) after a failure.
 */
import { fileURLToPath } from 'node:url';
import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import { closeAllNetworks } from './bench/bench-network.js';
import { SECTION_NAMES, selectedSections } from './bench/options.js';
import { runBench } from './bench/run-bench.js';
import { removeTempDirs } from './bench/temp-dir.js';

const DEFAULT_OUT = fileURLToPath(new URL('../../bench/results/', import.meta.url));

async function main(): Promise<void> {
  const args = await yargs(hideBin(process.argv))
    .scriptName('npm run bench --')
    .usage('$0 [options]: benchmark lienthong on 127.0.0.1 (nodes as processes, real mutual TLS, durable SQLite)')
    .option('seed', { type: 'number', default: 1, describe: 'seed of every random choice of the workload (bodies, arrival times, recipient order)' })
    .option('quick', { type: 'boolean', default: false, describe: 'tiny sizes: a smoke run that checks every section works (its figures mean nothing)' })
    .option('only', {
      type: 'array', string: true,
      describe: `run only these sections, space- or comma-separated: ${SECTION_NAMES.join(', ')} (without "ceiling" the table has no ratios to it)`,
      coerce: (xs: string[]) => selectedSections(xs.flatMap((x) => x.split(',')).filter((x) => x !== '')),
    })
    .option('out', { type: 'string', default: DEFAULT_OUT, describe: 'folder for <date>.json and <date>.md' })
    .option('cpu-prof-dir', { type: 'string', describe: 'write a V8 CPU profile of every node process into DIR/<node>/ (for finding bottlenecks)' })
    .strict()
    .help()
    .fail((msg, err) => {
      process.stderr.write(`bench: ${msg ?? err?.message}\nRun \`npm run bench -- --help\` for usage.\n`);
      process.exit(64);
    })
    .parseAsync();

  const stop = () => {
    process.stderr.write('interrupted: stopping the benchmark nodes\n');
    void closeAllNetworks().finally(() => {
      removeTempDirs();
      process.exit(130);
    });
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);

  const run = await runBench({
    seed: args.seed,
    quick: args.quick,
    only: args.only,
    outDir: args.out,
    cpuProfDir: args['cpu-prof-dir'],
    command: ['npm run bench --', ...hideBin(process.argv)].join(' '),
  });
  process.stdout.write(`\n${run.markdown}\nwritten: ${run.files.json}\n         ${run.files.markdown}\n`);
  const failed = run.report.sections.filter((s) => s.error);
  if (failed.length > 0) {
    process.stderr.write(`failed sections: ${failed.map((s) => s.name).join(', ')}\n`);
    process.exitCode = 1;
  }
}

main().catch((err) => {
  process.stderr.write(`bench failed: ${(err as Error).stack ?? err}\n`);
  process.exit(1);
});
