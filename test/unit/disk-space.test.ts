/** The free-space floor under which a node reports its disk as nearly full. */
import assert from 'node:assert/strict';
import { tmpdir } from 'node:os';
import { describe, it } from 'node:test';
import { lowDiskSpace, lowSpaceFloor, lowSpaceReason } from '../../src/store/disk-space.js';

const MiB = 1024 * 1024;

describe('low disk space', () => {
  it('is under 64 MiB free, or under 5 % of a small disk', () => {
    assert.equal(lowSpaceFloor(100 * 1024 * MiB), 64 * MiB);
    assert.equal(lowSpaceFloor(48 * MiB), Math.floor(48 * MiB * 0.05));
  });
  it('reads the real disk, and says nothing about one it cannot read', () => {
    const r = lowDiskSpace(tmpdir());
    assert.ok(r === null || /^the disk holding .* has [\d.]+ MiB free, under the [\d.]+ MiB kept free for forwarding and acknowledgements: free space on it/.test(r), String(r));
    assert.equal(lowDiskSpace('/no/such/directory/at/all'), null);
  });
  it('says how much is free, the floor, what it is for and what to do', () => {
    assert.equal(lowSpaceReason('/data', { free: 65 * MiB, total: 100 * 1024 * MiB }), null);
    assert.equal(lowSpaceReason('/data', null), null);
    assert.equal(
      lowSpaceReason('/data', { free: MiB / 2, total: 20 * MiB }),
      'the disk holding /data has 0.5 MiB free, under the 1.0 MiB kept free for forwarding and acknowledgements: free space on it ' +
        '(attachment files kept only for limits.attachmentRetention go first, by themselves; once the disk is full the node can take nothing in, not even acknowledgements)',
    );
  });
});
