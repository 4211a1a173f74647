/**
 * `lienthong pki <init|issue|show|list|revoke|revocations|publish>`: the network CA, the certificates
 * it issues and the list of those it revoked.
 * A thin shell over src/pki; text by default, `--json` for scripts. Errors are thrown as
 * LienthongError and printed by the main CLI.
 */
import type { X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Argv, CommandModule } from 'yargs';
import { LienthongError } from '../domain/errors.js';
import { CA_CERT_FILE, DEFAULT_CA_COMMON_NAME, DEFAULT_CA_DAYS, DEFAULT_LEAF_DAYS } from '../pki/defaults.js';
import { CERT_ROLES, checkExpiry, identityFromPem, parseCertificate, type CertRole } from '../pki/identity.js';
import { wholeNumberOption } from './common-options.js';
import { revocationsCommand, revokeCommand, publishCommand } from './cmd-pki-revoke.js';

const WARN_DAYS = 30;

/** node-forge is heavy: loaded only when a pki command runs, not by every `lienthong` start. */
const pkiFiles = () => import('../pki/files.js');

function out(lines: string[]): void {
  process.stdout.write(lines.join('\n') + '\n');
}

function outJson(value: unknown): void {
  process.stdout.write(JSON.stringify(value, null, 2) + '\n');
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}

interface InitArgs { dir: string; cn: string; days: number; force: boolean; json: boolean }

const initCommand: CommandModule<{}, InitArgs> = {
  command: 'init',
  describe: 'create the network CA (ca.crt, ca.key) in a PKI directory',
  builder: (y: Argv) =>
    y
      .option('dir', { type: 'string', demandOption: true, describe: 'PKI directory to create the CA in' })
      .option('cn', { type: 'string', default: DEFAULT_CA_COMMON_NAME, describe: 'common name of the CA certificate' })
      .option('days', wholeNumberOption('days', { default: DEFAULT_CA_DAYS, min: 1, max: 36_500, describe: 'validity of the CA certificate, in days', expect: 'a number of days from 1 to 36500' }))
      .option('force', { type: 'boolean', default: false, describe: 'replace an existing CA (its certificates stop being trusted)' })
      .option('json', { type: 'boolean', default: false, describe: 'print the result as JSON' }),
  handler: async (args) => {
    const { initPkiDir, loadCaCert } = await pkiFiles();
    const written = initPkiDir(args.dir, { commonName: args.cn, validDays: args.days, force: args.force });
    const notAfterMs = Date.parse(parseCertificate(loadCaCert(args.dir), 'CA certificate').validTo);
    if (args.json) return outJson({ ...written, commonName: args.cn.trim(), notAfter: iso(notAfterMs) });
    out([
      `network CA "${args.cn.trim()}" written to ${written.certPath} (key: ${written.keyPath}, mode 0600; keep it offline), valid until ${iso(notAfterMs)}`,
      `next: issue a node certificate with \`lienthong pki issue --dir ${args.dir} --code CODE --role node\``,
    ]);
  },
};

interface IssueArgs { dir: string; code: string; role: CertRole; days: number; dns: string[] | undefined; ip: string[] | undefined; out: string | undefined; json: boolean }

const NEXT_STEP: Record<CertRole, string> = {
  node: 'point the node\'s TLS settings at these files and at',
  agency: 'hand these files to the agency\'s document software, together with',
  admin: 'give these files to the operator tools, together with',
};

const issueCommand: CommandModule<{}, IssueArgs> = {
  command: 'issue',
  describe: 'issue a certificate for a node, agency or admin, signed by the network CA',
  builder: (y: Argv) =>
    y
      .option('dir', { type: 'string', demandOption: true, describe: 'PKI directory holding ca.crt and ca.key' })
      .option('code', { type: 'string', demandOption: true, describe: 'agency code bound into the certificate, e.g. 000.00.24.H44' })
      .option('role', { choices: CERT_ROLES, demandOption: true, describe: 'node (relay daemon), agency (document software) or admin' })
      .option('days', wholeNumberOption('days', { default: DEFAULT_LEAF_DAYS, min: 1, max: 36_500, describe: 'validity of the certificate, in days', expect: 'a number of days from 1 to 36500' }))
      .option('dns', { type: 'string', array: true, describe: 'extra DNS name for a node certificate (localhost is always included)' })
      .option('ip', { type: 'string', array: true, describe: 'extra IP address for a node certificate (127.0.0.1 is always included)' })
      .option('out', { type: 'string', describe: 'directory to write the pair to (default: --dir)' })
      .option('json', { type: 'boolean', default: false, describe: 'print the result as JSON' }),
  handler: async (args) => {
    const { issueToDir } = await pkiFiles();
    const issued = issueToDir(args.dir, {
      code: args.code,
      role: args.role,
      validDays: args.days,
      dnsNames: args.dns ?? [],
      ips: args.ip ?? [],
      ...(args.out === undefined ? {} : { outDir: args.out }),
    });
    const { identity } = issued;
    if (args.json) {
      return outJson({ ...issued, notBefore: iso(identity.notBeforeMs), notAfter: iso(identity.notAfterMs) });
    }
    out([
      `${identity.role} certificate for ${identity.code} written to ${issued.certPath} (key: ${issued.keyPath}, mode 0600)` +
        `${issued.replaced ? ', replacing the previous pair' : ''}, valid until ${iso(identity.notAfterMs)}`,
      `next: ${NEXT_STEP[identity.role]} ${join(args.dir, CA_CERT_FILE)}`,
    ]);
  },
};

interface ShowArgs { file: string; json: boolean }

const showCommand: CommandModule<{}, ShowArgs> = {
  command: 'show <file>',
  describe: 'print the lienthong identity and validity of a certificate file',
  builder: (y: Argv) =>
    y
      .positional('file', { type: 'string', demandOption: true, describe: 'PEM certificate file (.crt)' })
      .option('json', { type: 'boolean', default: false, describe: 'print the result as JSON' }),
  handler: (args) => {
    let pem: string;
    try {
      pem = readFileSync(args.file, 'utf8');
    } catch (err) {
      throw new LienthongError('CERTIFICATE_INVALID', `cannot read certificate ${args.file}: ${(err as Error).message}`, { cause: err });
    }
    const x509 = parseCertificate(pem, `certificate ${args.file}`);
    if (x509.ca) return showCa(args, x509);
    const identity = identityFromPem(pem);
    const expiry = checkExpiry(identity, Date.now(), WARN_DAYS);
    if (args.json) {
      return outJson({ file: args.file, ...identity, notBefore: iso(identity.notBeforeMs), notAfter: iso(identity.notAfterMs), ...expiry });
    }
    out([
      `file         ${args.file}`,
      `code         ${identity.code}`,
      `role         ${identity.role}`,
      `serial       ${identity.serial}`,
      `valid from   ${iso(identity.notBeforeMs)}`,
      `valid until  ${iso(identity.notAfterMs)}`,
      `fingerprint  ${identity.fingerprint256}`,
      `status       ${expiry.expired ? 'EXPIRED' : expiry.expiresSoon ? `EXPIRES WITHIN ${WARN_DAYS} DAYS` : 'ok'}: ${expiry.message}`,
    ]);
  },
};

/** A CA certificate (the network's ca.crt) has no lienthong identity: its subject and validity. */
function showCa(args: ShowArgs, x509: X509Certificate): void {
  const notBeforeMs = Date.parse(x509.validFrom);
  const notAfterMs = Date.parse(x509.validTo);
  const nowMs = Date.now();
  const daysLeft = Math.ceil((notAfterMs - nowMs) / 86_400_000);
  const expired = nowMs >= notAfterMs;
  const expiresSoon = !expired && daysLeft <= WARN_DAYS;
  const message = expired
    ? `the network CA expired on ${iso(notAfterMs).slice(0, 10)}: no node trusts any certificate it issued`
    : `the network CA is valid until ${iso(notAfterMs).slice(0, 10)} (${daysLeft} day(s) left)${expiresSoon ? ': every certificate it issued stops being trusted then' : ''}`;
  const subject = x509.subject.replace(/\n/g, ', ');
  if (args.json) {
    return outJson({ file: args.file, role: 'ca', subject, serial: x509.serialNumber.toUpperCase(), notBefore: iso(notBeforeMs), notAfter: iso(notAfterMs), fingerprint256: x509.fingerprint256, expired, expiresSoon, message });
  }
  out([
    `file         ${args.file}`,
    `role         network CA (${subject})`,
    `serial       ${x509.serialNumber.toUpperCase()}`,
    `valid from   ${iso(notBeforeMs)}`,
    `valid until  ${iso(notAfterMs)}`,
    `fingerprint  ${x509.fingerprint256}`,
    `status       ${expired ? 'EXPIRED' : expiresSoon ? `EXPIRES WITHIN ${WARN_DAYS} DAYS` : 'ok'}: ${message}`,
  ]);
}

interface ListArgs { dir: string; json: boolean }

const listCommand: CommandModule<{}, ListArgs> = {
  command: 'list',
  describe: 'list the certificates in a PKI directory with their expiry',
  builder: (y: Argv) =>
    y
      .option('dir', { type: 'string', demandOption: true, describe: 'PKI directory to list' })
      .option('json', { type: 'boolean', default: false, describe: 'print the result as JSON' }),
  handler: async (args) => {
    const { listPkiDir } = await pkiFiles();
    const listing = listPkiDir(args.dir, Date.now(), WARN_DAYS);
    if (args.json) return outJson(listing);
    if (listing.certificates.length === 0 && listing.skipped.length === 0) {
      return out([`no certificates in ${args.dir}: issue one with \`lienthong pki issue --dir ${args.dir} --code CODE --role node\``]);
    }
    const lines = listing.certificates.map(({ path, identity, expiry, issuedByCa, revoked }) => {
      const status = revoked ? 'REVOKED' : expiry.expired ? 'EXPIRED' : expiry.expiresSoon ? 'EXPIRES-SOON' : 'ok';
      const foreign = issuedByCa ? '' : '  NOT ISSUED BY THIS CA';
      return `${identity.role.padEnd(6)}  ${identity.code.padEnd(13)}  until ${iso(identity.notAfterMs).slice(0, 10)}  ${status.padEnd(12)}  ${path}${foreign}`;
    });
    for (const s of listing.skipped) lines.push(`skipped ${s.path}: ${s.reason}`);
    for (const c of listing.certificates) if (!c.revoked && (c.expiry.expired || c.expiry.expiresSoon)) lines.push(`warning: ${c.expiry.message}`);
    out(lines);
  },
};

export const pkiCommand: CommandModule = {
  command: 'pki',
  describe: 'manage the network CA and the certificates of nodes and agencies',
  builder: (y: Argv) =>
    y
      .command(initCommand)
      .command(issueCommand)
      .command(showCommand)
      .command(listCommand)
      .command(revokeCommand)
      .command(revocationsCommand)
      .command(publishCommand)
      .demandCommand(1, 'choose a subcommand: init, issue, show, list, revoke, revocations or publish')
      .strict(),
  handler: () => {
    // Never reached: demandCommand(1) requires one of the subcommands above.
  },
};
