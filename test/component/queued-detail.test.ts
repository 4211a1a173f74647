/**
 * A copy that waits in the outbox says why in `trace`: when its next hop refuses it (or one of its
 * files, as a relay with a full disk does with STORE_FULL) or its link closes, the entry's last
 * error is also the detail of its queued recipients. Before, `trace` at the sender showed
 * "queued ... DETAIL -" for a document a relay kept refusing (examiner probe B case 1). On a real
 * SQLite store and a link session over a fake stream.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { buildRouteTable } from '../../src/domain/route-table.js';
import { OUTBOX_RETRY } from '../../src/domain/retry-schedule.js';
import { LinkRegistry, waitingNote } from '../../src/link/link-registry.js';
import { LinkSession, type FrameStream } from '../../src/link/link-session.js';
import { silentLogger } from '../../src/node/logger.js';
import { Refusals } from '../../src/node/refusals.js';
import { Relay } from '../../src/node/relay.js';
import { FileAttachmentStore } from '../../src/store/files/file-attachment-store.js';
import { openSqliteStore } from '../../src/store/sqlite/open.js';
import { waitFor } from '../../scripts/lib/wait-for.js';
import { RecordingFrameStream } from '../helpers/recording-frame-stream.js';
import { UNCHECKED_SIGNATURES } from '../helpers/unchecked-signatures.js';
import { doc, forward, HOP1, item, T0 } from '../store/store-fixtures.js';

const SELF = '000.00.00.H44';
const RELAY = '000.00.24.H44';
const RECIPIENT = '000.46.24.H44';

describe('why a queued copy waits', () => {
  it('the refusal of its file by a relay whose disk is full shows in trace, and goes once it is forwarded', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lienthong-queued-'));
    const store = openSqliteStore({ path: join(dir, 'db.sqlite') });
    const files = new FileAttachmentStore(join(dir, 'attachments'));
    const stream = new RecordingFrameStream();
    try {
      const table = buildRouteTable({ self: SELF, attached: [SELF], children: [{ code: RELAY, subtrees: [RELAY] }], laterals: [], statics: [] });
      const relay = new Relay(SELF, store, table, { maxDocumentBytes: 1e9, expirySeconds: 3600, maxHops: 32 }, Date.now, silentLogger(), files, UNCHECKED_SIGNATURES);
      const data = randomBytes(10_000);
      const w = files.upload();
      await w.write(data);
      const { sha256, size } = await w.finish();
      const sent = await relay.submit({
        from: SELF, to: [RECIPIENT], priority: 0, document: { subject: 'Hồ sơ lớn' }, body: Buffer.alloc(0),
        attachments: [{ contentId: 'cid:a', contentType: 'application/pdf', description: '', attachmentName: 'a.pdf', sha256, size }],
      });
      files.release(sha256);
      const session = new LinkSession({
        peer: { code: RELAY, role: 'child', allowedSenders: [] }, stream: stream as unknown as FrameStream, relay, store, files, maxFileBytes: 1e9,
        window: 10, maxInflightBytes: 1e9, retry: OUTBOX_RETRY, now: Date.now, random: () => 0.5, log: silentLogger(),
        refusals: new Refusals(store, () => undefined, silentLogger(), Date.now),
      });
      session.wake();
      await waitFor('the file offered', () => stream.written.some((f) => f.attachmentOffer?.sha256 === sha256));
      const since = store.recipients(sent.messageId)[0]!.updatedAtMs;
      const refusal = 'the disk holding /data/n2/attachments/partial is full: file could not be written';
      stream.emit('data', { attachmentStatus: { sha256, committed: 0, complete: false, errorCode: 'STORE_FULL', errorMessage: refusal } });
      await waitFor('the entry queued again', () => store.outbox({ state: 'queued' }).length === 1);
      const expected = `STORE_FULL: ${RELAY} refused file ${sha256}: ${refusal}`;
      assert.equal(store.outbox({})[0]!.lastError, expected, 'outbox list says it');
      const r = store.recipients(sent.messageId)[0]!;
      assert.equal(r.state, 'queued');
      assert.equal(r.detail, expected, 'and trace');
      assert.equal(r.updatedAtMs, since, 'queued since it was taken in');
      await session.close('test over');
      await store.reschedule(store.entryIds(RELAY, ['queued']), Date.now(), 'link closed');
      assert.equal(store.recipients(sent.messageId)[0]!.detail, 'link closed', 'the latest reason');
      const [t] = await store.leaseDue(RELAY, Date.now() + 1e9, 1);
      await store.markDelivered([t!.entry.id], Date.now());
      assert.deepEqual([store.recipients(sent.messageId)[0]!.state, store.recipients(sent.messageId)[0]!.detail], ['forwarded', '']);
    } finally {
      await files.close();
      store.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a copy queued while its link was already down says in trace what it waits for (examiner: "DETAIL -")', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lienthong-queued-'));
    const store = openSqliteStore({ path: join(dir, 'db.sqlite') });
    const files = new FileAttachmentStore(join(dir, 'attachments'));
    try {
      const table = buildRouteTable({ self: SELF, attached: [SELF], children: [{ code: RELAY, subtrees: [RELAY] }], laterals: [], statics: [] });
      const relay = new Relay(SELF, store, table, { maxDocumentBytes: 1e9, expirySeconds: 3600, maxHops: 32 }, Date.now, silentLogger(), files, UNCHECKED_SIGNATURES);
      const registry = new LinkRegistry(() => Date.UTC(2026, 10, 23, 1, 0, 0));
      registry.declare(RELAY, 'child', '');
      registry.failed(RELAY, 'no link from this child yet');
      relay.linkNote = (hop) => registry.whyWaiting(hop);
      const sent = await relay.submit({ from: SELF, to: [RECIPIENT], priority: 0, document: { subject: 'Công văn' }, body: Buffer.from('x') });
      assert.equal(store.recipients(sent.messageId)[0]!.detail, '', 'the store holds no error for it');
      const [r] = relay.trace(sent.messageId).recipients;
      assert.equal(r!.state, 'queued');
      assert.equal(r!.detail, `waiting for the link to ${RELAY} (child), which is down (since 2026-11-23T01:00:00.000Z, not up since this node started): no link from this child yet`);
      assert.equal(waitingNote({ peer: RELAY, role: 'child', state: 'up', sinceMs: 0, lastError: '', everUp: true }), null, 'nothing while the link is up');
      assert.equal(new LinkRegistry(Date.now).whyWaiting('000.47.24.H44'), 'no link to 000.47.24.H44 is configured on this node');
    } finally {
      await files.close();
      store.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('an entry a reschedule does not apply to (held by the operator, or gone) leaves its recipients as they are', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lienthong-queued-'));
    const store = openSqliteStore({ path: join(dir, 'db.sqlite') });
    try {
      const held = doc();
      const gone = doc();
      await store.accept([item(held, [forward(held.to[0]!, HOP1)]), item(gone, [forward(gone.to[0]!, HOP1)])]);
      const [a, b] = await store.leaseDue(HOP1, T0, 2);
      await store.reschedule([a!.entry.id], T0, 'link closed');
      await store.hold([a!.entry.id]);
      await store.markDelivered([b!.entry.id], T0);
      await store.reschedule([a!.entry.id, b!.entry.id], T0, 'too late');
      assert.equal(store.recipients(held.id)[0]!.detail, 'link closed', 'held: the last reason it waited stays');
      assert.deepEqual([store.recipients(gone.id)[0]!.state, store.recipients(gone.id)[0]!.detail], ['forwarded', '']);
    } finally {
      store.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
