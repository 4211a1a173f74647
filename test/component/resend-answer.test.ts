/**
 * An agency that sends a document again under its id is told what became of the copy this node
 * already holds (delivered to an inbox, acknowledged, passed on to a next hop, still queued), not
 * "queued for <hop>" as if it were new. On a real SQLite store, through the Send answer's fields.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { resendRoute } from '../../src/domain/resend-answer.js';
import { buildRouteTable } from '../../src/domain/route-table.js';
import { silentLogger } from '../../src/node/logger.js';
import { Relay } from '../../src/node/relay.js';
import { sendResponse } from '../../src/service/views.js';
import { FileAttachmentStore } from '../../src/store/files/file-attachment-store.js';
import { openSqliteStore } from '../../src/store/sqlite/open.js';
import { UNCHECKED_SIGNATURES } from '../helpers/unchecked-signatures.js';

const HUB = '000.00.00.G22';
const AGENCY = '000.00.01.G22';
const CHILD = '000.00.00.H44';
const T0 = Date.UTC(2026, 0, 15, 3, 0, 0);
const MESSAGE_ID = '0190f5c2-7d3a-7b1e-9c4f-2a6b8e1d5f70';

describe('the answer to a resend', () => {
  it('says what became of the earlier copy: delivered, acknowledged, passed on to its next hop, still queued', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lienthong-resend-'));
    const store = openSqliteStore({ path: join(dir, 'db.sqlite') });
    let nowMs = T0;
    try {
      const table = buildRouteTable({ self: HUB, attached: [HUB, AGENCY], children: [{ code: CHILD, subtrees: [CHILD] }], laterals: [], statics: [] });
      const relay = new Relay(HUB, store, table, { maxDocumentBytes: 1e9, expirySeconds: 3600, maxHops: 32 }, () => nowMs, silentLogger(),
        new FileAttachmentStore(join(dir, 'attachments')), UNCHECKED_SIGNATURES);
      const send = async () => sendResponse(await relay.submit({ from: HUB, to: [AGENCY, CHILD], priority: 0, document: { subject: 'Công văn' }, body: Buffer.from('x'), messageId: MESSAGE_ID }));

      const first = await send();
      assert.equal(first.duplicate, false);
      assert.deepEqual(first.routes, [
        { recipient: AGENCY, decision: 'local', nextHop: '', reason: '' },
        { recipient: CHILD, decision: 'forward', nextHop: CHILD, reason: 'child' },
      ]);

      nowMs = T0 + 60_000;
      const queued = await send();
      assert.equal(queued.duplicate, true);
      assert.deepEqual(queued.routes, [
        { recipient: AGENCY, decision: 'local', nextHop: '', reason: 'already delivered to its inbox on this node at 2026-01-15T03:00:00.000Z, not yet acknowledged' },
        { recipient: CHILD, decision: 'forward', nextHop: CHILD, reason: 'already queued for 000.00.00.H44 since 2026-01-15T03:00:00.000Z, not yet passed on' },
      ]);

      // The child takes its copy, and the agency reads and acknowledges its own.
      nowMs = T0 + 120_000;
      const leased = await store.leaseDue(CHILD, nowMs, 10);
      assert.equal(leased.length, 1);
      await store.markDelivered(leased.map((t) => t.entry.id), nowMs);
      nowMs = T0 + 180_000;
      assert.deepEqual(await relay.acknowledge(AGENCY, [MESSAGE_ID]), [MESSAGE_ID]);

      nowMs = T0 + 240_000;
      const done = await send();
      assert.equal(done.duplicate, true);
      assert.deepEqual(done.routes, [
        { recipient: AGENCY, decision: 'local', nextHop: '', reason: 'already delivered to its inbox on this node and acknowledged at 2026-01-15T03:03:00.000Z' },
        { recipient: CHILD, decision: 'forward', nextHop: CHILD, reason: 'already passed on to 000.00.00.H44 at 2026-01-15T03:02:00.000Z' },
      ]);
      assert.ok(done.routes!.every((r) => !/queued/.test(r.reason!)), 'nothing said to be queued');
    } finally {
      store.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a copy that failed or expired is undeliverable, with the reason kept', () => {
    const base = { recipient: CHILD, nextHop: CHILD, updatedAtMs: T0 };
    assert.deepEqual(resendRoute({ ...base, state: 'failed', detail: 'UNKNOWN_RECIPIENT: no such agency' }), {
      recipient: CHILD, decision: 'undeliverable', nextHop: CHILD, reason: 'already failed at 2026-01-15T03:00:00.000Z: UNKNOWN_RECIPIENT: no such agency',
    });
    assert.deepEqual(resendRoute({ ...base, state: 'expired', detail: 'not delivered to 000.00.00.H44 before it expired at 2026-01-15T03:00:00.000Z' }), {
      recipient: CHILD, decision: 'undeliverable', nextHop: CHILD, reason: 'already given up at 2026-01-15T03:00:00.000Z: not delivered to 000.00.00.H44 before it expired at 2026-01-15T03:00:00.000Z',
    });
  });
});
