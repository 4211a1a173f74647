/**
 * `lienthong routes`: the routing table built from the node's configuration (the same function the
 * daemon uses), where each entry came from; `--resolve CODE` explains one decision step by step.
 */
import type { Argv, CommandModule } from 'yargs';
import { normalizeCode } from '../domain/agency-code.js';
import { explainRoute } from '../domain/route-table.js';
import { loadConfig } from '../node/config-load.js';
import { routeTableFromConfig } from '../node/config-routes.js';
import { print, printJson, table } from './output.js';

interface RoutesArgs {
  config: string;
  resolve: string | undefined;
  json: boolean;
}

export const routesCommand: CommandModule<{}, RoutesArgs> = {
  command: 'routes',
  describe: 'print the routing table and where each entry came from; --resolve CODE explains one code',
  builder: (y: Argv) =>
    y
      .option('config', { alias: 'c', type: 'string', demandOption: true, describe: 'the node\'s configuration file' })
      .option('resolve', { type: 'string', describe: 'an agency code to resolve step by step' })
      .option('json', { type: 'boolean', default: false, describe: 'print JSON for scripts' }) as Argv<RoutesArgs>,
  handler: (args) => {
    const c = loadConfig(args.config);
    const t = routeTableFromConfig(c);
    const rows = t.entries.map((e) => ({ prefix: e.prefix, match: e.exact ? 'exact' : `subtree (level ${e.depth})`, target: e.target, source: e.source }));
    if (t.parent) rows.push({ prefix: '*', match: 'anything else', target: t.parent, source: 'parent' });
    const resolution = args.resolve ? explainRoute(t, normalizeCode(args.resolve)) : null;
    if (args.json) return printJson({ node: c.node.code, entries: rows, resolution });
    const lines = [`routing table of node ${c.node.code} (most specific first)`, ...table(['PREFIX', 'MATCH', 'TARGET', 'SOURCE'], rows.map((r) => [r.prefix, r.match, r.target, r.source]))];
    if (!t.parent) lines.push('(root node: codes outside every entry get a non-delivery report)');
    if (resolution) lines.push('', `resolving ${args.resolve}:`, ...resolution.steps.map((s, i) => `  ${i + 1}. ${s}`));
    print(lines);
  },
};
