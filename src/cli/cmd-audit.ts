/**
 * `lienthong audit verify` and `lienthong audit export`: read a node's audit log straight from its
 * database, read-only (works while the node runs, and on a copy or a backup).
 */
import { once } from 'node:events';
import { createWriteStream, openSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Writable } from 'node:stream';
import type { Argv, CommandModule } from 'yargs';
import type { AuditCheckpoint } from '../audit/audit-checkpoint.js';
import { CHECKPOINT_GRACE_MS } from '../audit/audit-checkpoint-policy.js';
import type { AuditEntry } from '../audit/audit-entry.js';
import { parseSince } from '../audit/audit-since.js';
import { verifyAudit, type AuditReport } from '../audit/audit-verify.js';
import type { AuditHeadRecord } from '../audit/audit-head-loss.js';
import { AUDIT_CHECKPOINT_EVERY_MS } from '../node/audit-checkpoints.js';
import { AUDIT_HEAD_FILE, auditHeadPath, readAuditHead } from '../node/audit-head-file.js';
import { loadConfig } from '../node/config-load.js';
import { identityFromPem, verifyIssuedBy } from '../pki/identity.js';
import { AuditReader } from '../store/sqlite/audit-reader.js';
import { UsageError } from './common-options.js';
import { fileError } from './file-errors.js';
import { iso, print, printJson } from './output.js';

interface StoreArgs {
  'data-dir': string | undefined;
  config: string | undefined;
}

interface VerifyArgs extends StoreArgs {
  ca: string | undefined;
  anchor: string[] | undefined;
  json: boolean;
}

/** `SEQ:HASH`, as the node logs checkpoints and verify prints the newest entry. */
function parseAnchor(text: string): { seq: number; hash: string } {
  const m = /^(\d+):([0-9a-fA-F]{64})$/.exec(text.trim());
  if (!m) throw new UsageError(`--anchor "${text}" is not SEQ:HASH (an entry number, a colon and its 64-hex-digit hash, as in the node's "audit log checkpoint signed" log lines)`);
  return { seq: Number(m[1]), hash: m[2]!.toLowerCase() };
}

interface ExportArgs extends StoreArgs {
  since: string;
  out: string | undefined;
  json: boolean;
}

/** Where the log is, and what a checkpoint signer must be (from the configuration, when given). */
interface Located {
  path: string;
  /** The node's record of its newest checkpoint, outside the database (audit-head.json). */
  headPath: string;
  nodeCode: string | null;
  caPem: string | null;
  /** Where caPem came from, for messages. */
  caSource: string;
}

/** The CA certificate that checkpoint signers must chain to. */
function readCa(path: string, given: boolean): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (err) {
    throw fileError(err, 'read', `the CA certificate ${given ? `--ca ${path}` : `${path} (tls.ca)`}`, 'CERTIFICATE_INVALID');
  }
}

function locate(args: StoreArgs & { ca?: string | undefined }): Located {
  const dataDir = args['data-dir'];
  if (args.config !== undefined) {
    const c = loadConfig(args.config);
    const ca = args.ca ?? c.tls.ca;
    return { path: c.databasePath, headPath: auditHeadPath(c.node.dataDir), nodeCode: c.node.code, caPem: readCa(ca, args.ca !== undefined), caSource: ca };
  }
  return { path: join(dataDir!, 'lienthong.sqlite'), headPath: auditHeadPath(dataDir!), nodeCode: null, caPem: args.ca ? readCa(args.ca, true) : null, caSource: args.ca ?? '' };
}

function storeOptions<T>(y: Argv<T>): Argv<T & StoreArgs> {
  return y
    .option('data-dir', { type: 'string', describe: 'the node\'s data directory (node.dataDir), holding lienthong.sqlite' })
    .option('config', { alias: 'c', type: 'string', describe: 'the node\'s configuration file, instead of --data-dir (also gives the CA and the node code to check signers against)' })
    .check((a) => {
      if ((a['data-dir'] === undefined) === (a.config === undefined)) {
        throw new UsageError('give the node\'s data directory with --data-dir, or its configuration with --config (one of them)');
      }
      return true;
    }) as unknown as Argv<T & StoreArgs>;
}

/** Who may sign: a node certificate for this node's code, issued by the network CA (when known). */
function signerTrust(where: Located): (pem: string, c: AuditCheckpoint) => string | null {
  return (pem, c) => {
    const id = identityFromPem(pem);
    if (id.role !== 'node' || id.code !== c.nodeCode) return `it is the ${id.role} certificate of ${id.code}, but the checkpoint is for node ${c.nodeCode}`;
    if (where.nodeCode !== null && c.nodeCode !== where.nodeCode) return `the checkpoint names node ${c.nodeCode}, but this is the store of ${where.nodeCode}`;
    if (where.caPem !== null && !verifyIssuedBy(pem, where.caPem)) {
      return `certificate of ${id.code} was not issued by the CA given (${where.caSource}): if that is not this network's CA, run again with the right one (--ca, or --config of the node); if it is, the checkpoint was forged`;
    }
    return null;
  };
}

function reportLines(r: AuditReport, where: Located, head: AuditHeadRecord | null): string[] {
  const anchor = r.lastCheckpoint
    ? `${r.checkpoints} signed checkpoint${r.checkpoints === 1 ? '' : 's'}, the newest covering entry ${r.lastCheckpoint.seq} (${iso(r.lastCheckpoint.atMs)})`
    : 'no signed checkpoint yet';
  if (!r.problem && r.lostFound.length > 0) {
    return [
      `audit log NOT INTACT: the node recorded, when it started, that the store had lost entries it had committed`,
      ...r.lostFound.map((l) => `  entry ${l.seq} (${iso(l.atMs)}): entries ${l.fromSeq}-${l.toSeq} lost: ${l.detail}`),
      ...(r.missingCheckpoint ? [`  also: ${r.missingCheckpoint.detail}`] : []),
      ...r.unsignedFound.map((u) => `  also, entry ${u.seq} (${iso(u.atMs)}): at a start, the node found entries ${u.fromSeq}-${u.toSeq} unsigned`),
      `  the chain that is left checks out: ${r.entries} entr${r.entries === 1 ? 'y' : 'ies'}, ${anchor}`,
      'what to do: what the lost entries recorded is gone from this node (an earlier `lienthong audit export`, a backup or the node\'s log may still hold it); ' +
        'documents acknowledged in that window may be lost: compare with the neighbours\' audit logs and outboxes (`lienthong trace` there) and have the senders send again what is missing. ' +
        `This stays reported: keep the report with ${where.path} as the record of the loss`,
    ];
  }
  const gap = r.missingCheckpoint;
  if (!r.problem && gap) {
    const range = gap.fromSeq === gap.toSeq ? `entry ${gap.fromSeq} has` : `entries ${gap.fromSeq} to ${gap.toSeq} have`;
    return [
      `audit log NOT ANCHORED: ${range} no signed checkpoint although they should (checkpoints missing)`,
      `  ${gap.detail}`,
      // Findings the node recorded at earlier starts stand too.
      ...r.unsignedFound.map((u) => `  also, entry ${u.seq} (${iso(u.atMs)}): at a start, the node found entries ${u.fromSeq}-${u.toSeq} unsigned`),
      gap.fromSeq > 1 ? `  entries 1 to ${gap.fromSeq - 1} check out (${anchor})` : `  no entry can be vouched for (${anchor})`,
      `what to do: treat entry ${gap.fromSeq} and everything after it as unproven until an anchor kept outside the database vouches for it; ` +
        `keep a copy of ${where.path} as evidence and find out who could write to that file. Starting the node signs what the log holds by then ` +
        '(when the node kept writing without signing, it first records this finding in the log, and verify goes on reporting it), ' +
        'so do that once you know it stopped abruptly and nobody touched the file since, or once the copy is kept',
    ];
  }
  if (!r.problem && r.unsignedFound.length > 0) {
    const found = r.unsignedFound.map((u) => `  entry ${u.seq} (${iso(u.atMs)}): at a start, the node found entries ${u.fromSeq}-${u.toSeq} unsigned: ${u.detail}`);
    const first = Math.min(...r.unsignedFound.map((u) => u.fromSeq));
    return [
      `audit log NOT ANCHORED: the node recorded, when it started, entries that had lost their signed checkpoints`,
      ...found,
      `  the chain itself checks out: ${r.entries} entr${r.entries === 1 ? 'y' : 'ies'}, ${anchor}`,
      `what to do: treat entries ${first} on as unproven until an anchor kept outside the database from before that start vouches for them (--anchor SEQ:HASH from an "audit log checkpoint signed" line the node logged before ${iso(r.unsignedFound[0]!.atMs)}, or an earlier verify; later lines anchor what the node signed over the doubtful entries); ` +
        `keep a copy of ${where.path} as evidence and find out who could write to that file`,
    ];
  }
  if (!r.problem) {
    const lines = [
      `audit log intact: ${r.entries} entr${r.entries === 1 ? 'y' : 'ies'}${r.entries ? ` (1 to ${r.lastSeq})` : ''}, ${anchor}`,
      r.lastCheckpoint
        // A checkpoint is signed in a synced commit, so its entry survives a power cut; the newest
        // entries may not yet (acknowledgements from next hops commit without an fsync of their own).
        ? `anchor ${r.lastCheckpoint.seq}:${r.lastCheckpoint.hash} (the newest signed checkpoint's entry: keep it elsewhere and pass it later as --anchor to prove nothing up to it changed)`
        : `newest entry ${r.lastSeq}:${r.lastHash || '-'} (no checkpoint yet; keep it elsewhere and pass it later as --anchor to prove nothing up to it changed)`,
    ];
    if (r.unanchored > 0) lines.push(`${r.unanchored} entr${r.unanchored === 1 ? 'y' : 'ies'} after the newest checkpoint: removing those from the end would not show (a running node signs one every few seconds)`);
    if (head !== null) lines.push(`checked against ${where.headPath}: the node's record of its newest checkpoint (entry ${head.seq}, ${iso(head.atMs)}) matches the log`);
    else lines.push(`no ${AUDIT_HEAD_FILE} beside the store: a store that lost its newest entries with their checkpoints (a deleted WAL, an older copy) cannot be told here; pass --anchor`);
    if (where.caPem === null) lines.push('checkpoint signers were not checked against the network CA: give --config or --ca to check them');
    return lines;
  }
  const p = r.problem;
  return [
    `audit log TAMPERED: first bad entry ${p.seq} (${p.kind})`,
    `  ${p.detail}`,
    p.seq > 1 ? `  entries 1 to ${p.seq - 1} check out (${anchor})` : `  no entry before it can be vouched for (${anchor})`,
    `what to do: treat entry ${p.seq} and everything after it as untrusted; keep a copy of ${where.path} as evidence, ` +
      'compare with an earlier `lienthong audit export` or a backup of the data directory, and find out who could write to that file',
  ];
}

const verifyCommand: CommandModule<{}, VerifyArgs> = {
  command: 'verify',
  describe: 'check the audit log\'s hash chain and signed checkpoints (and the node\'s record of its newest checkpoint, audit-head.json, when beside the store); exit 1 naming the first bad entry, 2 when entries lack the checkpoint they should have or the node recorded that its store lost entries',
  builder: (y: Argv) =>
    storeOptions(y)
      .option('ca', { type: 'string', describe: 'the network CA certificate, to check who signed the checkpoints (default with --config: tls.ca)' })
      .option('anchor', { type: 'string', array: true, describe: 'SEQ:HASH known from outside the database (node log, an earlier verify): that entry must still have that hash' })
      .check((a) => {
        for (const x of (a.anchor as string[] | undefined) ?? []) parseAnchor(x);
        return true;
      })
      .option('json', { type: 'boolean', default: false, describe: 'print JSON for scripts' }) as Argv<VerifyArgs>,
  handler: (args) => {
    const where = locate(args);
    // Read before the store: the node writes it only once the checkpoint it names is durable, so
    // the store read afterwards holds that entry unless it lost it.
    const head = readAuditHead(where.headPath);
    const reader = AuditReader.open(where.path);
    try {
      const report = reader.snapshot((r) => verifyAudit(r, {
        trustSigner: signerTrust(where),
        anchors: [...(head ? [{ seq: head.seq, hash: head.hash, from: `${where.headPath} (the node's record of its newest checkpoint, signed ${iso(head.atMs)})` }] : []), ...(args.anchor ?? []).map(parseAnchor)],
        checkpoints: { policy: { everyMs: AUDIT_CHECKPOINT_EVERY_MS, graceMs: CHECKPOINT_GRACE_MS }, nowMs: Date.now() },
      }));
      if (args.json) printJson({ store: where.path, headRecord: head, ...report });
      else print(reportLines(report, where, head));
      // 1: proven tampered (or cut short of the node's record outside the database); 2: entries a
      // checkpoint should cover are unsigned (deleted checkpoints, or a crash), or the node recorded a loss.
      if (report.problem) process.exitCode = 1;
      else if (!report.ok) process.exitCode = 2;
    } finally {
      reader.close();
    }
  },
};

/** One JSON line per entry, times also in ISO form. */
function entryLine(e: AuditEntry): string {
  return JSON.stringify({ seq: e.seq, at: new Date(e.atMs).toISOString(), atMs: e.atMs, event: e.event, messageId: e.messageId, kind: e.kind, sender: e.sender, recipients: e.recipients, peer: e.peer, code: e.code, reason: e.reason, ref: e.ref, prevHash: e.prevHash, hash: e.hash }) + '\n';
}

async function writeAll(out: Writable, lines: Iterable<string>): Promise<void> {
  for (const line of lines) {
    if (!out.write(line)) await once(out, 'drain'); // rejects if the stream fails instead
  }
}

const exportCommand: CommandModule<{}, ExportArgs> = {
  command: 'export',
  describe: 'write the audit entries since a time as JSON lines (each with its hash and the previous one\'s)',
  builder: (y: Argv) =>
    storeOptions(y)
      .option('since', { type: 'string', demandOption: true, describe: 'an ISO time (2026-03-01, 2026-03-01T08:00:00+07:00) or a duration back from now (90m, 24h, 7d)' })
      .option('out', { type: 'string', describe: 'write to this file instead of standard output' })
      // Scripts pass --json to every command: here it names the format export always writes.
      .option('json', { type: 'boolean', default: true, describe: 'JSON lines, one entry per line (the default and only format; accepted like other commands\' --json)' })
      .check((a) => {
        if (a.json === false) throw new UsageError('audit export writes JSON lines only (one entry per line): drop --no-json');
        return true;
      }) as Argv<ExportArgs>,
  handler: async (args) => {
    const where = locate(args);
    const sinceMs = parseSince(args.since, Date.now());
    const reader = AuditReader.open(where.path);
    const seen = { n: 0, first: 0, last: 0 };
    const lines = function* (): Generator<string> {
      for (const e of reader.entriesSince(sinceMs)) {
        if (seen.n++ === 0) seen.first = e.seq;
        seen.last = e.seq;
        yield entryLine(e);
      }
    };
    try {
      if (args.out === undefined) {
        await writeAll(process.stdout, lines());
        return;
      }
      // Opened here, so a path that cannot be written is one clear error before anything is read.
      let fd: number;
      try {
        fd = openSync(args.out, 'w');
      } catch (err) {
        throw fileError(err, 'write', `--out ${args.out}`);
      }
      const file = createWriteStream('', { fd });
      const done = new Promise<void>((resolve, reject) => file.on('finish', resolve).on('error', reject));
      try {
        await writeAll(file, lines());
        file.end();
        await done;
      } catch (err) {
        done.catch(() => undefined);
        file.destroy();
        // A full disk or an I/O error while writing: the same one line as a path that cannot be opened.
        throw (err as NodeJS.ErrnoException).syscall ? fileError(err, 'write', `--out ${args.out}`) : err;
      }
      const range = seen.n ? ` (entries ${seen.first} to ${seen.last})` : '';
      print(`wrote ${seen.n} audit entr${seen.n === 1 ? 'y' : 'ies'} since ${iso(sinceMs)}${range} to ${args.out}`);
    } finally {
      reader.close();
    }
  },
};

export const auditCommand: CommandModule = {
  command: 'audit <command>',
  describe: 'check or export the tamper-evident audit log (read-only; works while the node runs)',
  builder: (y: Argv) => y.command(verifyCommand).command(exportCommand).demandCommand(1, 'say verify or export'),
  handler: () => undefined,
};
