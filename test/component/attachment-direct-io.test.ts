/**
 * Large attachment files written with O_DIRECT through a ring of aligned memory, on a real disk:
 * odd-sized chunks land byte for byte, readers take recent bytes from memory and older ones from
 * the file, a cut transfer keeps only whole blocks and resumes from them, a partial file left
 * unaligned by the page cache resumes at a block boundary, and a file whose bytes all arrived before
 * a restart is completed when it is offered again.
 */
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { closeSync, constants, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, it } from 'node:test';
import type { LinkFrame } from '../../src/gen/lienthong/v1/LinkFrame.js';
import { AttachmentReceiver } from '../../src/link/attachment-receiver.js';
import { silentLogger } from '../../src/node/logger.js';
import { BLOCK_BYTES, dropSpareRings, releaseRing, RING_BYTES, takeRing } from '../../src/store/files/direct-ring.js';
import { FileAttachmentStore } from '../../src/store/files/file-attachment-store.js';
import type { PartialFile } from '../../src/store/files/incoming-file.js';

const sha = (b: Buffer): string => createHash('sha256').update(b).digest('hex');
const MiB = 1024 * 1024;

/** Whether the test's file system takes O_DIRECT at all (tmpfs before Linux 6.6 does not). */
function directSupported(dir: string): boolean {
  const probe = join(dir, 'probe');
  try {
    closeSync(openSync(probe, constants.O_CREAT | constants.O_RDWR | constants.O_DIRECT));
    return true;
  } catch {
    return false;
  } finally {
    rmSync(probe, { force: true });
  }
}

describe('attachment files written with O_DIRECT', () => {
  let dir: string;
  let files: FileAttachmentStore;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'lienthong-direct-'));
    files = new FileAttachmentStore(join(dir, 'attachments'));
  });
  afterEach(async () => {
    await files.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const open = async (data: Buffer, owner = 'peer#1'): Promise<PartialFile> =>
    (await files.openIncoming(sha(data), data.length, owner)) as PartialFile;

  it('writes odd-sized chunks byte for byte; readers copy recent bytes from memory and older ones from the file', async () => {
    const data = randomBytes(10 * MiB + 12_345);
    const file = await open(data);
    if (directSupported(dir)) assert.equal(file.writesDirect, true, 'O_DIRECT is used where the file system takes it');
    assert.ok(Number.isFinite(file.recentFrom()) || !file.writesDirect);
    const reader = await files.openReader(sha(data));
    // Chunk sizes a relay passes on (whatever has arrived), one larger than half the ring, tiny ones.
    const sizes = [975_801, MiB, 3, BLOCK_BYTES, RING_BYTES / 2 + 77_777, 123_457, 2 * MiB + 1];
    let at = 0;
    let lagChecked = false;
    for (let i = 0; at < data.length; i++) {
      const n = Math.min(sizes[i % sizes.length]!, data.length - at);
      await file.append(at, data.subarray(at, at + n));
      at += n;
      // A reader right behind the writer gets exactly the chunk (from the ring when there is one).
      const got = Buffer.alloc(n);
      await reader.readInto(at - n, got);
      assert.ok(got.equals(data.subarray(at - n, at)), `chunk at ${at - n} read back intact`);
      if (!lagChecked && file.writesDirect && file.recentFrom() > MiB) {
        // A reader lagging behind the ring reads from the file; one spanning both gets both halves.
        lagChecked = true;
        const old = Buffer.alloc(MiB);
        await reader.readInto(0, old);
        assert.ok(old.equals(data.subarray(0, MiB)), 'bytes no longer in memory come from the file');
        const low = file.recentFrom();
        const span = Buffer.alloc(2 * BLOCK_BYTES + 100);
        await reader.readInto(low - BLOCK_BYTES - 50, span);
        assert.ok(span.equals(data.subarray(low - BLOCK_BYTES - 50, low + BLOCK_BYTES + 50)), 'a read across the ring’s lower edge');
      }
      if (file.writesDirect && at < data.length) {
        const committed = await file.sync();
        assert.equal(committed % BLOCK_BYTES, 0, 'only whole blocks are durable before the end');
        assert.ok(committed <= at && at - committed < BLOCK_BYTES, `committed ${committed} trails written ${at} by less than a block`);
      }
    }
    if (file.writesDirect) assert.ok(lagChecked, 'the lagging read was exercised');
    await file.finish();
    await reader.close();
    assert.equal(file.recentFrom(), Infinity, 'the ring is released once the file is complete');
    assert.equal(files.has(sha(data)), true);
    const stored = readFileSync(join(dir, 'attachments', 'complete', sha(data).slice(0, 2), sha(data)));
    assert.ok(stored.equals(data), 'the file on disk is the file sent');
  });

  it('reuses a finished file\'s ring for the next file, and lets go of it when the node is idle', () => {
    const ring = takeRing();
    assert.equal(ring.length, RING_BYTES);
    releaseRing(ring);
    assert.equal(takeRing(), ring, 'a released ring holds the next file');
    releaseRing(ring);
    dropSpareRings();
    assert.notEqual(takeRing(), ring, 'a dropped ring is not reused');
  });

  it('keeps only whole blocks of a cut transfer and resumes from them', async () => {
    const data = randomBytes(6 * MiB + 999);
    const first = await open(data);
    const cut = 5 * MiB + 1_000;
    await first.append(0, data.subarray(0, 3 * MiB));
    await first.append(3 * MiB, data.subarray(3 * MiB, cut));
    const direct = first.writesDirect;
    await first.close(); // the link is cut
    const expected = direct ? cut - (cut % BLOCK_BYTES) : cut;
    assert.equal(first.committed, expected);
    assert.deepEqual(files.info(sha(data)), { sha256: sha(data), bytes: expected, complete: false });

    await files.close(); // and the node restarts
    files = new FileAttachmentStore(join(dir, 'attachments'));
    const again = await open(data, 'peer#2');
    assert.equal(again.written, expected, 'the transfer resumes where the durable bytes end');
    await again.append(expected, data.subarray(expected));
    await again.finish();
    const stored = readFileSync(join(dir, 'attachments', 'complete', sha(data).slice(0, 2), sha(data)));
    assert.ok(stored.equals(data));
  });

  it('resumes a partial file left unaligned by the page cache at a block boundary', async (t) => {
    if (!directSupported(dir)) return t.skip('no O_DIRECT on this file system');
    const data = randomBytes(5 * MiB);
    const held = 4 * MiB + 1_234;
    mkdirSync(join(dir, 'attachments', 'partial'), { recursive: true });
    writeFileSync(join(dir, 'attachments', 'partial', sha(data)), data.subarray(0, held));
    const file = await open(data);
    assert.equal(file.written, held - (held % BLOCK_BYTES));
    await file.append(file.written, data.subarray(file.written));
    await file.finish();
    assert.equal(files.has(sha(data)), true);
  });

  it('completes a file whose bytes all arrived before a restart when it is offered again', async () => {
    const data = randomBytes(300_000);
    const partial = join(dir, 'attachments', 'partial', sha(data));
    writeFileSync(partial, data);
    const frames: LinkFrame[] = [];
    const receiver = new AttachmentReceiver({ peer: 'peer', owner: 'peer#1', files, write: (f) => frames.push(f) > 0, log: silentLogger(), maxBytes: 1e9 });
    receiver.onOffer({ sha256: sha(data), size: data.length, recipients: [], messageId: 'm', sender: '' });
    await new Promise((r) => setTimeout(r, 100));
    const last = frames.at(-1)?.attachmentStatus;
    assert.equal(last?.complete, true, `answered ${JSON.stringify(last)}`);
    assert.equal(files.has(sha(data)), true);

    // The same with bytes that do not match: they were here before this link offered them, so the
    // peer is not blamed: it is asked to send the file again from the start, and nothing is kept.
    const other = randomBytes(300_000);
    const wrong = Buffer.from(other);
    wrong[5] ^= 1;
    writeFileSync(join(dir, 'attachments', 'partial', sha(other)), wrong);
    receiver.onOffer({ sha256: sha(other), size: other.length, recipients: [], messageId: 'm2', sender: '' });
    await new Promise((r) => setTimeout(r, 100));
    assert.equal(frames.at(-1)?.attachmentStatus?.errorCode, 'PEER_BUSY');
    assert.match(String(frames.at(-1)?.attachmentStatus?.errorMessage), /held here before this transfer .* send it from the start/);
    assert.equal(files.info(sha(other)), null);
    await receiver.close();
  });
});
