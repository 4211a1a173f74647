import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { staleWarningDue } from '../../src/node/revocation-spread.js';

const HOUR = 3_600_000;

describe('staleWarningDue', () => {
  it('warns at once, then hourly, and at once again for a new version', () => {
    assert.equal(staleWarningDue(null, 4, 0), true, 'the first check');
    assert.equal(staleWarningDue({ version: 4, atMs: 0 }, 4, HOUR - 1), false, 'within the hour');
    assert.equal(staleWarningDue({ version: 4, atMs: 0 }, 4, HOUR), true, 'an hour later');
    assert.equal(staleWarningDue({ version: 4, atMs: 0 }, 5, 1), true, 'a newer list, stale on arrival, is said at once');
  });
});
