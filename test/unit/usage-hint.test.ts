import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { usageHint } from '../../src/cli/cli.js';

describe('usageHint', () => {
  it('points at the help of the command typed, or the top-level help', () => {
    assert.equal(usageHint(['start', '-c', 'node.yaml', '--log-level', 'loud']), 'lienthong start --help');
    assert.equal(usageHint(['-c', 'x.yaml', 'outbox', 'flush']), 'lienthong outbox --help');
    assert.equal(usageHint(['statuss']), 'lienthong --help', 'a mistyped command');
    assert.equal(usageHint([]), 'lienthong --help');
  });
});
