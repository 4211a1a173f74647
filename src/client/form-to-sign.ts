/**
 * What an agency's software checks before it signs the bytes its node answered to a SendEdxml call
 * with form_only: they must be a document's signed form (README, "Signatures") from this agency,
 * with the id and times it chose. Only the node parses the package, so the rest of the form (its
 * recipients, header, files) is the node's reading of it; these fields at least are not taken on
 * trust. Pure.
 */
import { LienthongError } from '../domain/errors.js';
import { SIGNED_FORM } from '../domain/signed-form.js';

export interface ExpectedForm {
  /** The node answering (for the message). */
  node: string;
  from: string;
  /** Lowercase; '' when the node was left to choose it. */
  id: string;
  createdAtMs: number;
  expiresAtMs: number;
}

/** Throws SIGNATURE_INVALID, signing nothing, when `form` is not the form asked for. */
export function checkFormToSign(form: Buffer, expected: ExpectedForm): void {
  let parsed: Record<string, unknown>;
  try {
    const value: unknown = JSON.parse(form.toString('utf8'));
    if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new Error('not a JSON object');
    parsed = value as Record<string, unknown>;
  } catch (err) {
    throw refused(expected.node, `is not a JSON object (${(err as Error).message})`);
  }
  const want: [string, unknown][] = [
    ['form', SIGNED_FORM],
    ['kind', 'document'],
    ['from', expected.from],
    ['createdAtMs', expected.createdAtMs],
    ['expiresAtMs', expected.expiresAtMs],
  ];
  if (expected.id !== '') want.push(['id', expected.id]);
  for (const [key, value] of want) {
    if (parsed[key] !== value) throw refused(expected.node, `has ${key} ${JSON.stringify(parsed[key])}, not ${JSON.stringify(value)} as asked`);
  }
}

function refused(node: string, what: string): LienthongError {
  return new LienthongError('SIGNATURE_INVALID', `the form to sign that node ${node} answered (SendEdxml with form_only) ${what}: nothing was signed or sent`);
}
