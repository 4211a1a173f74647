/**
 * `lienthong check-config`: what a start would refuse, found without starting (as `nginx -t` or
 * `postfix check`): the configuration, the routing table, the CA, the node's certificate and key,
 * the agency keys it signs with, its data folder (and whose store it holds) and the revocation list
 * stored there. Nothing is created or changed. Certificates that expire within 30 days are
 * warnings, as in `status`.
 */
import { createPrivateKey, X509Certificate } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { asLienthongError, LienthongError } from '../domain/errors.js';
import type { Clock } from '../domain/types.js';
import { readTlsFiles, type TlsMaterial } from '../link/tls-credentials.js';
import { REVOCATIONS_FILE } from '../pki/revocation-file.js';
import { checkExpiry, identityFromPem, keyMatchesCertificate, type CertIdentity } from '../pki/identity.js';
import { loadAgencyKeys } from '../signing/agency-keys.js';
import { lostEntries } from '../audit/audit-head-loss.js';
import { AuditReader } from '../store/sqlite/audit-reader.js';
import { readWaitingWork } from '../store/sqlite/queue-reader.js';
import { auditHeadPath, readAuditHead } from './audit-head-file.js';
import { loadConfig, type LoadedConfig } from './config-load.js';
import { agenciesOutsideSubtree, childrenOutsideSubtree, configuredPeers, routeTableFromConfig } from './config-routes.js';
import { inspectDataDir } from './data-dir-lock.js';
import { silentLogger } from './logger.js';
import { checkOwnCertificate } from './own-certificate.js';
import { restoreRevocations } from './revocations-restore.js';
import { strandedInbox, strandedInboxProblem, strandedOutbox, strandedOutboxProblem } from './stranded-work.js';

export interface Finding {
  level: 'ok' | 'warning' | 'problem';
  text: string;
}

const ok = (text: string): Finding => ({ level: 'ok', text });
const warning = (text: string): Finding => ({ level: 'warning', text });
const problem = (err: unknown): Finding => ({ level: 'problem', text: asLienthongError(err).message });

/** Runs `step`; a throw becomes a problem finding, and `null` says the step failed. */
function attempt<T>(found: Finding[], step: () => T): T | null {
  try {
    return step();
  } catch (err) {
    found.push(problem(err));
    return null;
  }
}

function expiryFinding(id: CertIdentity, what: string, nowMs: number): Finding {
  const e = checkExpiry(id, nowMs);
  return e.expiresSoon || e.expired ? warning(`${what}: ${e.message}`) : ok(`${what}: ${e.message}`);
}

function keyPairFinding(config: LoadedConfig, tls: TlsMaterial): Finding {
  if (!keyMatchesCertificate(createPrivateKey(tls.key), new X509Certificate(tls.cert))) {
    return { level: 'problem', text: `tls.key ${config.tls.key} does not belong to tls.cert ${config.tls.cert}: give the key issued with that certificate (\`lienthong pki issue\` writes them together)` };
  }
  return ok(`tls.key ${config.tls.key} is the key of tls.cert`);
}

function caFinding(config: LoadedConfig, ca: X509Certificate, nowMs: number): Finding {
  const what = `CA certificate tls.ca ${config.tls.ca}`;
  if (!ca.ca) return { level: 'problem', text: `${what} is not a CA certificate (${ca.subject.replace(/\n/g, ', ')}): point tls.ca at the network's ca.crt` };
  const until = new Date(ca.validTo);
  const day = until.toISOString().slice(0, 10);
  if (until.getTime() <= nowMs) return { level: 'problem', text: `${what} expired on ${day}: every certificate it issued is refused; the network needs a new CA` };
  if (until.getTime() - nowMs <= 30 * 86_400_000) return warning(`${what} expires on ${day}: every certificate of the network depends on it; plan a new CA`);
  return ok(`${what}: valid until ${day}`);
}

function certificateFindings(config: LoadedConfig, tls: TlsMaterial, now: Clock, found: Finding[]): CertIdentity | null {
  const ca = attempt(found, () => new X509Certificate(tls.ca));
  if (ca) found.push(caFinding(config, ca, now()));
  const mine = attempt(found, () => checkOwnCertificate(config, tls, now));
  if (mine) found.push(expiryFinding(mine, `tls.cert ${config.tls.cert} (serial ${mine.serial})`, now()));
  const pair = attempt(found, () => keyPairFinding(config, tls));
  if (pair) found.push(pair);
  return mine;
}

function agencyKeyFindings(config: LoadedConfig, tls: TlsMaterial, now: Clock, found: Finding[]): void {
  const entries = config.signing.agencyKeys;
  if (entries.length === 0) return;
  const loaded = attempt(found, () => loadAgencyKeys(entries, new X509Certificate(tls.ca)));
  if (!loaded) return;
  for (const e of entries) found.push(expiryFinding(identityFromPem(readFileSync(e.cert, 'utf8')), `signing.agencyKeys ${e.code}`, now()));
}

function revocationFindings(config: LoadedConfig, tls: TlsMaterial, mine: CertIdentity | null, now: Clock, found: Finding[]): void {
  if (!existsSync(join(config.node.dataDir, REVOCATIONS_FILE))) return;
  const state = attempt(found, () => restoreRevocations(config.node.dataDir, tls.ca, now, silentLogger()));
  if (!state) return;
  if (mine && state.isRevoked(mine.serial)) {
    found.push({ level: 'problem', text: `tls.cert (serial ${mine.serial}) is revoked by the stored revocation list, version ${state.version}: every peer refuses it; issue a new node certificate with \`lienthong pki issue --role node --code ${mine.code}\`` });
  } else {
    found.push(ok(`stored revocation list: version ${state.version}, this node's certificate not on it`));
  }
  // The node starts with a revoked signing pair, but every document it signs with it is refused.
  for (const e of config.signing.agencyKeys) {
    const id = attempt(found, () => identityFromPem(readFileSync(e.cert, 'utf8')));
    if (id && state.isRevoked(id.serial)) {
      found.push(warning(`signing.agencyKeys ${e.code}: its certificate ${e.cert} (serial ${id.serial}) is revoked by the stored revocation list, version ${state.version}: every document this node signs for ${e.code} is refused; issue a new agency certificate with \`lienthong pki issue --role agency --code ${e.code}\` and point signing.agencyKeys at it`));
    }
  }
}

/** A store whose audit log another node signed: `start` refuses it (node.ts), so this says so too. */
function storeOwnerFinding(config: LoadedConfig, found: Finding[]): void {
  if (!existsSync(config.databasePath)) return;
  const owner = attempt(found, () => {
    let reader: AuditReader;
    try {
      reader = AuditReader.open(config.databasePath);
    } catch (err) {
      throw new LienthongError('CONFIG_INVALID', `cannot read the store ${config.databasePath} (${(err as Error).message}): see the node.dataDir line above`, { cause: err });
    }
    try {
      return reader.checkpointNode();
    } finally {
      reader.close();
    }
  });
  if (owner !== null && owner !== config.node.code) {
    found.push({ level: 'problem', text: `data folder ${config.node.dataDir} belongs to node ${owner} (its audit log is signed by it); node.code is ${config.node.code}: give this node its own data folder (node.dataDir), or set node.code back to ${owner}` });
  }
}

/** A store that lost entries this node had committed (audit-head.json ahead of it): `start` refuses it, so this says so too. */
function auditHeadFinding(config: LoadedConfig, found: Finding[]): void {
  if (!existsSync(config.databasePath)) return;
  const path = auditHeadPath(config.node.dataDir);
  const head = attempt(found, () => readAuditHead(path));
  if (!head) return;
  const lost = attempt(found, () => {
    const reader = AuditReader.open(config.databasePath);
    try {
      const stored = reader.storedAt(head.seq, head.hash);
      return stored.lossRecorded ? null : lostEntries(head, stored);
    } finally {
      reader.close();
    }
  });
  if (lost) {
    found.push({ level: 'problem', text: `the store lost audit entries this node had committed: ${lost.detail}. \`lienthong start\` refuses this store; if the missing part cannot be put back, start once with --accept-audit-loss` });
  }
}

/**
 * What this configuration would leave unreached, as `start` would warn of it: agencies and children
 * outside the node's subtree, outbox entries for a next hop it no longer names, unread inbox items
 * of an agency it no longer attaches. Read from the store as it is now, before the restart.
 */
function unreachedWorkFindings(config: LoadedConfig, found: Finding[]): void {
  for (const line of [...agenciesOutsideSubtree(config), ...childrenOutsideSubtree(config)]) found.push(warning(line));
  const waiting = attempt(found, () => readWaitingWork(config.databasePath));
  if (!waiting) return;
  for (const s of strandedOutbox(waiting.depths, configuredPeers(config))) found.push(warning(strandedOutboxProblem(s)));
  for (const b of strandedInbox(waiting.backlogs, new Set(config.agencies))) found.push(warning(strandedInboxProblem(b)));
}

/** Every finding about the configuration file `file` and what it names; nothing is written. */
export function checkConfigFiles(file: string, now: Clock = Date.now, env: NodeJS.ProcessEnv = process.env): Finding[] {
  const found: Finding[] = [];
  const config = attempt(found, () => loadConfig(file, {}, env));
  if (!config) return found;
  found.push(ok(`configuration ${file}: node ${config.node.code}` +
    `${config.parent ? `, parent ${config.parent.code}` : ' (root: no parent)'}, ${config.children.length} child(ren), ${config.laterals.length} lateral(s), ${config.agencies.length} agenc${config.agencies.length === 1 ? 'y' : 'ies'}`));
  const routes = attempt(found, () => routeTableFromConfig(config));
  if (routes) found.push(ok(`routing table: ${routes.entries.length} entr${routes.entries.length === 1 ? 'y' : 'ies'} (\`lienthong routes -c ${file}\` lists them)`));
  const tls = attempt(found, () => readTlsFiles(config.tls));
  if (tls) {
    const mine = certificateFindings(config, tls, now, found);
    agencyKeyFindings(config, tls, now, found);
    revocationFindings(config, tls, mine, now, found);
  }
  const dir = inspectDataDir(config.node.dataDir);
  found.push(dir.problem ? { level: 'problem', text: dir.problem } : ok(dir.note));
  storeOwnerFinding(config, found);
  auditHeadFinding(config, found);
  unreachedWorkFindings(config, found);
  return found;
}
