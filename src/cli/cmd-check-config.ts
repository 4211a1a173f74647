/**
 * `lienthong check-config`: checks a node's configuration and the files it names without starting
 * the node (src/node/config-check.ts). Exit 0 when the node would start (warnings allowed), 1 when
 * it would not.
 */
import type { Argv, CommandModule } from 'yargs';
import { checkConfigFiles, type Finding } from '../node/config-check.js';
import { print, printJson } from './output.js';

interface CheckConfigArgs {
  config: string;
  json: boolean;
}

const LABEL: Record<Finding['level'], string> = { ok: 'ok', warning: 'WARNING', problem: 'PROBLEM' };

export const checkConfigCommand: CommandModule<{}, CheckConfigArgs> = {
  command: 'check-config',
  describe: 'check a configuration and the files it names (CA, certificate, key, agency keys, data folder, stored revocation list) without starting the node; exit 1 when it would not start',
  builder: (y: Argv) =>
    y
      .option('config', { alias: 'c', type: 'string', demandOption: true, describe: 'the node\'s configuration file' })
      .option('json', { type: 'boolean', default: false, describe: 'print JSON for scripts' }) as Argv<CheckConfigArgs>,
  handler: (args) => {
    const found = checkConfigFiles(args.config);
    const problems = found.filter((f) => f.level === 'problem').length;
    const warnings = found.filter((f) => f.level === 'warning').length;
    if (problems > 0) process.exitCode = 1;
    if (args.json) return printJson({ wouldStart: problems === 0, findings: found });
    print([
      // A message of several lines (a configuration's errors) stays under its label.
      ...found.map((f) => `${LABEL[f.level].padEnd(7)}  ${f.text.trimEnd().replace(/\n/g, '\n         ')}`),
      problems > 0
        ? `${problems} problem(s): the node would not start; fix them and run this again`
        : `the node would start${warnings > 0 ? ` (${warnings} warning(s))` : ''}`,
    ]);
  },
};
