/** `lienthong status`: the node's code and level, uptime, certificates, revocation list, links, outbox and counters. */
import type { Argv, CommandModule } from 'yargs';
import type { StatusResponse__Output } from '../gen/lienthong/v1/StatusResponse.js';
import { loadConfig } from '../node/config-load.js';
import { CA_ACTION, certificateWarnings, clockProblems, healthWarnings, refusedLinkProblem, staleClockHint, storeFaultProblem, type SeenCertificate } from '../node/health-check.js';
import { withAdmin } from './admin-client.js';
import { nodeOptions, type NodeArgs } from './common-options.js';
import { age, iso, print, printJson, table } from './output.js';

const DEFAULT_WARNING_MS = 30 * 86_400_000;

/**
 * This node's, the CA's, each signing agency's, each agency's client certificate (as presented on its
 * calls) and each peer's (as seen on its link), for the warnings.
 */
export function seenCertificates(s: StatusResponse__Output): SeenCertificate[] {
  const certs: SeenCertificate[] = [];
  if (s.certificate) {
    certs.push({
      what: `this node's certificate (${s.certificate.subject})`,
      notAfterMs: s.certificate.notAfterMs,
      revoked: s.certificate.revoked,
      action: `issue a new one with \`lienthong pki issue --code ${s.nodeCode} --role node\` and restart the node with it`,
    });
  }
  if (s.caCertificate) certs.push({ what: `the network CA certificate (${s.caCertificate.subject})`, notAfterMs: s.caCertificate.notAfterMs, action: CA_ACTION });
  certs.push(...signingCertificates(s.signingCertificates));
  certs.push(...agencyCertificates(s.agencyCertificates ?? []));
  for (const l of s.links) {
    const c = l.peerCertificate;
    if (!c) continue;
    certs.push({
      what: `${l.role} ${l.peerCode}'s certificate (serial ${c.serial}, as seen on its link)`,
      notAfterMs: c.notAfterMs,
      revoked: c.revoked,
      action: c.revoked ? 'the link is refused until it presents a new certificate' : `ask the operator of ${l.peerCode} to renew it with \`lienthong pki issue\``,
    });
  }
  return certs;
}

/**
 * The certificates of the agencies the node signs for: it refuses to sign with a revoked or expired
 * one, and signs with one that merely expires soon.
 */
export function signingCertificates(list: readonly { subject: string; notAfterMs: number; serial: string; revoked: boolean }[]): SeenCertificate[] {
  return list.map((c) => {
    const code = c.subject.replace(/^agency /, '');
    const renew = `issue a new one with \`lienthong pki issue --role agency --code ${code}\` and put it under signing.agencyKeys`;
    return {
      what: `the signing certificate of ${c.subject} (serial ${c.serial}, signing.agencyKeys)`,
      notAfterMs: c.notAfterMs,
      revoked: c.revoked,
      action: `the node refuses to sign for it: ${renew}`,
      soonAction: `the node still signs with it, and refuses to once it has expired: ${renew} before then`,
    };
  });
}

/** Client certificates agencies presented on their calls (the latest per agency, since the node started). */
export function agencyCertificates(list: readonly { subject: string; notAfterMs: number; serial: string; revoked: boolean }[]): SeenCertificate[] {
  return list.map((c) => {
    const code = c.subject.replace(/^agency /, '');
    const renew = `ask agency ${code} to install a new one from the network CA (\`lienthong pki issue --role agency --code ${code}\`) in its software`;
    return {
      what: `${c.subject}'s client certificate (serial ${c.serial}, as presented on its calls)`,
      notAfterMs: c.notAfterMs,
      revoked: c.revoked,
      action: `this node refuses its calls: ${renew}`,
      soonAction: `this node refuses its calls once it has expired: ${renew} before then`,
    };
  });
}

function revocationLine(s: StatusResponse__Output): string {
  const r = s.revocations;
  const refused = r && r.refused ? `; ${r.refused} invalid list(s) refused, last ${r.lastRefusal}` : '';
  if (!r || !r.version) return `revocation list: none (nothing revoked yet)${refused}`;
  return `revocation list: version ${r.version}, ${r.entries} revoked, issued ${iso(r.issuedAtMs)}, next update due ${iso(r.nextUpdateMs)}${r.stale ? ' (STALE: still enforced)' : ''}${refused}`;
}

/**
 * Everything `status` warns of: certificates, a stale revocation list, peers' clocks, and what
 * `check` reports as WARNING (unread inbox items of an agency no longer attached), in its words.
 */
export function statusWarnings(s: StatusResponse__Output, nowMs: number, warningMs = DEFAULT_WARNING_MS): string[] {
  const warnings = certificateWarnings(seenCertificates(s), nowMs, warningMs);
  if (s.revocations?.stale) {
    warnings.push(
      `revocation list version ${s.revocations.version} is stale: publish a new one (\`lienthong pki revoke --dir PKI --renew\`, then \`lienthong pki publish\`)` +
        staleClockHint(s.revocations.nextUpdateMs, s.links, nowMs),
    );
  }
  warnings.push(...clockProblems(s.links));
  for (const l of s.links) {
    // A peer refused for its revoked certificate, or a node whose own is revoked: the certificate warnings above say it.
    const refused = l.peerCertificate?.revoked || s.certificate?.revoked ? null : refusedLinkProblem(l);
    if (refused) warnings.push(refused);
  }
  warnings.push(...healthWarnings({ detachedInboxes: s.detachedInboxes, auditLoss: s.auditLoss }));
  return warnings;
}

export function statusLines(s: StatusResponse__Output, nowMs: number, warningMs = DEFAULT_WARNING_MS): string[] {
  const counters = Object.fromEntries(s.counters.map((c) => [c.name, c.value]));
  const warnings = statusWarnings(s, nowMs, warningMs);
  const lines = [
    `node ${s.nodeCode} (code of level ${s.level}), version ${s.version}${s.draining ? ', DRAINING' : ''}`,
    ...(s.storeFault ? [`ERROR: ${storeFaultProblem(s.storeFault)}`] : s.storeFull ? [`ERROR: store refuses new documents: ${s.storeFull}`] : []),
    `listening on ${s.listenAddress}, up ${age(nowMs - s.startedAtMs)} (since ${iso(s.startedAtMs)})`,
    `certificate ${s.certificate?.subject ?? '-'} valid until ${iso(s.certificate?.notAfterMs ?? 0)}${s.certificate?.revoked ? ' (REVOKED)' : ''}, CA valid until ${iso(s.caCertificate?.notAfterMs ?? 0)}`,
    revocationLine(s),
    `accepted ${counters.accepted ?? 0}, forwarded ${counters.forwarded ?? 0}, delivered ${counters.delivered ?? 0}, expired ${counters.expired ?? 0}, failed ${counters.failed ?? 0}, refused ${counters.refused ?? 0}, duplicates ${counters.duplicates ?? 0}`,
    `outbox ${s.outboxTotal} entr${s.outboxTotal === 1 ? 'y' : 'ies'}, inbox ${s.inboxUnacknowledged} unacknowledged`,
    ...warnings.map((w) => `warning: ${w}`),
    '',
  ];
  if (s.links.length === 0) return [...lines, 'no links configured'];
  return [
    ...lines,
    ...table(
      ['PEER', 'ROLE', 'STATE', 'SINCE', 'OUTBOX', 'OLDEST', 'INFLIGHT', 'RECONNECTS', 'CERT UNTIL', 'LAST ERROR'],
      s.links.map((l) => [
        l.peerCode, l.role, l.state, `${age(nowMs - l.sinceMs)} ago`, l.outboxDepth,
        l.oldestMs ? age(nowMs - l.oldestMs) : '-', l.inflight, l.reconnects,
        l.peerCertificate ? `${iso(l.peerCertificate.notAfterMs).slice(0, 10)}${l.peerCertificate.revoked ? ' REVOKED' : ''}` : '-',
        l.lastError || '-',
      ]),
    ),
  ];
}

export const statusCommand: CommandModule<{}, NodeArgs> = {
  command: 'status',
  describe: 'show a running node: certificates and revocation list, links, outbox depth, counters',
  builder: (y: Argv) => nodeOptions(y),
  handler: async (args) => {
    const s = await withAdmin(args, (c) => c.call<object, StatusResponse__Output>('Status', {}));
    const nowMs = Date.now();
    const warningMs = args.config ? loadConfig(args.config).check.certificateWarning : DEFAULT_WARNING_MS;
    if (args.json) printJson({ ...s, warnings: statusWarnings(s, nowMs, warningMs) });
    else print(statusLines(s, nowMs, warningMs));
  },
};
