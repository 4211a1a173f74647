/** The free-space floor under which a node reports its disk as nearly full. */
import assert from 'node:assert/strict';
import { tmpdir } from 'node:os';
import { describe, it } from 'node:test';
import { lowDiskSpace, lowSpaceFloor } from '../../src/store/disk-space.js';

const MiB = 1024 * 1024;

describe('low disk space', () => {
  it('is under 64 MiB free, or under 5 % of a small disk', () => {
    assert.equal(lowSpaceFloor(100 * 1024 * MiB), 64 * MiB);
    assert.equal(lowSpaceFloor(48 * MiB), Math.floor(48 * MiB * 0.05));
  });
  it('reads the real disk, and says nothing about one it cannot read', () => {
    const r = lowDiskSpace(tmpdir());
    assert.ok(r === null || /^the disk holding .* has [\d.]+ MiB free, under [\d.]+ MiB: free space on it now/.test(r), String(r));
    assert.equal(lowDiskSpace('/no/such/directory/at/all'), null);
  });
});
