/**
 * The sending half of a file transfer, with a file store held in memory: the offer names the
 * document and its sender, and a peer's ATTACHMENT_ALTERED fails only the document that offer
 * named with that code (the peer reported it to its sender); other documents waiting for the same
 * file fail as ATTACHMENT_CORRUPT, which their node reports itself.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import pino from 'pino';
import { LienthongError } from '../../src/domain/errors.js';
import { refuserReports } from '../../src/domain/status-message.js';
import type { LinkFrame } from '../../src/gen/lienthong/v1/LinkFrame.js';
import { AttachmentSender } from '../../src/link/attachment-sender.js';
import type { AttachmentReader, AttachmentStore, Recheck } from '../../src/store/attachment-store.js';

const SHA = 'ab'.repeat(32);
const SIZE = 4096;

/** A held copy that checks out unless `recheck` says otherwise (AttachmentStore.recheck). */
function memoryFiles(recheck: () => Promise<Recheck> = async () => ({ state: 'intact' })): AttachmentStore {
  const reader: AttachmentReader = {
    size: SIZE,
    discarded: null,
    available: () => SIZE,
    waitFor: async () => undefined,
    read: async (_offset, length) => Buffer.alloc(length, 7),
    readInto: async (_offset, target) => void target.fill(7),
    close: async () => undefined,
  };
  return { openReader: async () => reader, recheck } as unknown as AttachmentStore;
}

describe('AttachmentSender', () => {
  it('offers a file with its document and sender; the peer finding it altered fails that document as ATTACHMENT_ALTERED, others as ATTACHMENT_CORRUPT', async () => {
    const frames: LinkFrame[] = [];
    const sender = new AttachmentSender({ peer: '000.00.00.G22', files: memoryFiles(), write: (f) => frames.push(f) > 0, log: pino({ level: 'silent' }) });
    const first = sender.ensure({ sha256: SHA, size: SIZE, recipients: ['000.00.00.H41'], messageId: 'm-first', sender: '000.00.00.H44' });
    const second = sender.ensure({ sha256: SHA, size: SIZE, recipients: ['000.00.00.H41'], messageId: 'm-second', sender: '000.00.24.H44' });
    const offer = await (async () => {
      for (let i = 0; i < 100 && !frames.some((f) => f.attachmentOffer); i++) await new Promise((r) => setImmediate(r));
      return frames.find((f) => f.attachmentOffer)?.attachmentOffer;
    })();
    assert.deepEqual(offer, { sha256: SHA, size: SIZE, recipients: ['000.00.00.H41'], messageId: 'm-first', sender: '000.00.00.H44' });
    assert.equal(frames.filter((f) => f.attachmentOffer).length, 1, 'one offer for both documents');

    sender.onStatus({ sha256: SHA, committed: 0, complete: false, errorCode: 'ATTACHMENT_ALTERED', errorMessage: 'file does not match its SHA-256 at node 000.00.00.G22' });
    await assert.rejects(first, (e: LienthongError) => e.code === 'ATTACHMENT_ALTERED' && /does not match/.test(e.message));
    await assert.rejects(second, (e: LienthongError) => e.code === 'ATTACHMENT_CORRUPT' && /does not match/.test(e.message));
  });

  it('a file the peer found altered is not sent again for the same document on the session: its transfer fails at once', async () => {
    const frames: LinkFrame[] = [];
    const sender = new AttachmentSender({ peer: '000.00.00.G22', files: memoryFiles(), write: (f) => frames.push(f) > 0, log: pino({ level: 'silent' }) });
    const file = { sha256: SHA, size: SIZE, recipients: ['000.00.00.H41'], messageId: 'm-doc', sender: '000.00.00.H44' };
    // Passed on ahead of its document (cut-through), then refused as altered.
    sender.prefetch(file);
    for (let i = 0; i < 100 && !frames.some((f) => f.attachmentOffer); i++) await new Promise((r) => setImmediate(r));
    sender.onStatus({ sha256: SHA, committed: 0, complete: false, errorCode: 'ATTACHMENT_ALTERED', errorMessage: 'file does not match its SHA-256 at node 000.00.00.G22' });
    // The document's transfer then needs the file: no second offer, the same answer.
    await assert.rejects(sender.ensure(file), (e: LienthongError) => e.code === 'ATTACHMENT_ALTERED' && /at node 000\.00\.00\.G22/.test(e.message));
    await new Promise((r) => setImmediate(r));
    assert.equal(frames.filter((f) => f.attachmentOffer).length, 1, 'offered once');
    // Another document with the same file is offered it again (it may be this node's own fault to find out).
    const other = sender.ensure({ ...file, messageId: 'm-other' });
    for (let i = 0; i < 100 && frames.filter((f) => f.attachmentOffer).length < 2; i++) await new Promise((r) => setImmediate(r));
    assert.equal(frames.filter((f) => f.attachmentOffer).length, 2);
    sender.onStatus({ sha256: SHA, committed: SIZE, complete: true, errorCode: '', errorMessage: '' });
    await other;
  });

  it('a sender the peer refuses fails only the document the offer named; another document with the same file is offered it again', async () => {
    const frames: LinkFrame[] = [];
    const sender = new AttachmentSender({ peer: '000.00.00.G22', files: memoryFiles(), write: (f) => frames.push(f) > 0, log: pino({ level: 'silent' }) });
    const first = sender.ensure({ sha256: SHA, size: SIZE, recipients: ['000.00.00.H41'], messageId: 'm-lateral', sender: '000.00.00.H29' });
    const second = sender.ensure({ sha256: SHA, size: SIZE, recipients: ['000.00.00.H41'], messageId: 'm-own', sender: '000.00.00.H44' });
    for (let i = 0; i < 100 && !frames.some((f) => f.attachmentOffer); i++) await new Promise((r) => setImmediate(r));
    sender.onStatus({ sha256: SHA, committed: 0, complete: false, errorCode: 'SENDER_NOT_ALLOWED', errorMessage: '000.00.00.H44 may not hand over files of documents from 000.00.00.H29' });
    await assert.rejects(first, (e: LienthongError) => e.code === 'SENDER_NOT_ALLOWED');
    await assert.rejects(second, (e: LienthongError) => e.code === 'PEER_BUSY' && /offered again for document m-own/.test(e.message) && !e.permanent);
  });

  it('a refused file whose copy here no longer matches names this node\'s disk: the document the offer named fails, the others wait for the file (ATTACHMENT_MISSING); no offer while it is checked', async () => {
    const frames: LinkFrame[] = [];
    let checked!: (r: Recheck) => void;
    const files = memoryFiles(() => new Promise((r) => (checked = r)));
    const sender = new AttachmentSender({ peer: '000.00.00.G22', files, write: (f) => frames.push(f) > 0, log: pino({ level: 'silent' }) });
    const file = { sha256: SHA, size: SIZE, recipients: ['000.00.00.H41'], messageId: 'm-first', sender: '000.00.00.H44' };
    const first = sender.ensure(file);
    const second = sender.ensure({ ...file, messageId: 'm-second' });
    for (let i = 0; i < 100 && !frames.some((f) => f.attachmentOffer); i++) await new Promise((r) => setImmediate(r));
    sender.onStatus({ sha256: SHA, committed: 0, complete: false, errorCode: 'ATTACHMENT_ALTERED', errorMessage: 'file arrived with SHA-256 ffff: it was corrupted or altered on the way' });
    // A third document needing the file meanwhile is not offered it before the check ends.
    const third = sender.ensure({ ...file, messageId: 'm-third' });
    for (let i = 0; i < 20; i++) await new Promise((r) => setImmediate(r));
    assert.equal(frames.filter((f) => f.attachmentOffer).length, 1, 'no offer while the copy here is checked');
    checked({ state: 'damaged', path: '/data/attachments/complete/ab/x', found: 'ff'.repeat(32), movedTo: '/data/attachments/quarantine/x' });
    await assert.rejects(first, (e: LienthongError) => e.code === 'ATTACHMENT_ALTERED' && /damaged on this node's disk, not on the way/.test(e.message) && /quarantine/.test(e.message));
    await assert.rejects(second, (e: LienthongError) => e.code === 'ATTACHMENT_MISSING' && !e.permanent && /damaged/.test(e.message));
    // Offered again after the check (the store no longer holds it: here the fake still does).
    for (let i = 0; i < 100 && frames.filter((f) => f.attachmentOffer).length < 2; i++) await new Promise((r) => setImmediate(r));
    assert.equal(frames.filter((f) => f.attachmentOffer).length, 2);
    sender.onStatus({ sha256: SHA, committed: SIZE, complete: true, errorCode: '', errorMessage: '' });
    await third;
  });

  it('the node that refused a copy as altered or wrongly signed is the one that reports it', () => {
    assert.equal(refuserReports('ATTACHMENT_ALTERED'), true);
    assert.equal(refuserReports('SIGNATURE_INVALID'), true);
    assert.equal(refuserReports('ATTACHMENT_CORRUPT'), false);
    assert.equal(refuserReports('INVALID_DOCUMENT'), false);
  });
});
