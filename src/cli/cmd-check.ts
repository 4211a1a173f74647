/**
 * `lienthong check`: exits non-zero when the node is unhealthy, for monitoring scripts. Nagios'
 * convention: 2 (CRITICAL) when documents are at risk or not moving, 1 (WARNING) when something
 * only needs the operator (unread inbox items of an agency no longer attached here), else 0.
 */
import type { Argv, CommandModule } from 'yargs';
import type { StatusResponse__Output } from '../gen/lienthong/v1/StatusResponse.js';
import { loadConfig } from '../node/config-load.js';
import { configSchema } from '../node/config-schema.js';
import { evaluateHealth, healthWarnings } from '../node/health-check.js';
import { withAdmin } from './admin-client.js';
import { CHECK_TIMEOUT_SECONDS, NodeSilent } from './admin-deadline.js';
import { signingCertificates } from './cmd-status.js';
import { nodeOptions, type NodeArgs } from './common-options.js';
import { print, printJson } from './output.js';

export const checkCommand: CommandModule<{}, NodeArgs> = {
  command: 'check',
  describe: 'exit 0 when the node is healthy, 2 when not (store failed, link down too long, old backlog, certificate expiring or revoked, stale revocation list), 1 when it only warns (unread inbox items of an agency no longer attached, audit entries lost before this start)',
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
    let warnings: string[] = [];
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
      warnings = healthWarnings({ detachedInboxes: s.detachedInboxes, auditLoss: s.auditLoss });
    } catch (err) {
      // A node that did not answer in time is named in the message itself.
      problems = [err instanceof NodeSilent ? err.message : `${config ? `node ${node}` : `the node at ${node}`} does not answer: ${(err as Error).message}`];
    }
    if (args.json) printJson({ node, healthy: problems.length === 0 && warnings.length === 0, problems, warnings });
    else if (problems.length === 0 && warnings.length === 0) print([`OK ${node}: healthy`]);
    else print([...problems.map((p) => `CRITICAL ${node}: ${p}`), ...warnings.map((w) => `WARNING ${node}: ${w}`)]);
    if (problems.length) process.exitCode = 2;
    else if (warnings.length) process.exitCode = 1;
  },
};
