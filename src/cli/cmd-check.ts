/** `lienthong check`: exits non-zero when the node is unhealthy, for monitoring scripts. */
import type { Argv, CommandModule } from 'yargs';
import type { StatusResponse__Output } from '../gen/lienthong/v1/StatusResponse.js';
import { loadConfig } from '../node/config-load.js';
import { evaluateHealth } from '../node/health-check.js';
import { withAdmin } from './admin-client.js';
import { signingCertificates } from './cmd-status.js';
import { print, printJson } from './output.js';

interface CheckArgs {
  config: string;
  json: boolean;
}

export const checkCommand: CommandModule<{}, CheckArgs> = {
  command: 'check',
  describe: 'exit 0 when the node is healthy, 2 otherwise (store failed, link down too long, old backlog, certificate expiring or revoked, stale revocation list)',
  builder: (y: Argv) =>
    y
      .option('config', { alias: 'c', type: 'string', demandOption: true, describe: 'the node\'s configuration file (thresholds under "check")' })
      .option('json', { type: 'boolean', default: false, describe: 'print JSON for scripts' }) as Argv<CheckArgs>,
  handler: async (args) => {
    const config = loadConfig(args.config);
    let problems: string[];
    try {
      const s = await withAdmin({ config: args.config }, (c) => c.call<object, StatusResponse__Output>('Status', {}));
      problems = evaluateHealth(
        {
          nowMs: Date.now(), draining: s.draining, links: s.links, certificateNotAfterMs: s.certificate?.notAfterMs ?? 0,
          certificateRevoked: s.certificate?.revoked ?? false,
          ...(s.caCertificate ? { caNotAfterMs: s.caCertificate.notAfterMs } : {}),
          ...(s.revocations ? { revocations: s.revocations } : {}),
          storeFault: s.storeFault,
          storeFull: s.storeFull,
          signingCertificates: signingCertificates(s.signingCertificates),
        },
        { linkDownAfterMs: config.check.linkDownAfter, backlogAgeMs: config.check.backlogAge, certificateWarningMs: config.check.certificateWarning },
      );
    } catch (err) {
      problems = [`node ${config.node.code} does not answer: ${(err as Error).message}`];
    }
    if (args.json) printJson({ node: config.node.code, healthy: problems.length === 0, problems });
    else print(problems.length ? problems.map((p) => `CRITICAL ${config.node.code}: ${p}`) : [`OK ${config.node.code}: healthy`]);
    if (problems.length) process.exitCode = 2;
  },
};
