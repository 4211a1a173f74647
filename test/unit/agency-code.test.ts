import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  ancestorsOf,
  isValidCode,
  isWithin,
  levelOf,
  normalizeCode,
  parentOf,
  parseCode,
} from '../../src/domain/agency-code.js';
import { LienthongError } from '../../src/domain/errors.js';

/** Asserts that `input` is refused as INVALID_AGENCY_CODE with a message matching every pattern. */
function refused(input: string, ...patterns: RegExp[]): void {
  assert.throws(
    () => parseCode(input),
    (err: unknown) => {
      assert.ok(err instanceof LienthongError, `expected LienthongError, got ${String(err)}`);
      assert.equal(err.code, 'INVALID_AGENCY_CODE');
      for (const p of patterns) assert.match(err.message, p);
      return true;
    },
  );
  assert.equal(isValidCode(input), false, `isValidCode(${JSON.stringify(input)})`);
}

describe('agency code: valid codes', () => {
  const VALID: { code: string; level: number; parent: string | null; what: string }[] = [
    { code: '000.00.00.H49', level: 1, parent: null, what: 'Quảng Ninh provincial People’s Committee' },
    { code: '000.00.00.G22', level: 1, parent: null, what: 'Văn phòng Chính phủ' },
    { code: '000.00.18.G12', level: 2, parent: '000.00.00.G12', what: 'Tổng cục Thuế under Bộ Tài chính' },
    { code: '000.00.24.H44', level: 2, parent: '000.00.00.H44', what: 'a district under province H44' },
    { code: '000.46.24.H44', level: 3, parent: '000.00.24.H44', what: 'a commune under district 24' },
    { code: '001.46.24.H44', level: 4, parent: '000.46.24.H44', what: 'a unit under the commune' },
    { code: '000.00.07.H29', level: 2, parent: '000.00.00.H29', what: 'a commune directly under a two-tier province' },
    { code: '000.00.01.K41', level: 2, parent: '000.00.00.K41', what: 'any uppercase letter in MX1X2' },
  ];

  for (const v of VALID) {
    it(`${v.code} (${v.what}) is level ${v.level}, parent ${v.parent ?? 'none'}`, () => {
      const p = parseCode(v.code);
      assert.equal(p.code, v.code);
      assert.equal(p.level, v.level);
      assert.equal(levelOf(v.code), v.level);
      assert.equal(parentOf(v.code), v.parent);
      assert.equal(isValidCode(v.code), true);
      assert.deepEqual(p.groups, v.code.split('.').reverse(), 'groups run right to left, level 1 first');
    });
  }
});

describe('agency code: invalid codes name the faulty group', () => {
  const INVALID: { input: string; why: string; patterns: RegExp[] }[] = [
    { input: '000.00.H44', why: 'three groups', patterns: [/3 dot-separated group/, /needs 4/] },
    { input: '000.000.00.00.H44', why: 'five groups', patterns: [/5 dot-separated group/] },
    { input: 'H44', why: 'one group', patterns: [/1 dot-separated group/] },
    { input: '', why: 'empty', patterns: [/dot-separated group/] },
    { input: '000.00.00.h44', why: 'lowercase letter in MX1X2', patterns: [/MX1X2/, /"h44"/, /uppercase letter and two digits/] },
    { input: '000.00.00.444', why: 'no letter in MX1X2', patterns: [/MX1X2/, /uppercase letter/] },
    { input: '000.00.00.HH4', why: 'two letters in MX1X2', patterns: [/MX1X2/] },
    { input: '000.00.00.H4', why: 'MX1X2 too short', patterns: [/MX1X2/, /"H4"/, /must have 3 characters/] },
    { input: '000.00.00.H444', why: 'MX1X2 too long', patterns: [/MX1X2/, /must have 3 characters/] },
    { input: '000.00.018.G12', why: 'Y1Y2 too long', patterns: [/Y1Y2/, /"018"/, /must have 2 characters/] },
    { input: '000.00.8.G12', why: 'Y1Y2 too short', patterns: [/Y1Y2/, /must have 2 characters/] },
    { input: '000.4.24.H44', why: 'Z1Z2 too short', patterns: [/Z1Z2/, /must have 2 characters/] },
    { input: '00.46.24.H44', why: 'V1V2V3 too short', patterns: [/V1V2V3/, /"00"/, /must have 3 characters/] },
    { input: '0001.46.24.H44', why: 'V1V2V3 too long', patterns: [/V1V2V3/, /must have 3 characters/] },
    { input: '000.4-.24.H44', why: 'punctuation in Z1Z2', patterns: [/Z1Z2/, /digits/] },
    { input: '000.46.00.H44', why: 'Z1Z2 set while Y1Y2 is zero', patterns: [/Z1Z2 \(level 3\) "46" is set while group Y1Y2 \(level 2\) is zero/] },
    { input: '001.00.24.H44', why: 'V1V2V3 set while Z1Z2 is zero', patterns: [/V1V2V3 \(level 4\) "001" is set while group Z1Z2 \(level 3\) is zero/] },
    { input: '001.00.00.H44', why: 'V1V2V3 set while Z1Z2 and Y1Y2 are zero', patterns: [/V1V2V3/, /is set while/] },
  ];

  for (const c of INVALID) {
    it(`refuses ${JSON.stringify(c.input)}: ${c.why}`, () => {
      refused(c.input, ...c.patterns, /expected V1V2V3\.Z1Z2\.Y1Y2\.MX1X2/);
    });
  }

  it('quotes the input in the message so the operator can find it', () => {
    refused('000.46.00.H44', /"000\.46\.00\.H44"/);
  });

  it('refuses a non-string at run time', () => {
    assert.throws(() => parseCode(44 as unknown as string), (err: unknown) => err instanceof LienthongError && err.code === 'INVALID_AGENCY_CODE' && /not a string/.test(err.message));
  });
});

describe('agency code: normalisation', () => {
  const CASES: { input: string; canonical: string }[] = [
    { input: '  000.00.18.G12', canonical: '000.00.18.G12' },
    { input: '000.46.24.H44\n', canonical: '000.46.24.H44' },
    { input: '\t000.00.00.G22 \r\n', canonical: '000.00.00.G22' },
  ];
  for (const c of CASES) {
    it(`${JSON.stringify(c.input)} → ${c.canonical}`, () => {
      assert.equal(normalizeCode(c.input), c.canonical);
      assert.equal(parseCode(c.input).code, c.canonical);
      assert.equal(normalizeCode(normalizeCode(c.input)), c.canonical, 'idempotent');
    });
  }

  it('applies NFC before checking group lengths', () => {
    // "H" + COMBINING CIRCUMFLEX is 2 code units; NFC composes it to "Ĥ" (1 unit), so the group has the
    // right length and is refused for its content, not its length.
    refused('000.00.00.H\u030244', /MX1X2/, /uppercase letter and two digits/);
  });

  it('does not trim whitespace inside the code', () => {
    refused('000.00. 18.G12', /Y1Y2/);
  });
});

describe('agency code: isWithin', () => {
  const CASES: { code: string; ancestor: string; expected: boolean; why: string }[] = [
    { code: '000.46.24.H44', ancestor: '000.46.24.H44', expected: true, why: 'self' },
    { code: '000.00.00.H44', ancestor: '000.00.00.H44', expected: true, why: 'self at level 1' },
    { code: '000.46.24.H44', ancestor: '000.00.24.H44', expected: true, why: 'child' },
    { code: '000.46.24.H44', ancestor: '000.00.00.H44', expected: true, why: 'grandchild' },
    { code: '001.46.24.H44', ancestor: '000.00.00.H44', expected: true, why: 'level 4 under level 1' },
    { code: '001.46.24.H44', ancestor: '000.46.24.H44', expected: true, why: 'level 4 under level 3' },
    { code: '000.47.24.H44', ancestor: '000.46.24.H44', expected: false, why: 'sibling commune' },
    { code: '000.00.25.H44', ancestor: '000.00.24.H44', expected: false, why: 'sibling district' },
    { code: '000.46.25.H44', ancestor: '000.00.24.H44', expected: false, why: 'a commune of the sibling district' },
    { code: '000.00.24.H44', ancestor: '000.46.24.H44', expected: false, why: 'ancestor is not within its descendant' },
    { code: '000.00.00.H44', ancestor: '000.00.24.H44', expected: false, why: 'root is not within a district' },
    { code: '000.00.24.H45', ancestor: '000.00.00.H44', expected: false, why: 'same lower groups, other province' },
    { code: '000.00.18.G12', ancestor: '000.00.00.G22', expected: false, why: 'other ministry' },
    { code: ' 000.46.24.H44 ', ancestor: '000.00.24.H44\n', expected: true, why: 'whitespace around both' },
  ];
  for (const c of CASES) {
    it(`${c.code.trim()} within ${c.ancestor.trim()}: ${c.expected} (${c.why})`, () => {
      assert.equal(isWithin(c.code, c.ancestor), c.expected);
    });
  }

  it('throws on an invalid code rather than answering false', () => {
    assert.throws(() => isWithin('000.46.00.H44', '000.00.00.H44'), { code: 'INVALID_AGENCY_CODE' });
    assert.throws(() => isWithin('000.46.24.H44', 'H44'), { code: 'INVALID_AGENCY_CODE' });
  });
});

describe('agency code: ancestorsOf', () => {
  const CASES: { code: string; ancestors: string[] }[] = [
    { code: '000.00.00.G22', ancestors: [] },
    { code: '000.00.18.G12', ancestors: ['000.00.00.G12'] },
    { code: '000.46.24.H44', ancestors: ['000.00.24.H44', '000.00.00.H44'] },
    { code: '001.46.24.H44', ancestors: ['000.46.24.H44', '000.00.24.H44', '000.00.00.H44'] },
    { code: '000.00.07.H29', ancestors: ['000.00.00.H29'] },
  ];
  for (const c of CASES) {
    it(`${c.code}: ${c.ancestors.join(' → ') || 'none'}`, () => {
      const got = ancestorsOf(c.code);
      assert.deepEqual(got, c.ancestors);
      for (const a of got) assert.equal(isWithin(c.code, a), true, `${c.code} is within its ancestor ${a}`);
      assert.equal(got.length, levelOf(c.code) - 1);
    });
  }
});
