/**
 * Regressions for defects a review found, on real SQLite files: a second message reusing an id,
 * a body released before a later copy needed it, a lease larger than the link's byte budget, an
 * acknowledgement that could not be recorded, an inbox stream that ignored backpressure.
 */
import { MAX_BODY_BYTES } from '../../src/domain/envelope.js';
import { FileAttachmentStore } from '../../src/store/files/file-attachment-store.js';
import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { waitFor } from '../../scripts/lib/wait-for.js';
import { buildDocument } from '../../src/domain/envelope.js';
import { LienthongError } from '../../src/domain/errors.js';
import { buildRouteTable } from '../../src/domain/route-table.js';
import { OUTBOX_RETRY } from '../../src/domain/retry-schedule.js';
import type { LinkFrame } from '../../src/gen/lienthong/v1/LinkFrame.js';
import { LinkSession, type FrameStream } from '../../src/link/link-session.js';
import { silentLogger } from '../../src/node/logger.js';
import { Relay } from '../../src/node/relay.js';
import { streamInbox } from '../../src/service/inbox-stream.js';
import { openSqliteStore } from '../../src/store/sqlite/open.js';
import type { SqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import { UNCHECKED_SIGNATURES } from '../helpers/unchecked-signatures.js';
import { Refusals } from '../../src/node/refusals.js';

const HUB = '000.00.00.G22';
const PARENT = { code: '000.00.00.K01', role: 'parent' as const, allowedSenders: [] };
const limits = { maxDocumentBytes: 128 * 1024 * 1024, expirySeconds: 3600, maxHops: 32 };

class FakeStream extends EventEmitter {
  written: LinkFrame[] = [];
  writable = true;
  write(frame: LinkFrame): boolean {
    this.written.push(frame);
    return this.writable;
  }
  end(): void {}
}

describe('review regressions', () => {
  let dir: string;
  let store: SqliteStore;
  let relay: Relay;
  let files: FileAttachmentStore;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'lienthong-review-'));
    store = openSqliteStore({ path: join(dir, 'db.sqlite') });
    files = new FileAttachmentStore(join(dir, 'attachments'));
    const table = buildRouteTable({ self: HUB, attached: ['000.00.00.G22', '000.00.01.G22'], children: [{ code: '000.00.00.H44', subtrees: ['000.00.00.H44'] }], laterals: [], statics: [] });
    relay = new Relay(HUB, store, table, limits, Date.now, silentLogger(), files, UNCHECKED_SIGNATURES);
  });
  afterEach(() => {
    store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const doc = (from: string, to: string[], body: string, id?: string) =>
    buildDocument({ from, to, priority: 0, document: { subject: body }, body: Buffer.from(body), ...(id ? { messageId: id } : {}) }, limits, Date.now());
  /** The path of a copy that passed `code`, then the parent that hands it over (last, as every node hands a copy on). */
  const hop = (code: string) => [{ nodeCode: code, atMs: Date.now() }, { nodeCode: PARENT.code, atMs: Date.now() }];

  it('refuses a different message that reuses an id the node already holds', async () => {
    const a = doc('000.00.07.H29', ['000.00.00.G22'], 'văn bản A');
    await relay.receiveTransfer(PARENT, { message: a, recipients: a.to, trace: hop('000.00.00.H29') });
    const b = doc('000.00.08.H29', ['000.00.01.G22'], 'văn bản B', a.id);
    await assert.rejects(
      relay.receiveTransfer(PARENT, { message: b, recipients: b.to, trace: hop('000.00.00.H29') }),
      (e: Error & { code?: string }) => e.code === 'INVALID_DOCUMENT',
    );
    assert.equal(store.inbox('000.00.01.G22', 0, 10, true).length, 0, 'nothing of A reaches B\'s recipient');
  });

  it('refuses to resend an id to other recipients instead of calling it a duplicate', async () => {
    const first = await relay.submit({ from: '000.00.00.G22', to: ['000.00.01.G22'], priority: 0, document: { subject: 'x' }, body: Buffer.from('x') });
    await assert.rejects(
      relay.submit({ from: '000.00.00.G22', to: ['000.00.01.G22', '000.00.00.H44'], priority: 0, document: { subject: 'x' }, body: Buffer.from('x'), messageId: first.messageId }),
      (e: Error & { code?: string }) => e.code === 'INVALID_ARGUMENT',
    );
  });

  it('lets a copy requeued upstream live longer than its signed expiry, but no longer than a document arriving now', async () => {
    // Made by a sender that gives documents 10 minutes; this node gives them an hour.
    const m = buildDocument({ from: '000.00.07.H29', to: ['000.00.00.H44'], priority: 0, document: { subject: 'gửi lại sau khi hết hạn' }, body: Buffer.from('x') }, { ...limits, expirySeconds: 600 }, Date.now());
    const beforeMs = Date.now();
    await relay.receiveTransfer(PARENT, { message: m, recipients: m.to, trace: hop('000.00.00.H29'), expiresAtMs: m.expiresAtMs + 1_000 });
    const requeued = await relay.receiveTransfer(PARENT, { message: doc('000.00.07.H29', ['000.00.00.H44'], 'kéo dài mãi'), recipients: m.to, trace: hop('000.00.00.H29'), expiresAtMs: beforeMs + 365 * 86_400_000 });
    const entries = store.outbox({ nextHop: '000.00.00.H44' });
    const first = entries.find((e) => e.messageId === m.id)!;
    assert.equal(first.expiresAtMs, m.expiresAtMs + 1_000, 'an extension within the node\'s own lifetime is kept');
    const long = entries.find((e) => e.messageId === requeued.messageId)!;
    assert.ok(long.expiresAtMs <= Date.now() + limits.expirySeconds * 1000, `a year's extension (a relay's word) is cut to this node's lifetime: ${new Date(long.expiresAtMs).toISOString()}`);
  });

  it('acknowledges a resent copy it holds as a duplicate without checking its signature again (its signer may be revoked since)', async () => {
    const m = doc('000.00.07.H29', ['000.00.00.G22'], 'gửi lại sau khi mất xác nhận');
    const first = await relay.receiveTransfer(PARENT, { message: m, recipients: m.to, trace: hop('000.00.00.H29') });
    assert.equal(first.duplicate, false);
    let checks = 0;
    const revokedSince = new Relay(HUB, store, buildRouteTable({ self: HUB, attached: ['000.00.00.G22'], children: [], laterals: [], statics: [] }), limits, Date.now, silentLogger(), files, {
      sign: UNCHECKED_SIGNATURES.sign,
      verify: async () => {
        checks++;
        throw new LienthongError('SIGNATURE_INVALID', 'the signer\'s certificate is revoked');
      },
    });
    const duplicatesBefore = store.counters().duplicates;
    const again = await revokedSince.receiveTransfer(PARENT, { message: m, recipients: m.to, trace: hop('000.00.00.H29') });
    assert.equal(again.duplicate, true, 'held: acknowledged as a duplicate');
    assert.equal(checks, 0, 'no second signature check');
    await store.accept([]); // the counter rides on the next commit
    assert.equal(store.counters().duplicates, duplicatesBefore + 1, 'counted as a duplicate');
    assert.equal(store.inbox('000.00.00.G22', 0, 10, true).length, 1, 'still delivered once');
    // A copy with a recipient not held yet is a new copy: it is checked (and here refused).
    const wider = doc('000.00.07.H29', ['000.00.00.G22', '000.00.01.G22'], 'thêm người nhận');
    await relay.receiveTransfer(PARENT, { message: wider, recipients: ['000.00.00.G22'], trace: hop('000.00.00.H29') });
    await assert.rejects(
      revokedSince.receiveTransfer(PARENT, { message: wider, recipients: ['000.00.01.G22'], trace: hop('000.00.00.H41') }),
      (e: Error & { code?: string }) => e.code === 'SIGNATURE_INVALID',
    );
    assert.equal(checks, 1);
  });

  it('gives a released body back when a later copy brings new recipients', async () => {
    const m = doc('000.00.07.H29', ['000.00.00.G22', '000.00.01.G22'], 'nội dung đầy đủ');
    await relay.receiveTransfer(PARENT, { message: m, recipients: ['000.00.00.G22'], trace: hop('000.00.00.H29') });
    await relay.acknowledge('000.00.00.G22', [m.id]);
    assert.equal(store.message(m.id)!.message.body.length, 0, 'the body left once delivered and acknowledged');
    await relay.receiveTransfer(PARENT, { message: m, recipients: ['000.00.01.G22'], trace: hop('000.00.00.H41') });
    const item = store.inbox('000.00.01.G22', 0, 10, false)[0]!;
    assert.equal(item.message.body.toString(), 'nội dung đầy đủ', 'the second recipient gets the whole document');
  });

  it('leases no more than the byte budget (but always one entry)', async () => {
    for (let i = 0; i < 10; i++) await relay.submit({ from: '000.00.00.G22', to: ['000.00.00.H44'], priority: 0, document: { subject: `${i}` }, body: Buffer.alloc(100_000, i) });
    assert.equal((await store.leaseDue('000.00.00.H44', Date.now(), 100, 350_000)).length, 3);
    assert.equal((await store.leaseDue('000.00.00.H44', Date.now(), 100, 10)).length, 1);
  });

  it('retries recording an acknowledgement that failed, so no entry stays in flight unowned', async () => {
    await relay.submit({ from: '000.00.00.G22', to: ['000.00.00.H44'], priority: 0, document: { subject: 'x' }, body: Buffer.from('x') });
    const real = store.markDelivered.bind(store);
    let failures = 1;
    store.markDelivered = (ids, now) => (failures-- > 0 ? Promise.reject(new Error('disk I/O error')) : real(ids, now));
    const stream = new FakeStream();
    const session = new LinkSession({
      peer: { code: '000.00.00.H44', role: 'child', allowedSenders: ['000.00.00.H44'] }, stream: stream as unknown as FrameStream, relay, store, files, maxFileBytes: 1e9,
      window: 10, maxInflightBytes: 1e9, retry: OUTBOX_RETRY, now: Date.now, random: () => 0.5, log: silentLogger(), refusals: new Refusals(store, () => undefined, silentLogger(), Date.now),
    });
    session.wake();
    await waitFor('the transfer sent', () => stream.written.length === 1);
    stream.emit('data', { acks: { acks: [{ seq: Number(stream.written[0]!.transfer!.seq), result: 'ACK_RESULT_ACCEPTED', errorCode: '', errorMessage: '' }] } });
    await session.close('test');
    await waitFor('the acknowledgement recorded on retry', () => store.outboxDepths().every((d) => d.inflight === 0 && d.queued === 0), 5_000);
  });

  it('fails for good, with a report, a copy whose body is past what one message between nodes carries, and sends the others', async () => {
    const big = await relay.submit({ from: '000.00.00.G22', to: ['000.00.00.H44'], priority: 0, document: { subject: 'lớn' }, body: Buffer.alloc(MAX_BODY_BYTES + 1) });
    const small = await relay.submit({ from: '000.00.00.G22', to: ['000.00.00.H44'], priority: 0, document: { subject: 'nhỏ' }, body: Buffer.from('x') });
    const stream = new FakeStream();
    const session = new LinkSession({
      peer: { code: '000.00.00.H44', role: 'child', allowedSenders: ['000.00.00.H44'] }, stream: stream as unknown as FrameStream, relay, store, files, maxFileBytes: 1e9,
      window: 10, maxInflightBytes: 1e9, retry: OUTBOX_RETRY, now: Date.now, random: () => 0.5, log: silentLogger(), refusals: new Refusals(store, () => undefined, silentLogger(), Date.now),
    });
    try {
      session.wake();
      await waitFor('the oversized copy failed', () => store.outbox({ state: 'failed' }).find((e) => e.messageId === big.messageId));
      const failed = store.outbox({ state: 'failed' })[0]!;
      assert.match(failed.lastError, /^DOCUMENT_TOO_LARGE: 000\.00\.00\.H44 was not sent it: its body is 67108865 bytes, more than the 67108864 \(64 MiB\) one message between nodes carries/);
      await waitFor('the small one sent', () => stream.written.some((f) => [f.transfer, ...(f.transferBatch?.transfers ?? [])].some((t) => t?.message?.id === small.messageId)));
      assert.ok(stream.written.every((f) => f.transfer?.message?.id !== big.messageId && !(f.transferBatch?.transfers ?? []).some((t) => t.message?.id === big.messageId)), 'never written to the link');
      const ndr = store.inbox('000.00.00.G22', 0, 10, false).find((i) => i.message.status?.refMessageId === big.messageId);
      assert.equal(ndr?.message.status?.errorCode, 'DOCUMENT_TOO_LARGE', 'the sender gets a non-delivery report');
    } finally {
      await session.close('test');
    }
  });

  it('stops writing to an inbox stream until it drains', async () => {
    for (let i = 0; i < 3; i++) await relay.submit({ from: '000.00.00.G22', to: ['000.00.01.G22'], priority: 0, document: { subject: `${i}` }, body: Buffer.from('x') });
    const call = Object.assign(new EventEmitter(), { writes: 0, write(): boolean { this.writes++; return false; }, end() {} });
    streamInbox(call as never, relay, store, '000.00.01.G22', true, 0, silentLogger());
    assert.equal(call.writes, 1, 'the first write filled the buffer');
    for (let i = 0; i < 50; i++) relay.emit('inbox', null);
    assert.equal(call.writes, 1, 'no more writes while waiting for drain');
    assert.ok(call.listenerCount('drain') <= 1, 'no pile of drain listeners');
    call.write = function () { this.writes++; return true; };
    call.emit('drain');
    assert.equal(call.writes, 3, 'the rest after drain');
    call.emit('cancelled');
  });
});
