/**
 * `lienthong pki revoke | revocations | publish`: the network's revocation list. `revoke` adds a
 * certificate (or, with --renew, re-issues the list) as the next version signed by the CA, in
 * `<dir>/revocations.json`; `publish` hands a list to a running node, which checks the signature,
 * applies it and passes it down (and up) the tree; `revocations` prints a list. Both check that the
 * node ends up enforcing what was offered: a list from a copy of the CA directory that is behind
 * (older, or another list with the same version) or that would lift revocations fails, exit 1.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Argv, CommandModule } from 'yargs';
import type { PublishRevocationsResponse__Output } from '../gen/lienthong/v1/PublishRevocationsResponse.js';
import type { StatusResponse__Output } from '../gen/lienthong/v1/StatusResponse.js';
import { loadConfig } from '../node/config-load.js';
import { CERT_ROLES, type CertRole } from '../pki/identity.js';
import { compareWithEnforced, type Agreement, type EnforcedList } from '../pki/revocation-compare.js';
import { REVOCATIONS_FILE, readRevocationFile } from '../pki/revocation-file.js';
import {
  DEFAULT_NEXT_UPDATE_DAYS,
  decodeRevocationList,
  staleWarning,
  type RevocationEntry,
  type RevocationList,
  type SignedRevocationList,
} from '../pki/revocation-list.js';
import { verifyRevocationList } from '../pki/revocation-signature.js';
import { LienthongError } from '../domain/errors.js';
import { withAdmin } from './admin-client.js';
import { requireNode, timeoutOption, UsageError, wholeNumberOption } from './common-options.js';
import { DEFAULT_TIMEOUT_SECONDS } from './admin-deadline.js';
import { iso, print, printJson, table } from './output.js';

/** node-forge is heavy: loaded only when a command needs the CA. */
const pkiFiles = () => import('../pki/files.js');

interface Target {
  config: string | undefined;
  socket: string | undefined;
  timeout: number;
}

async function publish(target: Target, signed: SignedRevocationList): Promise<PublishRevocationsResponse__Output> {
  return withAdmin(target, (c) => c.call<object, PublishRevocationsResponse__Output>('PublishRevocations', { payload: signed.payload, signature: signed.signature }));
}

/**
 * What the node enforces: the summary from Status and, with --config, the list it persisted in its
 * data directory (when this user can read it and it is the one Status describes).
 */
async function enforcedAt(target: Target): Promise<EnforcedList> {
  const s = await withAdmin(target, (c) => c.call<object, StatusResponse__Output>('Status', {}));
  const r = s.revocations;
  const summary = { version: r?.version ?? 0, issuedAtMs: r?.issuedAtMs ?? 0, nextUpdateMs: r?.nextUpdateMs ?? 0, entries: r?.entries ?? 0 };
  let list: RevocationList | null = null;
  if (target.config !== undefined && target.socket === undefined && summary.version > 0) {
    try {
      const signed = readRevocationFile(join(loadConfig(target.config).node.dataDir, REVOCATIONS_FILE));
      const stored = signed ? decodeRevocationList(signed.payload) : null;
      if (stored && stored.version === summary.version && stored.issuedAtMs === summary.issuedAtMs) list = stored;
    } catch {
      // Unreadable here (another user's data directory): compare by the summary alone.
    }
  }
  return { ...summary, list };
}

function who(e: RevocationEntry): string {
  return e.code ? `${e.role} ${e.code} (serial ${e.serial})` : `certificate ${e.serial}`;
}

function whoList(entries: RevocationEntry[]): string {
  return entries.length > 3 ? `${entries.slice(0, 3).map(who).join(', ')} and ${entries.length - 3} more` : entries.map(who).join(', ');
}

interface Disagreement {
  /** "node (root.yaml)" */
  node: string;
  /** "this CA directory (pki-backup)", or the published file */
  source: string;
  /** The version offered (or held by the CA directory). */
  version: number;
  /** The certificates that had to end up revoked. */
  wanted: RevocationEntry[];
  /** What was (not) done, and what to do. */
  fix: (enforcedVersion: number) => string;
}

/** The operator's message when the node does not enforce what was offered; null when it does. */
function disagreement(a: Agreement, enforced: EnforcedList, d: Disagreement): string | null {
  const v = enforced.version;
  const missing = (m: RevocationEntry[] | null): string =>
    m === null ? (d.wanted.length ? `, which may not revoke ${whoList(d.wanted)} (give --config so its list can be read and compared)` : '') : m.length ? `, which does not revoke ${whoList(m)}` : '';
  switch (a.kind) {
    case 'same':
    case 'newer':
    case 'covered':
      return null;
    case 'conflict':
      return (
        `conflict: ${d.node} enforces a different revocation list version ${v} (issued ${iso(enforced.issuedAtMs)}, ${enforced.entries} entries) than ${d.source}${missing(a.missing)}: ` +
        `two copies of the CA directory each signed a version ${v}, and the node keeps the one it had. ${d.fix(v)}`
      );
    case 'behind':
      return (
        `${d.node} enforces revocation list version ${v}${missing(a.missing)}: ${d.source} holds ${d.version ? `version ${d.version}` : 'no list'} ` +
        `and is behind the CA directory that issued version ${v}. ${d.fix(v)}`
      );
    case 'lifts':
      if (a.lifted === null) {
        return (
          `${d.source} holds version ${d.version}, which revokes fewer certificates than the ${enforced.entries} of the version ${v} that ${d.node} enforces: ` +
          `it comes from a copy of the CA directory that missed some revocations, and publishing it would lift them (give --config, as a user who can read ` +
          `the node's data directory, to name them). ${d.fix(v)}`
        );
      }
      return (
        `${d.source} holds version ${d.version}, which lacks ${whoList(a.lifted)}, revoked by the version ${v} that ${d.node} enforces: it comes from a copy of the CA directory ` +
        `that missed those revocations, and publishing it would lift them. ${d.fix(v)}`
      );
  }
}

function published(r: PublishRevocationsResponse__Output, where: string): string {
  if (r.outcome !== 'applied') {
    return `${where} already enforces version ${r.currentVersion}${r.outcome === 'same' ? ', this very list' : `, newer than the version ${r.version} offered, and it revokes every certificate in it`}: nothing changed`;
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
  'unknown-serial-ok': boolean | undefined;
  json: boolean;
}

export const revokeCommand: CommandModule<{}, RevokeArgs> = {
  command: 'revoke',
  describe: 'revoke a certificate: the next version of the signed revocation list (and publish it to a running node)',
  builder: (y: Argv) =>
    y
      .option('dir', { type: 'string', demandOption: true, describe: 'PKI directory holding ca.crt and ca.key (the list goes to revocations.json there)' })
      .option('cert', { type: 'string', describe: 'the certificate file to revoke' })
      .option('serial', { type: 'string', describe: 'the serial number (hex) of the certificate to revoke: one the CA in --dir issued (its issued.jsonl)' })
      .option('unknown-serial-ok', {
        type: 'boolean',
        describe: 'with --serial: revoke a serial the record of issued certificates lacks (issued before the record began, or from another copy of the CA directory)',
      })
      .option('code', { type: 'string', describe: 'with --role: revoke the certificate issued in --dir for this agency code' })
      .option('role', { choices: CERT_ROLES, describe: 'with --code: node, agency or admin' })
      .option('renew', { type: 'boolean', default: false, describe: 'revoke nothing new: re-issue the list with a fresh next update (so nodes do not call it stale)' })
      .option('reason', { type: 'string', describe: 'why, for the humans reading the list (e.g. "key stolen")' })
      .option('next-update', wholeNumberOption('next-update', { default: DEFAULT_NEXT_UPDATE_DAYS, min: 1, max: 3650, describe: 'days until the next list is due; after that nodes warn (and keep enforcing it)', expect: 'a number of days from 1 to 3650' }))
      .option('config', { alias: 'c', type: 'string', describe: 'also publish the new list to this running node (its configuration file); use the root' })
      .option('socket', { type: 'string', describe: 'also publish to the node at this admin socket, instead of --config' })
      .option('timeout', timeoutOption(DEFAULT_TIMEOUT_SECONDS))
      .option('json', { type: 'boolean', default: false, describe: 'print the result as JSON' })
      .implies('unknown-serial-ok', 'serial'),
  handler: async (args) => {
    const targets = [args.cert !== undefined, args.serial !== undefined, args.code !== undefined || args.role !== undefined, args.renew].filter(Boolean).length;
    if (targets !== 1) throw new UsageError('say what to revoke: one of --cert FILE, --serial HEX, --code CODE --role ROLE, or --renew');
    if ((args.code === undefined) !== (args.role === undefined)) throw new UsageError('--code and --role go together');
    const { readRevocationsInDir, renewRevocationsInDir, revokeInDir } = await pkiFiles();
    const opts = { nextUpdateDays: args['next-update'], unknownSerialOk: args['unknown-serial-ok'] === true, ...(args.reason === undefined ? {} : { reason: args.reason }) };
    const wantsPublish = args.config !== undefined || args.socket !== undefined;
    const node = `node (${args.config ?? args.socket})`;
    const source = `this CA directory (${args.dir})`;
    const fix = (signed: boolean) => (v: number) =>
      `Nothing was revoked${signed ? ' at the node' : ' or signed'}: revoke again from the CA directory that holds version ${v}, ` +
      `or first copy its ${REVOCATIONS_FILE} into ${args.dir}${signed ? ' (replacing the version just signed there)' : ''}`;
    if (wantsPublish) {
      // Before signing: a directory that is behind the node would sign a version the node ignores,
      // or a second list with a version number already taken.
      const mine = readRevocationsInDir(args.dir)?.list ?? null;
      const enforced = await enforcedAt(args);
      const a = compareWithEnforced(mine, enforced, []);
      const what = args.renew ? 'not renewing the list' : `not revoking ${args.code !== undefined ? `${args.role} ${args.code}` : args.serial !== undefined ? `certificate ${args.serial}` : `the certificate in ${args.cert}`}`;
      const problem = disagreement(a.kind === 'covered' ? { kind: 'behind', missing: [] } : a, enforced, { node, source, version: mine?.version ?? 0, wanted: [], fix: fix(false) });
      if (problem) throw new LienthongError('INVALID_ARGUMENT', `${what}: ${problem}`);
    }
    const written = args.renew
      ? renewRevocationsInDir(args.dir, opts)
      : revokeInDir(args.dir, args.cert !== undefined ? { certFile: args.cert } : args.serial !== undefined ? { serial: args.serial } : { code: args.code!, role: args.role! }, opts);
    if (written.warning && !args.json) process.stderr.write(`warning: ${written.warning}\n`);
    const result = wantsPublish ? await publish(args, readRevocationFile(written.path)!) : null;
    // After: the node may have taken another list in between (the check above and this are not atomic).
    let problem: string | null = null;
    if (result && result.outcome !== 'applied') {
      const enforced = await enforcedAt(args);
      const a = compareWithEnforced(written.list, enforced, written.entry ? [written.entry] : []);
      problem = disagreement(a.kind === 'covered' ? { kind: 'behind', missing: [] } : a, enforced, {
        node, source, version: written.list.version, wanted: written.entry ? [written.entry] : [], fix: fix(true),
      });
    }
    if (args.json) printJson({ path: written.path, ...listJson(written.list, Date.now()), added: written.entry ?? null, published: result, ...(written.warning ? { warning: written.warning } : {}), ...(problem ? { problem } : {}) });
    if (problem) throw new LienthongError('INVALID_ARGUMENT', problem);
    if (args.json) return;
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
      .option('timeout', timeoutOption(DEFAULT_TIMEOUT_SECONDS))
      .option('json', { type: 'boolean', default: false, describe: 'print the result as JSON' })
      .check(requireNode),
  handler: async (args) => {
    if ((args.file === undefined) === (args.dir === undefined)) throw new UsageError('give the list: --file revocations.json or --dir PKI');
    const path = args.file ?? join(args.dir!, REVOCATIONS_FILE);
    const signed = readRevocationFile(path);
    if (!signed) throw new LienthongError('NOT_FOUND', `no revocation list at ${path}: make one with \`lienthong pki revoke\``);
    const offered = decodeRevocationList(signed.payload);
    const node = `node (${args.config ?? args.socket})`;
    const d = {
      node, source: path, version: offered.version, wanted: offered.entries,
      fix: (v: number) => `Nothing changed at the node: publish the list of the CA directory that holds version ${v}, and revoke there what it lacks`,
    };
    // A newer list that lacks what the node revokes would lift those revocations: refused before it is offered.
    const before = await enforcedAt(args);
    const lifts = compareWithEnforced(offered, before, offered.entries);
    if (lifts.kind === 'lifts') throw new LienthongError('INVALID_ARGUMENT', disagreement(lifts, before, d)!);
    const r = await publish(args, signed);
    let problem: string | null = null;
    if (r.outcome !== 'applied') {
      const enforced = await enforcedAt(args);
      problem = disagreement(compareWithEnforced(offered, enforced, offered.entries), enforced, d);
    }
    if (args.json) printJson({ ...r, ...(problem ? { problem } : {}) });
    if (problem) throw new LienthongError('INVALID_ARGUMENT', problem);
    if (!args.json) print(published(r, node));
  },
};
