/**
 * Loads a node's configuration. Sources are layered in a visible order: schema defaults < the YAML
 * file < environment (LIENTHONG_*) < command-line flags. Paths are resolved against the config
 * file's folder. The result is validated, cross-checked and deeply frozen.
 */
import { readFileSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import YAML from 'yaml';
import type { z } from 'zod/v3';
import { formatDuration } from '../domain/durations.js';
import { LienthongError } from '../domain/errors.js';
import { configuredPeers } from './config-routes.js';
import { configSchema, DEFAULT_RETENTION_SECONDS, type NodeConfig } from './config-schema.js';

export interface ConfigOverrides {
  logLevel?: string;
  listen?: string;
  dataDir?: string;
}

export interface LoadedConfig extends NodeConfig {
  /** Absolute path of the file it came from. */
  readonly file: string;
  readonly adminSocket: string;
  readonly databasePath: string;
  /** Attachment files, named by SHA-256. */
  readonly attachmentsDir: string;
}

/** `sources`: keys set from the environment or a flag, and by which (an error names it, not the file). */
function formatIssues(file: string, issues: z.ZodIssue[], sources: ReadonlyMap<string, string> = new Map()): string {
  const lines = issues.map((i) => {
    const path = i.path.join('.') || '(top level)';
    if (i.code === 'unrecognized_keys') {
      return `  ${i.keys.map((k) => (path === '(top level)' ? k : `${path}.${k}`)).join(', ')}: unknown key`;
    }
    const from = sources.get(path);
    return `  ${path}: ${i.message}${from ? ` (set by ${from}, which overrides the file)` : ''}`;
  });
  return `configuration ${file} is invalid:\n${lines.join('\n')}\nSee "Configuration reference" in README.md.`;
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value as Record<string, unknown>)) deepFreeze(v);
  }
  return value;
}

function crossCheck(file: string, c: NodeConfig): void {
  const problems: string[] = [];
  // A peer named twice: the peers configured before the second naming hold its code already.
  const namedBefore = (children: number, laterals: number) =>
    configuredPeers({ parent: c.parent, children: c.children.slice(0, children), laterals: c.laterals.slice(0, laterals) });
  c.children.forEach((ch, i) => {
    if (namedBefore(i, 0).has(ch.code)) problems.push(`children: ${ch.code} is configured twice`);
  });
  c.laterals.forEach((l, i) => {
    if (namedBefore(c.children.length, i).has(l.code)) problems.push(`laterals: ${l.code} is also configured as parent or child`);
  });
  // A subtree routed to two children (an old and a new parent both listing a moved commune): routing
  // would take the first, and documents would wait for a child that no longer dials here.
  const subtreeOwner = new Map<string, string>();
  for (const ch of c.children) {
    for (const t of ch.subtrees?.length ? ch.subtrees : [ch.code]) {
      const owner = subtreeOwner.get(t);
      if (owner !== undefined && owner !== ch.code) problems.push(`children: the subtree ${t} is routed to both ${owner} and ${ch.code}: give it to one child only (the one that holds it now)`);
      else subtreeOwner.set(t, ch.code);
    }
  }
  const peers = configuredPeers(c);
  if (peers.has(c.node.code)) problems.push(`node.code ${c.node.code} cannot also be one of its own peers`);
  for (const k of c.signing.agencyKeys) {
    if (!c.agencies.includes(k.code)) problems.push(`signing.agencyKeys: ${k.code} is not one of this node's agencies: a node signs only for agencies attached to it`);
  }
  c.routes.forEach((r, i) => {
    if (!peers.has(r.via)) problems.push(`routes.${i}.via: ${r.via} is not a configured parent, child or lateral peer`);
  });
  if (new Set(c.agencies).size !== c.agencies.length) problems.push('agencies: an agency is listed twice');
  // A copy may reach this node again until it expires (a resend after a lost acknowledgement): purged
  // sooner, it would be taken and delivered a second time.
  if (c.limits.retention < c.limits.expiry) {
    problems.push(
      `limits.retention ${formatDuration(c.limits.retention)}${c.limits.retention === DEFAULT_RETENTION_SECONDS * 1000 ? ' (its default)' : ''} is shorter than limits.expiry ${formatDuration(c.limits.expiry)}: ` +
        `delivered messages must be kept at least as long as this node lets a copy travel, or a copy resent within its expiry is delivered again; give limits.retention at least ${formatDuration(c.limits.expiry)} (and, where other nodes keep copies longer, at least their limits.expiry)`,
    );
  }
  // A max below its base would hold every delay at max: the backoff would never start where it says.
  for (const backoff of ['retry', 'reconnect'] as const) {
    const { base, max } = c[backoff];
    if (max < base) {
      problems.push(
        `${backoff}.max ${formatDuration(max)} is shorter than ${backoff}.base ${formatDuration(base)}: the delay starts at base and doubles up to max; give ${backoff}.max at least ${formatDuration(base)}, or a shorter ${backoff}.base`,
      );
    }
  }
  if (problems.length) {
    throw new LienthongError('CONFIG_INVALID', `configuration ${file} is invalid:\n  ${problems.join('\n  ')}`);
  }
}

/** Validates a plain object (already parsed) as if it came from `file`. */
export function buildConfig(raw: unknown, file: string, overrides: ConfigOverrides = {}, env: NodeJS.ProcessEnv = {}): LoadedConfig {
  const layered = structuredClone((raw ?? {}) as Record<string, any>);
  const sources = new Map<string, string>();
  const set = (section: string, key: string, value: string | undefined, source: string) => {
    if (value === undefined || value === '') return;
    layered[section] = { ...(layered[section] ?? {}), [key]: value };
    sources.set(`${section}.${key}`, source);
  };
  set('log', 'level', env.LIENTHONG_LOG_LEVEL, 'LIENTHONG_LOG_LEVEL');
  set('node', 'listen', env.LIENTHONG_LISTEN, 'LIENTHONG_LISTEN');
  // A folder given on the command line or in the environment is the working directory's, as every
  // command-line path is (`audit verify --data-dir` reads it so); the file's paths are the file's folder's.
  const fromCwd = (p: string | undefined) => (p === undefined || p === '' ? p : resolve(p));
  set('node', 'dataDir', fromCwd(env.LIENTHONG_DATA_DIR), 'LIENTHONG_DATA_DIR');
  set('log', 'level', overrides.logLevel, '--log-level');
  set('node', 'listen', overrides.listen, '--listen');
  set('node', 'dataDir', fromCwd(overrides.dataDir), '--data-dir');

  const parsed = configSchema.safeParse(layered);
  if (!parsed.success) throw new LienthongError('CONFIG_INVALID', formatIssues(file, parsed.error.issues, sources));
  const c = parsed.data;
  crossCheck(file, c);
  const base = dirname(resolve(file));
  const abs = (p: string) => (isAbsolute(p) ? p : join(base, p));
  const dataDir = abs(c.node.dataDir);
  const loaded: LoadedConfig = {
    ...c,
    node: { ...c.node, dataDir },
    tls: { ca: abs(c.tls.ca), cert: abs(c.tls.cert), key: abs(c.tls.key) },
    signing: { ...c.signing, agencyKeys: c.signing.agencyKeys.map((k) => ({ code: k.code, cert: abs(k.cert), key: abs(k.key) })) },
    file: resolve(file),
    adminSocket: join(dataDir, 'admin.sock'),
    databasePath: join(dataDir, 'lienthong.sqlite'),
    attachmentsDir: join(dataDir, 'attachments'),
  };
  return deepFreeze(loaded);
}

export function loadConfig(file: string, overrides: ConfigOverrides = {}, env: NodeJS.ProcessEnv = process.env): LoadedConfig {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new LienthongError('CONFIG_INVALID', `cannot read configuration ${file}: ${(err as Error).message}`, { cause: err });
  }
  let raw: unknown;
  try {
    raw = YAML.parse(text);
  } catch (err) {
    throw new LienthongError('CONFIG_INVALID', `configuration ${file} is not valid YAML: ${(err as Error).message}`, { cause: err });
  }
  return buildConfig(raw, file, overrides, env);
}
