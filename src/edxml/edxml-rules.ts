/**
 * The rules an edXML package must keep (QCVN 102:2016 and the limits vendors' validators enforce,
 * domain.md §3–4), as small checks that read a value from the tree and name the element when it
 * breaks one. Pure.
 */
import { pathProblem } from '../domain/file-name.js';
import { parseCode, quoted } from '../domain/agency-code.js';
import { LienthongError } from '../domain/errors.js';
import { parseEdxmlDate, parseEdxmlTimestamp } from './edxml-time.js';
import type { XmlNode } from './edxml-tree.js';

export const LIMITS = {
  subject: 500,
  codeNumber: 11,
  codeNotation: 30,
  organName: 200,
  attachmentName: 200,
} as const;

/** Processing status codes a status package may carry (domain.md §4). */
export const STATUS_CODES: readonly string[] = ['01', '02', '03', '04', '05', '06', '13', '15', '16'];

export function edxmlError(path: string, rule: string): LienthongError {
  return new LienthongError('INVALID_EDXML', `${path}: ${rule}`);
}

export function fail(path: string, rule: string): never {
  throw edxmlError(path, rule);
}

/**
 * The XML declaration's encoding: UTF-8, or US-ASCII (a subset of UTF-8: a package written in
 * ASCII, with character references for Vietnamese, reads the same either way). Anything else is
 * refused; the package's bytes have already been read as UTF-8 to get this far, so a UTF-16 label
 * is wrong about them.
 */
export function checkEncoding(encoding: string): void {
  if (/^(utf-?8|us-ascii|ascii)$/i.test(encoding)) return;
  if (/^utf-?16/i.test(encoding)) {
    fail('edXML', `declares encoding ${encoding}, but its bytes are UTF-8 (.NET writes this declaration when it serialises XML to a string): declare encoding="UTF-8"`);
  }
  fail('edXML', `declares encoding ${encoding}; an edXML package is UTF-8`);
}

/** Length in characters (code points), as a person counts them. */
export function charCount(text: string): number {
  let n = 0;
  for (const _ of text) n++;
  return n;
}

/** The child's text, refused when longer than `limit` characters. */
export function limited(parent: XmlNode, name: string, limit: number): string {
  const text = parent.str(name);
  const n = charCount(text);
  if (n > limit) fail(parent.pathOf(name), `is ${n} characters, at most ${limit} allowed`);
  return text;
}

/**
 * An AttachmentName: `limited`, and a file's name, not a path. A recipient's software that saves
 * attachments under their names would otherwise write outside its folder ("../../x", "C:\\x").
 */
export function fileName(parent: XmlNode, name: string, limit: number): string {
  const text = limited(parent, name, limit);
  const problem = pathProblem(text);
  if (problem) fail(parent.pathOf(name), problem);
  return text;
}

/** Invisible format characters (zero-width space and joiners, word joiner, BOM) that trim() keeps. */
const INVISIBLE = /[\u200B-\u200F\u2060\uFEFF]/;

/**
 * A document's số or ký hiệu (CodeNumber, CodeNotation): `limited`, and free of invisible
 * characters, which would make two documents' codes differ where nobody can see it.
 */
export function code(parent: XmlNode, name: string, limit: number): string {
  const text = limited(parent, name, limit);
  const bad = INVISIBLE.exec(text);
  if (bad) fail(parent.pathOf(name), `holds an invisible character U+${bad[0].charCodeAt(0).toString(16).toUpperCase()}: remove it`);
  return text;
}

/** An agency code in canonical form; '' only when absent and not required. */
export function agencyCodeAt(path: string, text: string, required: boolean): string {
  if (text === '') {
    if (required) fail(path, 'is required (an agency code such as 000.00.00.G22)');
    return '';
  }
  try {
    return parseCode(text).code;
  } catch (err) {
    const detail = err instanceof Error ? err.message.replace(`invalid agency code ${quoted(text)}: `, '') : String(err);
    throw edxmlError(path, `${quoted(text)} is not an agency code (${detail})`);
  }
}

/** The child's agency code in canonical form; '' only when absent and not required. */
export function agencyCode(parent: XmlNode, name: string, required: boolean): string {
  return agencyCodeAt(parent.pathOf(name), parent.str(name), required);
}

/** A whole number within [min, max]; 0 when absent. */
export function wholeNumber(parent: XmlNode, name: string, min: number, max: number): number {
  const text = parent.str(name);
  if (text === '') return 0;
  const path = parent.pathOf(name);
  if (!/^[+-]?\d{1,15}$/.test(text)) fail(path, `"${text}" is not a whole number`);
  const n = Number(text);
  if (n < min || n > max) fail(path, `${n} is outside ${min}–${max}`);
  return n;
}

/** A date as `YYYY-MM-DD`; '' when absent. */
export function date(parent: XmlNode, name: string): string {
  const text = parent.str(name);
  if (text === '') return '';
  const d = parseEdxmlDate(text);
  if (d === null) fail(parent.pathOf(name), `"${text}" is not a date (write yyyy/MM/dd)`);
  return d;
}

/** A timestamp in ms since the epoch; 0 when absent (or `required` refuses it). */
export function timestamp(parent: XmlNode, name: string, required = false): number {
  const text = parent.str(name);
  if (text === '') {
    if (required) fail(parent.pathOf(name), 'is required');
    return 0;
  }
  const ms = parseEdxmlTimestamp(text);
  if (ms === null) {
    fail(parent.pathOf(name), `"${text}" is not a timestamp (write yyyy/MM/dd HH:mm:ss, Vietnam time, or ISO 8601)`);
  }
  return ms;
}
