/** The Node.js options of `lienthong` are written once (node-flags.ts) and in main's first line. */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { shebang } from '../../src/cli/node-flags.js';
import { CLI } from '../../scripts/lib/node-process.js';

describe('node options of the lienthong command', () => {
  it('the built command starts node with exactly the daemon environment and flags', () => {
    const first = readFileSync(CLI, 'utf8').split('\n')[0];
    assert.equal(first, shebang());
    assert.equal(first, '#!/usr/bin/env -S MALLOC_ARENA_MAX=2 node --max-semi-space-size=4 --heap-growing-percent=175');
  });
});
