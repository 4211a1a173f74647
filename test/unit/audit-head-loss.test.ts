import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { lostEntries, lostEntriesRef, parseLostEntriesRef } from '../../src/audit/audit-head-loss.js';

const H = (c: string) => c.repeat(64);
const AT = Date.UTC(2026, 10, 23, 2, 0, 0);
const recorded = { seq: 187, hash: H('a'), atMs: AT };

describe('lostEntries: the store against the newest checkpoint recorded outside it', () => {
  it('finds nothing without a record, or when the store holds the recorded entry (and more)', () => {
    assert.equal(lostEntries(null, { headSeq: 0, hashAtRecorded: null }), null, 'a new node');
    assert.equal(lostEntries(recorded, { headSeq: 187, hashAtRecorded: H('a') }), null);
    assert.equal(lostEntries(recorded, { headSeq: 240, hashAtRecorded: H('a') }), null, 'entries after the record: newer than its last write');
  });

  it('a log that ends before the recorded entry lost the entries after its end', () => {
    const l = lostEntries(recorded, { headSeq: 62, hashAtRecorded: null });
    assert.deepEqual([l?.kind, l?.fromSeq, l?.toSeq, l?.hash, l?.signedAtMs], ['truncated', 63, 187, H('a'), AT]);
    assert.match(l!.detail, /^the store's audit log ends at entry 62, but this node signed a checkpoint of entry 187 at 2026-11-23T02:00:00\.000Z \(kept in audit-head\.json\): entries 63 to 187 were committed and are gone \(a WAL file deleted after a crash/);
    assert.match(l!.detail, /documents and statuses this node acknowledged in that window may be lost.*`lienthong trace`/);
    const empty = lostEntries(recorded, { headSeq: 0, hashAtRecorded: null });
    assert.deepEqual([empty?.fromSeq, empty?.toSeq], [1, 187]);
    assert.match(empty!.detail, /^the store's audit log is empty, but/);
  });

  it('another entry at the recorded seq: another history up to it', () => {
    const l = lostEntries(recorded, { headSeq: 300, hashAtRecorded: H('b') });
    assert.deepEqual([l?.kind, l?.fromSeq, l?.toSeq], ['diverged', 1, 187]);
    assert.match(l!.detail, /^entry 187 in the store hashes to bbbbbbbbbbbb…, but this node signed it as aaaaaaaaaaaa…/);
  });

  it('the finding\'s ref reads back, and nothing else reads as one', () => {
    const l = lostEntries(recorded, { headSeq: 62, hashAtRecorded: null })!;
    assert.equal(lostEntriesRef(l), `63-187:${H('a')}`);
    assert.deepEqual(parseLostEntriesRef(lostEntriesRef(l)), { fromSeq: 63, toSeq: 187, hash: H('a') });
    for (const bad of ['', '63-187', `63-187:${H('A')}`, '6-12', `x-1:${H('a')}`]) assert.equal(parseLostEntriesRef(bad), null, bad);
  });
});
