/**
 * What every fuzz test asks of the node: fixed seeds and bounded runs (replayable from the output),
 * refusals that are clear (a gRPC status other than INTERNAL/UNKNOWN, a stable lienthong error code
 * when the refusal is ours, a message that says what is wrong), and nothing malformed in the store.
 */
import { createHash } from 'node:crypto';
import * as grpc from '@grpc/grpc-js';
import fc from 'fast-check';
import { isValidCode } from '../../src/domain/agency-code.js';
import { isErrorCode } from '../../src/domain/errors.js';
import { isMessageId } from '../../src/domain/ids.js';
import type { Message } from '../../src/domain/types.js';
import { ERROR_CODE_KEY } from '../../src/service/grpc-status.js';

/**
 * Seed and number of runs of one property: fixed by default so every run of the suite throws the
 * same inputs; `FUZZ_SEED` replays (or varies) them, `FUZZ_RUNS_SCALE` multiplies the runs
 * (e.g. 10 for a long soak).
 */
export function fuzzParams(defaultSeed: number, defaultRuns: number): { seed: number; numRuns: number } {
  const seed = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : defaultSeed;
  const scale = process.env.FUZZ_RUNS_SCALE ? Number(process.env.FUZZ_RUNS_SCALE) : 1;
  return { seed, numRuns: Math.max(1, Math.round(defaultRuns * scale)) };
}

/**
 * Runs a property like `fc.assert`, but fails with a report a person can read: the broken rule, the
 * seed and path that replay it, and the counterexample cut to a readable length (inputs can be MBs).
 */
export async function fuzzAssert<T>(property: fc.IAsyncProperty<T>, params: { seed: number; numRuns: number }): Promise<void> {
  const details = await fc.check(property, { ...params, endOnFailure: true });
  if (!details.failed) return;
  const err = details.errorInstance as Error | undefined;
  const example = fc.stringify(details.counterexample).slice(0, 1500);
  throw new Error(
    `${err?.message ?? 'property failed'}\n  after ${details.numRuns} run(s); replay with FUZZ_SEED=${params.seed} (fast-check path "${details.counterexamplePath}")\n  input: ${example}`,
    { cause: err },
  );
}

/** Messages that say nothing about what went wrong. */
const VAGUE = [/^unknown error$/i, /^internal server error$/i, /^error deserializing request$/i, /^$/];

export interface CallOutcome {
  /** The gRPC status (OK when the call succeeded). */
  code: grpc.status;
  details: string;
  /** The lienthong error code from the trailers, when the node sent one. */
  errorCode: string | null;
}

export function outcomeOf(err: (Error & Partial<grpc.ServiceError>) | null): CallOutcome {
  if (!err) return { code: grpc.status.OK, details: '', errorCode: null };
  const raw = err.metadata?.get(ERROR_CODE_KEY)?.[0];
  return { code: err.code ?? grpc.status.UNKNOWN, details: err.details ?? err.message, errorCode: typeof raw === 'string' ? raw : null };
}

/**
 * Why a refusal is not a clear one (null when it is): INTERNAL or UNKNOWN, a client-side deadline
 * (the node hung), a lienthong code missing or not in the catalogue, or a vague message.
 */
export function unclearRefusal(o: CallOutcome): string | null {
  const name = grpc.status[o.code] ?? String(o.code);
  if (o.code === grpc.status.OK) return null;
  if (o.code === grpc.status.INTERNAL || o.code === grpc.status.UNKNOWN) return `status ${name}: ${o.details}`;
  if (o.code === grpc.status.DEADLINE_EXCEEDED && o.errorCode === null) return `no answer before the deadline (the node hung): ${o.details}`;
  if (o.code === grpc.status.CANCELLED) return `the call was cancelled: ${o.details}`;
  if (o.errorCode !== null && !isErrorCode(o.errorCode)) return `error code "${o.errorCode}" is not in the catalogue`;
  if (VAGUE.some((r) => r.test(o.details.trim())) || o.details.trim().length < 12) return `status ${name} with a vague message "${o.details}"`;
  return null;
}

/** Why the link ack or attachment status `code`/`message` is not a clear refusal (null when it is). */
export function unclearLinkRefusal(code: string, message: string): string | null {
  if (!isErrorCode(code)) return `error code "${code}" is not in the catalogue`;
  if (code === 'INTERNAL') return `INTERNAL: ${message}`;
  if (message.trim().length < 12) return `${code} with a vague message "${message}"`;
  return null;
}

const NFC = (s: string) => s === s.normalize('NFC');
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\ufffe\uffff]|[\ud800-\udfff]/u;
const SHA256_HEX = /^[0-9a-f]{64}$/;

function badText(value: string, field: string, max: number, required: boolean): string | null {
  if (typeof value !== 'string') return `${field} is not text`;
  if (required && value.trim() === '') return `${field} is empty`;
  if ([...value].length > max) return `${field} is ${[...value].length} characters (at most ${max})`;
  if (!NFC(value)) return `${field} is not NFC`;
  if (CONTROL.test(value)) return `${field} holds a control character or a lone surrogate`;
  return null;
}

/**
 * The first envelope rule a stored message breaks, or null. The rules are the ones a node applies
 * at its edge (domain.md §3): what one node refuses from an agency, no node may hold from a peer.
 */
export function malformationOf(m: Message): string | null {
  if (!isMessageId(m.id)) return `id "${m.id.slice(0, 80)}" is not a UUID`;
  if (m.kind !== 'document' && m.kind !== 'status') return `kind ${String(m.kind)}`;
  if (!isValidCode(m.from)) return `from "${m.from.slice(0, 80)}" is not an agency code`;
  if (!Array.isArray(m.to) || m.to.length === 0) return 'no recipient';
  const bad = m.to.find((r) => !isValidCode(r));
  if (bad !== undefined) return `recipient "${bad.slice(0, 80)}" is not an agency code`;
  if (new Set(m.to).size !== m.to.length) return 'a recipient is listed twice';
  if (!Number.isInteger(m.priority) || m.priority < 0 || m.priority > 4) return `priority ${m.priority}`;
  if (!Number.isSafeInteger(m.createdAtMs) || !Number.isSafeInteger(m.expiresAtMs) || m.expiresAtMs < m.createdAtMs) {
    return `times created ${m.createdAtMs}, expires ${m.expiresAtMs}`;
  }
  if (m.kind === 'document') {
    if (!SHA256_HEX.test(m.bodySha256)) return `body SHA-256 "${m.bodySha256.slice(0, 80)}"`;
    // A body leaves the store once nothing here needs it (README "What a node keeps"): check held ones.
    if (m.body.length > 0 && createHash('sha256').update(m.body).digest('hex') !== m.bodySha256) return 'body does not match its SHA-256';
    const d = m.document;
    if (!d) return 'a document without document fields';
    const why =
      badText(d.subject, 'document.subject', 500, true) ??
      badText(d.codeNumber, 'document.codeNumber', 11, false) ??
      badText(d.codeNotation, 'document.codeNotation', 30, false) ??
      badText(d.documentType, 'document.documentType', 100, false) ??
      badText(d.fileName, 'document.fileName', 200, false) ??
      badText(d.contentType, 'document.contentType', 100, false);
    if (why) return why;
    for (const f of [d.promulgationDate, d.dueDate]) {
      if (f !== '' && !/^\d{4}-\d{2}-\d{2}$/.test(f)) return `date "${f.slice(0, 40)}" is not YYYY-MM-DD`;
    }
    for (const [i, a] of m.attachments.entries()) {
      if (!SHA256_HEX.test(a.sha256)) return `attachments[${i}].sha256`;
      if (!Number.isSafeInteger(a.size) || a.size < 0) return `attachments[${i}].size ${a.size}`;
      const w = badText(a.attachmentName, `attachments[${i}].attachmentName`, 200, true);
      if (w) return w;
    }
  } else {
    const s = m.status;
    if (!s) return 'a status without its report';
    if (!/^(0[1-6]|1[356]|NON_DELIVERY)$/.test(s.code)) return `status code "${String(s.code).slice(0, 40)}"`;
    if (!isMessageId(s.refMessageId)) return `status about "${s.refMessageId.slice(0, 80)}", not a message id`;
    const why = badText(s.reason, 'status.reason', Number.POSITIVE_INFINITY, false);
    if (why) return why;
  }
  return null;
}

/**
 * Malformations the fuzzers found whose fix lies outside the fuzz work (each has a failing test
 * marked todo that reproduces it). The properties count them instead of failing on them, so every
 * other rule keeps being checked; drop the entry once the fix lands.
 */
export const KNOWN_DEFECTS: { pattern: RegExp; todo: string }[] = [
];

export function isKnownDefect(why: string): boolean {
  return KNOWN_DEFECTS.some((d) => d.pattern.test(why));
}

/** Counts of what happened in one property, printed so a run can be read and replayed. */
export class Tally {
  private readonly counts = new Map<string, number>();

  add(what: string): void {
    this.counts.set(what, (this.counts.get(what) ?? 0) + 1);
  }

  toString(): string {
    return [...this.counts.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([k, v]) => `${k}=${v}`).join(' ');
  }
}
