/**
 * Flow control of a link session, on a real SQLite store with a fake stream: a peer that never
 * acknowledges never gets more than the window; acknowledgements open the window again.
 */
import { FileAttachmentStore } from '../../src/store/files/file-attachment-store.js';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { buildRouteTable } from '../../src/domain/route-table.js';
import { OUTBOX_RETRY } from '../../src/domain/retry-schedule.js';
import { LinkSession, type FrameStream } from '../../src/link/link-session.js';
import { silentLogger } from '../../src/node/logger.js';
import { Relay } from '../../src/node/relay.js';
import { openSqliteStore } from '../../src/store/sqlite/open.js';
import { waitFor } from '../../scripts/lib/wait-for.js';
import { RecordingFrameStream } from '../helpers/recording-frame-stream.js';
import { UNCHECKED_SIGNATURES } from '../helpers/unchecked-signatures.js';
import { Refusals } from '../../src/node/refusals.js';

describe('link session window', () => {
  it('keeps at most `window` transfers unacknowledged and resumes on acks', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lienthong-window-'));
    const store = openSqliteStore({ path: join(dir, 'db.sqlite') });
    const files = new FileAttachmentStore(join(dir, 'attachments'));
    try {
      const table = buildRouteTable({ self: '000.46.24.H44', parent: '000.00.24.H44', attached: ['000.46.24.H44'], children: [], laterals: [], statics: [] });
      const relay = new Relay('000.46.24.H44', store, table, { maxDocumentBytes: 1e6, expirySeconds: 3600, maxHops: 32 }, Date.now, silentLogger(), files, UNCHECKED_SIGNATURES);
      for (let i = 0; i < 25; i++) {
        await relay.submit({ from: '000.46.24.H44', to: ['000.00.00.H29'], priority: 0, document: { subject: `#${i}` }, body: Buffer.from(String(i)) });
      }
      const stream = new RecordingFrameStream();
      const session = new LinkSession({
        peer: { code: '000.00.24.H44', role: 'parent', allowedSenders: [] }, stream: stream as unknown as FrameStream, relay, store, files, maxFileBytes: 1e6,
        window: 10, maxInflightBytes: 1e9, retry: OUTBOX_RETRY, now: Date.now, random: () => 0.5, log: silentLogger(), refusals: new Refusals(store, () => undefined, silentLogger(), Date.now),
      });
      session.wake();
      await waitFor('the first window sent', () => stream.written.length === 10);
      session.wake();
      await new Promise((r) => setImmediate(r));
      assert.equal(stream.written.length, 10, 'no more than the window while nothing is acknowledged');
      assert.equal(session.inflightCount, 10);

      const seqs = stream.written.slice(0, 4).map((f) => Number(f.transfer!.seq));
      stream.emit('data', { acks: { acks: seqs.map((seq) => ({ seq, result: 'ACK_RESULT_ACCEPTED', errorCode: '', errorMessage: '' })) } });
      await waitFor('the window refilled', () => stream.written.length === 14);
      assert.equal(session.inflightCount, 10);
      assert.equal(store.outboxDepths()[0]!.queued + store.outboxDepths()[0]!.inflight, 21, 'acknowledged entries left the outbox');
      await session.close('test over');
      assert.equal(store.outboxDepths()[0]!.inflight, 0, 'closing puts in-flight entries back in the queue');
    } finally {
      store.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
