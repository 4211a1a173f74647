/**
 * QCVN 102 agency codes (mã định danh): `V1V2V3.Z1Z2.Y1Y2.MX1X2`, read right to left.
 * Group 1 (rightmost, `MX1X2`) is the level-1 unit: an uppercase letter and two digits. Groups 2 and 3
 * have two characters, group 4 three. A group of zeros means "the unit at the level above itself",
 * so once a group is zero every group to its left must be zero too.
 * Pure: no I/O. Codes are data so that a second scheme or an alias table can be added later.
 */
import { LienthongError } from './errors.js';

export interface ParsedCode {
  /** Canonical text form, e.g. `000.46.24.H44`. */
  code: string;
  /** Groups from level 1 to level 4 (right to left), e.g. ['H44', '24', '46', '000']. */
  groups: readonly string[];
  /** 1..4: how many groups are significant (non-zero). */
  level: number;
}

const GROUP_NAMES = ['MX1X2 (level 1)', 'Y1Y2 (level 2)', 'Z1Z2 (level 3)', 'V1V2V3 (level 4)'];
const GROUP_LENGTHS = [3, 2, 2, 3];
const LEVEL1 = /^[A-Z][0-9]{2}$/;
const LOWER = /^[0-9A-Z]+$/;

/** Longest input quoted whole in an error (a code has 13 characters). */
const QUOTE_CHARS = 40;

/** Text as an error quotes it: whole when short, else its start and its length. */
export function quoted(input: string): string {
  if (input.length <= QUOTE_CHARS) return JSON.stringify(input);
  const start = input.slice(0, QUOTE_CHARS).replace(/[\uD800-\uDBFF]$/, '');
  return `${JSON.stringify(start)}… (${input.length} characters)`;
}

function fail(input: string, detail: string): never {
  throw new LienthongError(
    'INVALID_AGENCY_CODE',
    `invalid agency code ${quoted(input)}: ${detail}; expected V1V2V3.Z1Z2.Y1Y2.MX1X2 such as 000.46.24.H44`,
  );
}

function isZero(group: string): boolean {
  return /^0+$/.test(group);
}

export function parseCode(input: string): ParsedCode {
  if (typeof input !== 'string') fail(String(input), 'not a string');
  const text = input.trim().normalize('NFC');
  const parts = text.split('.');
  if (parts.length !== 4) fail(input, `has ${parts.length} dot-separated group(s), needs 4`);
  const groups = [...parts].reverse();
  for (let i = 0; i < 4; i++) {
    const g = groups[i]!;
    const name = GROUP_NAMES[i]!;
    if (g.length !== GROUP_LENGTHS[i]) {
      fail(input, `group ${name} ${quoted(g)} must have ${GROUP_LENGTHS[i]} characters`);
    }
    if (i === 0) {
      if (!LEVEL1.test(g)) fail(input, `group ${name} "${g}" must be an uppercase letter and two digits`);
    } else if (!LOWER.test(g)) {
      fail(input, `group ${name} "${g}" must be digits (or uppercase letters)`);
    }
  }
  let level = 1;
  for (let i = 1; i < 4; i++) {
    if (!isZero(groups[i]!)) {
      if (level !== i) {
        fail(input, `group ${GROUP_NAMES[i]} "${groups[i]}" is set while group ${GROUP_NAMES[i - 1]} is zero`);
      }
      level = i + 1;
    }
  }
  return { code: text, groups, level };
}

export function isValidCode(input: string): boolean {
  try {
    parseCode(input);
    return true;
  } catch {
    return false;
  }
}

/** Returns the canonical form or throws INVALID_AGENCY_CODE naming the bad group. */
export function normalizeCode(input: string): string {
  return parseCode(input).code;
}

export function levelOf(code: string): number {
  return parseCode(code).level;
}

/** The code of the unit one level up, or null for a level-1 unit. */
export function parentOf(code: string): string | null {
  const p = parseCode(code);
  if (p.level === 1) return null;
  const groups = [...p.groups];
  groups[p.level - 1] = '0'.repeat(GROUP_LENGTHS[p.level - 1]!);
  return [...groups].reverse().join('.');
}

/** True when `code` is `ancestor` itself or lies in its subtree. */
export function isWithin(code: string, ancestor: string): boolean {
  const c = parseCode(code);
  const a = parseCode(ancestor);
  if (c.level < a.level) return false;
  for (let i = 0; i < a.level; i++) {
    if (c.groups[i] !== a.groups[i]) return false;
  }
  return true;
}

/** Every ancestor of `code`, nearest first (excluding the code itself). */
export function ancestorsOf(code: string): string[] {
  const out: string[] = [];
  let cur = parentOf(code);
  while (cur) {
    out.push(cur);
    cur = parentOf(cur);
  }
  return out;
}
