/**
 * `lienthong pki revoke | revocations | publish`: the network's revocation list. `revoke` adds a
 * certificate (or, with --renew, re-issues the list) as the next version signed by the CA, in
 * `<dir>/revocations.json`; `publish` hands a list to a running node, which checks the signature,
 * applies it and passes it down (and up) the tree; `revocations` prints a list.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Argv, CommandModule } from 'yargs';
import type { PublishRevocationsResponse__Output } from '../gen/lienthong/v1/PublishRevocationsResponse.js';
import { CERT_ROLES, type CertRole } from '../pki/identity.js';
import { REVOCATIONS_FILE, readRevocationFile } from '../pki/revocation-file.js';
import { DEFAULT_NEXT_UPDATE_DAYS, staleWarning, type RevocationList, type SignedRevocationList } from '../pki/revocation-list.js';
import { verifyRevocationList } from '../pki/revocation-signature.js';
import { LienthongError } from '../domain/errors.js';
import { withAdmin } from './admin-client.js';
import { UsageError } from './common-options.js';
import { iso, print, printJson, table } from './output.js';

/** node-forge is heavy: loaded only when a command needs the CA. */
const pkiFiles = () => import('../pki/files.js');

interface Target {
  config: string | undefined;
  socket: string | undefined;
}

async function publish(target: Target, signed: SignedRevocationList): Promise<PublishRevocationsResponse__Output> {
  return withAdmin(target, (c) => c.call<object, PublishRevocationsResponse__Output>('PublishRevocations', { payload: signed.payload, signature: signed.signature }));
}

function published(r: PublishRevocationsResponse__Output, where: string): string {
  if (r.outcome !== 'applied') {
    return `${where} already enforces version ${r.currentVersion} (offered ${r.version}: ${r.outcome === 'same' ? 'the same version' : 'older'}), nothing changed`;
  }
  const sent = r.sentTo.length ? `passed to ${r.sentTo.join(', ')}` : 'no link up to pass it on yet (peers get it when their link comes up)';
  const dropped = r.dropped.length ? `; links closed: ${r.dropped.join(', ')}` : '';
  return `${where} applied version ${r.version}: ${sent}${dropped}`;
}

function entryRows(list: RevocationList): string[] {
  if (list.entries.length === 0) return ['no certificates revoked'];
  return table(
    ['SERIAL', 'ROLE', 'CODE', 'REVOKED', 'REASON'],
    list.entries.map((e) => [e.serial, e.role || '-', e.code || '-', iso(e.revokedAtMs), e.reason || '-']),
  );
}

function listJson(list: RevocationList, nowMs: number) {
  return {
    version: list.version,
    issuedAt: iso(list.issuedAtMs),
    nextUpdate: iso(list.nextUpdateMs),
    stale: nowMs >= list.nextUpdateMs,
    ca: list.caFingerprint256,
    entries: list.entries.map((e) => ({ ...e, revokedAt: iso(e.revokedAtMs) })),
  };
}

interface RevokeArgs extends Target {
  dir: string;
  cert: string | undefined;
  serial: string | undefined;
  code: string | undefined;
  role: CertRole | undefined;
  renew: boolean;
  reason: string | undefined;
  'next-update': number;
  json: boolean;
}

export const revokeCommand: CommandModule<{}, RevokeArgs> = {
  command: 'revoke',
  describe: 'revoke a certificate: the next version of the signed revocation list (and publish it to a running node)',
  builder: (y: Argv) =>
    y
      .option('dir', { type: 'string', demandOption: true, describe: 'PKI directory holding ca.crt and ca.key (the list goes to revocations.json there)' })
      .option('cert', { type: 'string', describe: 'the certificate file to revoke' })
      .option('serial', { type: 'string', describe: 'the serial number (hex) of the certificate to revoke' })
      .option('code', { type: 'string', describe: 'with --role: revoke the certificate issued in --dir for this agency code' })
      .option('role', { choices: CERT_ROLES, describe: 'with --code: node, agency or admin' })
      .option('renew', { type: 'boolean', default: false, describe: 'revoke nothing new: re-issue the list with a fresh next update (so nodes do not call it stale)' })
      .option('reason', { type: 'string', describe: 'why, for the humans reading the list (e.g. "key stolen")' })
      .option('next-update', { type: 'number', default: DEFAULT_NEXT_UPDATE_DAYS, describe: 'days until the next list is due; after that nodes warn (and keep enforcing it)' })
      .option('config', { alias: 'c', type: 'string', describe: 'also publish the new list to this running node (its configuration file); use the root' })
      .option('socket', { type: 'string', describe: 'also publish to the node at this admin socket, instead of --config' })
      .option('json', { type: 'boolean', default: false, describe: 'print the result as JSON' }),
  handler: async (args) => {
    const targets = [args.cert !== undefined, args.serial !== undefined, args.code !== undefined || args.role !== undefined, args.renew].filter(Boolean).length;
    if (targets !== 1) throw new UsageError('say what to revoke: one of --cert FILE, --serial HEX, --code CODE --role ROLE, or --renew');
    if ((args.code === undefined) !== (args.role === undefined)) throw new UsageError('--code and --role go together');
    const { renewRevocationsInDir, revokeInDir } = await pkiFiles();
    const opts = { nextUpdateDays: args['next-update'], ...(args.reason === undefined ? {} : { reason: args.reason }) };
    const written = args.renew
      ? renewRevocationsInDir(args.dir, opts)
      : revokeInDir(args.dir, args.cert !== undefined ? { certFile: args.cert } : args.serial !== undefined ? { serial: args.serial } : { code: args.code!, role: args.role! }, opts);
    const wantsPublish = args.config !== undefined || args.socket !== undefined;
    const result = wantsPublish ? await publish(args, readRevocationFile(written.path)!) : null;
    if (args.json) return printJson({ path: written.path, ...listJson(written.list, Date.now()), added: written.entry ?? null, published: result });
    const e = written.entry;
    const what = e ? `revoked ${e.role ? `${e.role} certificate for ${e.code}` : 'certificate'} (serial ${e.serial})` : 'renewed the revocation list';
    print([
      `${what}: revocation list version ${written.list.version} (${written.list.entries.length} entr${written.list.entries.length === 1 ? 'y' : 'ies'}) written to ${written.path}, next update due ${iso(written.list.nextUpdateMs)}`,
      result
        ? published(result, `node (${args.config ?? args.socket})`)
        : `next: publish it at the root node with \`lienthong pki publish --config NODE.yaml --file ${written.path}\` (or give --config to this command)`,
    ]);
  },
};

interface RevocationsArgs {
  dir: string | undefined;
  file: string | undefined;
  ca: string | undefined;
  json: boolean;
}

export const revocationsCommand: CommandModule<{}, RevocationsArgs> = {
  command: 'revocations',
  describe: 'print a revocation list (the one in a PKI directory, or any revocations.json) after checking its signature',
  builder: (y: Argv) =>
    y
      .option('dir', { type: 'string', describe: 'PKI directory: its revocations.json, checked with its ca.crt' })
      .option('file', { type: 'string', describe: 'a revocations.json (e.g. in a node\'s data directory), checked with --ca' })
      .option('ca', { type: 'string', describe: 'with --file: the CA certificate to check the signature with (tls.ca)' })
      .option('json', { type: 'boolean', default: false, describe: 'print the result as JSON' }),
  handler: async (args) => {
    if ((args.dir === undefined) === (args.file === undefined)) throw new UsageError('give --dir PKI or --file revocations.json --ca ca.crt');
    if (args.file !== undefined && args.ca === undefined) throw new UsageError('--file needs --ca, the CA certificate whose signature it must carry');
    let list: RevocationList | null;
    let path: string;
    if (args.dir !== undefined) {
      const { readRevocationsInDir } = await pkiFiles();
      path = join(args.dir, REVOCATIONS_FILE);
      list = readRevocationsInDir(args.dir)?.list ?? null;
    } else {
      path = args.file!;
      const signed = readRevocationFile(path);
      let ca: string;
      try {
        ca = readFileSync(args.ca!, 'utf8');
      } catch (err) {
        throw new LienthongError('CERTIFICATE_INVALID', `cannot read the CA certificate ${args.ca}: ${(err as Error).message}`, { cause: err });
      }
      list = signed ? verifyRevocationList(signed, ca) : null;
    }
    if (!list) {
      if (args.json) return printJson(null);
      return print(`no revocation list at ${path}: nothing was revoked yet (\`lienthong pki revoke --dir DIR ...\` makes one)`);
    }
    const nowMs = Date.now();
    if (args.json) return printJson({ path, ...listJson(list, nowMs) });
    const stale = staleWarning(list, nowMs);
    print([
      `revocation list ${path}: version ${list.version}, signed by the network CA (${list.caFingerprint256.slice(0, 23)}…)`,
      `issued ${iso(list.issuedAtMs)}, next update due ${iso(list.nextUpdateMs)}${stale ? ' (STALE)' : ''}`,
      ...(stale ? [`warning: ${stale}`] : []),
      '',
      ...entryRows(list),
    ]);
  },
};

interface PublishArgs extends Target {
  file: string | undefined;
  dir: string | undefined;
  json: boolean;
}

export const publishCommand: CommandModule<{}, PublishArgs> = {
  command: 'publish',
  describe: 'hand a signed revocation list to a running node (the root): it checks the signature, applies it and passes it on over its links',
  builder: (y: Argv) =>
    y
      .option('file', { type: 'string', describe: 'the revocations.json to publish' })
      .option('dir', { type: 'string', describe: 'publish the revocations.json of this PKI directory' })
      .option('config', { alias: 'c', type: 'string', describe: 'the node\'s configuration file (locates its admin socket)' })
      .option('socket', { type: 'string', describe: 'the node\'s admin socket, instead of --config' })
      .option('json', { type: 'boolean', default: false, describe: 'print the result as JSON' }),
  handler: async (args) => {
    if ((args.file === undefined) === (args.dir === undefined)) throw new UsageError('give the list: --file revocations.json or --dir PKI');
    const path = args.file ?? join(args.dir!, REVOCATIONS_FILE);
    const signed = readRevocationFile(path);
    if (!signed) throw new LienthongError('NOT_FOUND', `no revocation list at ${path}: make one with \`lienthong pki revoke\``);
    const r = await publish(args, signed);
    if (args.json) return printJson(r);
    print(published(r, `node (${args.config ?? args.socket})`));
  },
};
