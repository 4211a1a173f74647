/**
 * Whole-number options are read as such: text that is not one is refused naming the text the
 * operator typed (not "NaN") and what was expected, exit 1 like any value a command reads and
 * refuses; a flag without its value is a usage error, exit 64. No node runs: the command line is
 * refused before one would be reached.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseWholeNumber } from '../../src/cli/common-options.js';
import { cli } from '../helpers/cli-run.js';

const SOCKET = '/nonexistent/admin.sock';

describe('CLI whole-number options', () => {
  const REFUSED: { args: string[]; message: RegExp }[] = [
    { args: ['inbox', '--socket', SOCKET, '--agency', '000.00.00.H44', '--after', 'abc'], message: /^lienthong: INVALID_ARGUMENT: --after abc: give an inbox SEQ \(0 for the start\)$/ },
    { args: ['inbox', '--socket', SOCKET, '--agency', '000.00.00.H44', '--limit', '0'], message: /--limit 0: give a number of items, 1 or more/ },
    { args: ['outbox', 'list', '--socket', SOCKET, '--limit', 'many'], message: /--limit many: give a number of entries, 1 or more/ },
    { args: ['send', '--socket', SOCKET, '--from', '000.00.00.H44', '--to', '000.00.01.H44', '--subject', 's', '--text', 'x', '--priority', 'urgent'], message: /--priority urgent: give 0 normal, 1 khẩn/ },
    { args: ['pki', 'issue', '--dir', '/nonexistent', '--code', '000.00.00.H44', '--role', 'node', '--days', 'abc'], message: /--days abc: give a number of days from 1 to 36500/ },
    { args: ['pki', 'revoke', '--dir', '/nonexistent', '--renew', '--next-update', 'soon'], message: /--next-update soon: give a number of days from 1 to 3650/ },
  ];
  for (const r of REFUSED) {
    it(`refuses ${r.args.slice(-2).join(' ')} (${r.args[0]}), naming the text, exit 1`, async () => {
      const out = await cli(r.args);
      assert.equal(out.code, 1, out.stderr);
      assert.match(out.stderr.trim(), r.message);
      assert.doesNotMatch(out.stderr, /NaN|\n\s+at /);
    });
  }

  it('a flag without its value is a usage error, exit 64', async () => {
    const out = await cli(['inbox', '--socket', SOCKET, '--agency', '000.00.00.H44', '--after']);
    assert.equal(out.code, 64);
    assert.match(out.stderr, /^lienthong: Not enough arguments following: after\n/);
  });

  it('reads decimal digits only (pure)', () => {
    const w = { expect: 'an inbox SEQ (0 for the start)' };
    assert.equal(parseWholeNumber('after', '42', w), 42);
    assert.equal(parseWholeNumber('after', 7, w), 7, 'the default, already a number');
    for (const text of ['abc', '0x10', '1e3', '-1', '2.5']) {
      assert.throws(() => parseWholeNumber('after', text, w), new RegExp(`^LienthongError: --after ${text.replace('.', '\\.')}: give an inbox SEQ`));
    }
    assert.throws(() => parseWholeNumber('after', '', w), /^LienthongError: --after "": give an inbox SEQ/, 'an empty value is shown as such');
    assert.throws(() => parseWholeNumber('priority', '5', { expect: '0 to 4', max: 4 }), /--priority 5: give 0 to 4/);
  });
});
