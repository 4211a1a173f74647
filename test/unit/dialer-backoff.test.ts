import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { failuresAfterLink } from '../../src/link/link-dialer.js';

describe('the dialer\'s backoff after a link goes down', () => {
  it('starts over after a link that held, keeps counting after one that did not (or never came up)', () => {
    assert.equal(failuresAfterLink(9, 30_000), 0, 'up 30 s after a long outage: the next attempt comes after reconnect.base');
    assert.equal(failuresAfterLink(9, 10_001), 0);
    assert.equal(failuresAfterLink(9, 2_000), 9, 'a link that dropped at once is still an outage');
    assert.equal(failuresAfterLink(9, null), 9, 'an attempt that never came up');
  });
});
