/**
 * Every refusal is counted, as `status` and the metrics promise: also while the disk is full (a
 * count that cannot be written stays in memory, shows at once, and is written once writes work
 * again), and also for attachment files a peer offers and this node refuses (by peer and reason),
 * which hold their documents back just as a refused transfer does. Before, the `refused` total of a
 * node whose disk was full stayed 0 (the count's write failed and was dropped) and file refusals
 * were counted nowhere. On a real SQLite store and a link session over a fake stream.
 */
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { buildRouteTable } from '../../src/domain/route-table.js';
import { OUTBOX_RETRY } from '../../src/domain/retry-schedule.js';
import type { LinkFrame } from '../../src/gen/lienthong/v1/LinkFrame.js';
import { LinkSession, type FrameStream } from '../../src/link/link-session.js';
import { silentLogger } from '../../src/node/logger.js';
import { Refusals } from '../../src/node/refusals.js';
import { Relay } from '../../src/node/relay.js';
import { FileAttachmentStore } from '../../src/store/files/file-attachment-store.js';
import { openSqliteStore } from '../../src/store/sqlite/open.js';
import { waitFor } from '../../scripts/lib/wait-for.js';
import { RecordingFrameStream } from '../helpers/recording-frame-stream.js';
import { UNCHECKED_SIGNATURES } from '../helpers/unchecked-signatures.js';

const SELF = '000.00.24.H44';
const CHILD = '000.46.24.H44';
const sha = (b: Buffer): string => createHash('sha256').update(b).digest('hex');

describe('refusal counts', () => {
  it('a count made while the store cannot write is shown at once, and written once it can', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lienthong-counts-'));
    const path = join(dir, 'db.sqlite');
    try {
      const store = openSqliteStore({ path });
      // Every write fails, as on a full disk (the counts row is updated in place, so a page limit would not stop it).
      const db = (store as unknown as { db: { pragma(p: string): unknown } }).db;
      db.pragma('query_only = 1');
      store.count('refused', 2);
      store.count('refused', 1);
      // The count's write is attempted with the next commit, and fails.
      await store.accept([]);
      await new Promise((r) => setImmediate(r));
      assert.equal(store.counters().refused, 3, 'status shows the refusals made while nothing could be written');
      db.pragma('query_only = 0');
      await store.accept([]);
      assert.equal(store.counters().refused, 3, 'counted once');
      store.count('refused', 1);
      store.close();
      const again = openSqliteStore({ path });
      assert.equal(again.counters().refused, 4, 'they survive a restart');
      again.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a file a peer offers and this node refuses is counted by peer and reason, in the refused total too', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lienthong-file-refusals-'));
    const store = openSqliteStore({ path: join(dir, 'db.sqlite') });
    const files = new FileAttachmentStore(join(dir, 'attachments'));
    const counted: [string, string, string][] = [];
    const stream = new RecordingFrameStream();
    try {
      const table = buildRouteTable({ self: SELF, attached: [SELF], children: [{ code: CHILD, subtrees: [CHILD] }], laterals: [], statics: [] });
      const relay = new Relay(SELF, store, table, { maxDocumentBytes: 1e6, expirySeconds: 3600, maxHops: 32 }, Date.now, silentLogger(), files, UNCHECKED_SIGNATURES);
      const session = new LinkSession({
        peer: { code: CHILD, role: 'child', allowedSenders: [CHILD] }, stream: stream as unknown as FrameStream, relay, store, files, maxFileBytes: 1e6,
        window: 10, maxInflightBytes: 1e9, retry: OUTBOX_RETRY, now: Date.now, random: () => 0.5, log: silentLogger(),
        refusals: new Refusals(store, (peer, edge, code) => counted.push([peer, edge, code]), silentLogger(), Date.now),
      });
      const refusedFiles = () => stream.written.flatMap((f: LinkFrame) => (f.attachmentStatus?.errorCode ? [f.attachmentStatus.errorCode] : []));
      const offer = (data: Buffer, size = data.length) =>
        stream.emit('data', { attachmentOffer: { sha256: sha(data), size, recipients: [SELF], messageId: 'm', sender: CHILD } });

      // Too large for limits.maxDocumentBytes.
      const big = randomBytes(100);
      offer(big, 2e6);
      await waitFor('the large file refused', () => refusedFiles().length === 1);
      // A full disk (its partial file is /dev/full).
      if (existsSync('/dev/full')) {
        const data = randomBytes(1000);
        mkdirSync(join(dir, 'attachments', 'partial'), { recursive: true });
        symlinkSync('/dev/full', join(dir, 'attachments', 'partial', sha(data)));
        offer(data);
        await waitFor('the file offered', () => stream.written.some((f) => f.attachmentStatus?.sha256 === sha(data)));
        stream.emit('data', { attachmentChunk: { sha256: sha(data), offset: 0, data } });
        await waitFor('the file refused', () => refusedFiles().length === 2);
      }
      const expected: [string, string][] = [[CHILD, 'DOCUMENT_TOO_LARGE'], ...(existsSync('/dev/full') ? [[CHILD, 'STORE_FULL'] as [string, string]] : [])];
      assert.deepEqual(refusedFiles(), expected.map(([, code]) => code));
      assert.deepEqual(counted, expected.map(([peer, code]) => [peer, 'link', code]), 'lienthong_documents_refused_total{peer, edge, reason}');
      // Chunks the peer had in flight when a file was refused are answered, not counted again.
      stream.emit('data', { attachmentChunk: { sha256: sha(big), offset: 0, data: big } });
      await waitFor('the stray chunk answered', () => refusedFiles().length === expected.length + 1);
      assert.deepEqual(counted, expected.map(([peer, code]) => [peer, 'link', code]), 'lienthong_documents_refused_total{peer, edge, reason}');
      await store.accept([]);
      assert.equal(store.counters().refused, expected.length, 'the refused total status shows');

      // A file altered on the way is counted once, as the refusal of its document.
      const good = randomBytes(2000);
      const altered = Buffer.from(good);
      altered[7] ^= 1;
      counted.length = 0;
      offer(good);
      await waitFor('the file offered', () => stream.written.some((f) => f.attachmentStatus?.sha256 === sha(good)));
      stream.emit('data', { attachmentChunk: { sha256: sha(good), offset: 0, data: altered } });
      await waitFor('the altered file refused', () => refusedFiles().length === expected.length + 2);
      assert.deepEqual(counted, [[CHILD, 'link', 'ATTACHMENT_ALTERED']]);
      await session.close('test over');
    } finally {
      await files.close();
      store.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
