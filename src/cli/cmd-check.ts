/** `lienthong check`: exits non-zero when the node is unhealthy, for monitoring scripts. */
import type { Argv, CommandModule } from 'yargs';
import type { StatusResponse__Output } from '../gen/lienthong/v1/StatusResponse.js';
import { loadConfig } from '../node/config-load.js';
import { configSchema } from '../node/config-schema.js';
import { evaluateHealth } from '../node/health-check.js';
import { withAdmin } from './admin-client.js';
import { CHECK_TIMEOUT_SECONDS, NodeSilent } from './admin-deadline.js';
import { signingCertificates } from './cmd-status.js';
import { nodeOptions, type NodeArgs } from './common-options.js';
import { print, printJson } from './output.js';

export const checkCommand: CommandModule<{}, NodeArgs> = {
  command: 'check',
  describe: 'exit 0 when the node is healthy, 2 otherwise (store failed, link down too long, old backlog, certificate expiring or revoked, stale revocation list)',
  builder: (y: Argv) =>
    nodeOptions(y, {
      config: 'the node\'s configuration file (locates its admin socket; thresholds under "check")',
      socket: 'the node\'s admin socket, instead of --config (thresholds: the defaults of "check")',
      timeout: CHECK_TIMEOUT_SECONDS,
    }) as unknown as Argv<NodeArgs>,
  handler: async (args) => {
    const config = args.config !== undefined ? loadConfig(args.config) : null;
    // Without the configuration: the thresholds every node has by default.
    const thresholds = config?.check ?? configSchema.shape.check.parse(undefined);
    // Named by its code when known (from the configuration, or from the node's answer), else by its socket.
    let node = config?.node.code ?? args.socket!;
    let problems: string[];
    try {
      const s = await withAdmin(args, (c) => c.call<object, StatusResponse__Output>('Status', {}));
      if (s.nodeCode) node = s.nodeCode;
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
        { linkDownAfterMs: thresholds.linkDownAfter, backlogAgeMs: thresholds.backlogAge, certificateWarningMs: thresholds.certificateWarning },
      );
    } catch (err) {
      // A node that did not answer in time is named in the message itself.
      problems = [err instanceof NodeSilent ? err.message : `${config ? `node ${node}` : `the node at ${node}`} does not answer: ${(err as Error).message}`];
    }
    if (args.json) printJson({ node, healthy: problems.length === 0, problems });
    else print(problems.length ? problems.map((p) => `CRITICAL ${node}: ${p}`) : [`OK ${node}: healthy`]);
    if (problems.length) process.exitCode = 2;
  },
};
