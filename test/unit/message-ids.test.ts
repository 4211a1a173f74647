/** The one check of the message ids a caller names: missing, malformed, or well formed (then looked up). */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { LienthongError } from '../../src/domain/errors.js';
import { checkMessageId, normalMessageId } from '../../src/domain/ids.js';

const ID = '0190f5c2-7d3a-7b1e-9c4f-2a6b8e1d5f70';
const refused = (pattern: RegExp) => (e: unknown) => e instanceof LienthongError && e.code === 'INVALID_ARGUMENT' && pattern.test(e.message);

describe('message ids named by a caller', () => {
  it('refuses a missing or malformed id, naming the field; takes a UUID in either case, as Send does', () => {
    const cases: [string, RegExp | null][] = [
      ['', /^message_id is missing: give the UUID that Send answered \(e\.g\. 0190f5c2-/],
      ['zzz', /^"zzz" is not a message id: give the UUID that Send answered .* in message_id$/],
      [ID.toUpperCase(), null],
      [`${ID} `, /is not a message id/],
      ['x'.repeat(500), /^"x{40}"… \(500 characters\) is not a message id/],
      [ID, null],
    ];
    for (const [value, pattern] of cases) {
      if (pattern) assert.throws(() => checkMessageId(value, 'message_id'), refused(pattern), value);
      else assert.equal(checkMessageId(value, 'message_id'), ID, 'returned as kept: lower case');
    }
  });

  it('keeps ids in lower case, and has none for what is no UUID', () => {
    assert.equal(normalMessageId(ID.toUpperCase()), ID);
    assert.equal(normalMessageId('zzz'), null);
    assert.equal(normalMessageId(''), null);
  });
});
