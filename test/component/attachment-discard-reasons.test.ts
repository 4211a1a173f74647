/**
 * A file discarded while it arrives is reported for what happened to it, by the node's readers and
 * by the peers they pass it to: dropped for lack of space (STORE_FULL, retried; the next hop keeps
 * what it got for a resume), abandoned by its sender (its package failed: ATTACHMENT_MISSING, the
 * next hop deletes what it got), or corrupt (ATTACHMENT_CORRUPT: only a SHA-256 mismatch). Before,
 * every discarded file was reported downstream as "its bytes did not match its SHA-256". A full
 * disk is simulated with a symlink to /dev/full (no root needed).
 */
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterEach, beforeEach, describe, it } from 'node:test';
import pino from 'pino';
import type { LinkFrame } from '../../src/gen/lienthong/v1/LinkFrame.js';
import { AttachmentReceiver } from '../../src/link/attachment-receiver.js';
import { AttachmentSender } from '../../src/link/attachment-sender.js';
import { FileAttachmentStore } from '../../src/store/files/file-attachment-store.js';
import { waitFor } from '../../scripts/lib/wait-for.js';

const sha = (b: Buffer): string => createHash('sha256').update(b).digest('hex');
const settle = (ms = 50) => new Promise((r) => setTimeout(r, ms));
const FULL = '/dev/full';

interface Line {
  level: number;
  msg: string;
  code?: string;
  reason?: string;
}

function recordingLogger(lines: Line[]) {
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      for (const l of chunk.toString('utf8').split('\n')) if (l) lines.push(JSON.parse(l) as Line);
      done();
    },
  });
  return pino({ level: 'debug' }, sink);
}

describe('why a file was discarded while arriving', () => {
  let dir: string;
  let relay: FileAttachmentStore;
  let next: FileAttachmentStore;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'lienthong-discard-'));
    relay = new FileAttachmentStore(join(dir, 'relay'));
    next = new FileAttachmentStore(join(dir, 'next'));
  });
  afterEach(async () => {
    await relay.close();
    await next.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** The relay passes a file on to the next hop over an in-memory link; both sides log to `lines`. */
  function link(lines: Line[]) {
    const log = recordingLogger(lines);
    const calledOff: { errorCode: string; errorMessage: string }[] = [];
    let sender: AttachmentSender;
    const receiver = new AttachmentReceiver({
      peer: '000.00.24.H44', owner: 'relay#1', files: next, log, maxBytes: 1e9, syncBytes: 16 * 1024,
      write: (f: LinkFrame) => {
        const st = f.attachmentStatus;
        if (st) setImmediate(() => sender.onStatus({ sha256: st.sha256!, committed: Number(st.committed ?? 0), complete: st.complete ?? false, errorCode: st.errorCode ?? '', errorMessage: st.errorMessage ?? '' }));
        return true;
      },
    });
    sender = new AttachmentSender({
      peer: '000.46.24.H44', files: relay, log,
      write: (f: LinkFrame) => {
        setImmediate(() => {
          if (f.attachmentOffer) {
            const o = f.attachmentOffer;
            receiver.onOffer({ sha256: o.sha256!, size: Number(o.size), recipients: o.recipients ?? [], messageId: o.messageId ?? '', sender: o.sender ?? '' });
          } else if (f.attachmentChunk) {
            const c = f.attachmentChunk;
            receiver.onChunk({ sha256: c.sha256!, offset: Number(c.offset), data: Buffer.from(c.data as Buffer) });
          } else if (f.attachmentStatus?.errorCode) {
            calledOff.push({ errorCode: f.attachmentStatus.errorCode, errorMessage: f.attachmentStatus.errorMessage ?? '' });
            receiver.onCalledOff({ sha256: f.attachmentStatus.sha256!, errorCode: f.attachmentStatus.errorCode, errorMessage: f.attachmentStatus.errorMessage ?? '' });
          }
        });
        return true;
      },
    });
    return { sender, receiver, calledOff };
  }

  it('dropped for lack of space: readers get STORE_FULL, not ATTACHMENT_CORRUPT', { skip: existsSync(FULL) ? false : 'no /dev/full' }, async () => {
    const data = randomBytes(50_000);
    mkdirSync(join(dir, 'relay', 'partial'), { recursive: true });
    symlinkSync(FULL, join(dir, 'relay', 'partial', sha(data)));
    const incoming = await relay.openIncoming(sha(data), data.length, 'upstream#1');
    const reader = await relay.openReader(sha(data));
    const waiting = reader.waitFor(0);
    await assert.rejects(incoming.append(0, data), (e: Error & { code?: string }) => e.code === 'STORE_FULL');
    await assert.rejects(waiting, (e: Error & { code?: string }) =>
      e.code === 'STORE_FULL' && new RegExp(`^file ${sha(data)} was dropped while arriving: the disk holding .* is full`).test(e.message) && !/SHA-256/.test(e.message));
    assert.equal(reader.discarded, 'write-failed');
    await assert.rejects(reader.readInto(0, Buffer.alloc(10)), (e: Error & { code?: string }) => e.code === 'STORE_FULL');
    await reader.close();
  });

  it('dropped for lack of space while passing on: the next hop is told STORE_FULL and keeps what it got for a resume', { skip: existsSync(FULL) ? false : 'no /dev/full' }, async () => {
    // The relay's copy fails on its first write: the sender, following it, calls it off downstream.
    const data = randomBytes(50_000);
    mkdirSync(join(dir, 'relay', 'partial'), { recursive: true });
    symlinkSync(FULL, join(dir, 'relay', 'partial', sha(data)));
    const incoming = await relay.openIncoming(sha(data), data.length, 'upstream#1');
    const lines: Line[] = [];
    const { sender, receiver, calledOff } = link(lines);
    const passing = sender.ensure({ sha256: sha(data), size: data.length, recipients: ['000.46.24.H44'], messageId: 'm', sender: '000.00.00.H44' });
    // Conditions, not fixed sleeps: on a loaded machine 50 ms was sometimes not enough.
    await waitFor('the next hop to open the file', () => next.info(sha(data)) !== null);
    await assert.rejects(incoming.append(0, data), (e: Error & { code?: string }) => e.code === 'STORE_FULL');
    await assert.rejects(passing, (e: Error & { code?: string }) => e.code === 'STORE_FULL');
    await waitFor('the call-off to reach the next hop and be logged', () => calledOff.length > 0 && lines.some((l) => /file stopped by its sender/.test(l.msg)));
    await settle();
    assert.deepEqual(calledOff.map((c) => c.errorCode), ['STORE_FULL']);
    assert.equal(lines.filter((l) => l.code === 'ATTACHMENT_CORRUPT' || /SHA-256/.test(l.reason ?? '')).length, 0, JSON.stringify(lines));
    assert.ok(lines.some((l) => l.level === 30 && /file stopped by its sender/.test(l.msg) && l.code === 'STORE_FULL'), 'logged at info with the real reason');
    assert.ok(!lines.some((l) => l.level >= 40), 'nothing at warn: the file is not corrupt');
    assert.notEqual(next.info(sha(data)), null, 'the next hop keeps its partial file for a resume');
    await receiver.close();
    sender.close('test over');
  });

  it('a call-off for lack of space keeps the bytes that arrived; one for corruption deletes them', async () => {
    for (const [code, kept] of [['STORE_FULL', true], ['ATTACHMENT_CORRUPT', false], ['ATTACHMENT_MISSING', false]] as const) {
      const data = randomBytes(40_000);
      const lines: Line[] = [];
      const frames: LinkFrame[] = [];
      const r = new AttachmentReceiver({ peer: '000.00.24.H44', owner: `relay#${code}`, files: next, log: recordingLogger(lines), maxBytes: 1e9, syncBytes: 16 * 1024, write: (f) => frames.push(f) > 0 });
      r.onOffer({ sha256: sha(data), size: data.length, recipients: [], messageId: 'm', sender: '' });
      await waitFor('the offer answered', () => frames.length > 0);
      r.onChunk({ sha256: sha(data), offset: 0, data: data.subarray(0, 20_000) });
      await waitFor('the chunk to be durable', () => next.info(sha(data))?.bytes === 20_000);
      const downstream = await next.openReader(sha(data));
      const stopped = downstream.waitFor(30_000).then(() => null, (e: Error & { code?: string }) => e);
      r.onCalledOff({ sha256: sha(data), errorCode: code, errorMessage: `upstream: ${code}` });
      if (!kept) await waitFor(`${code}: the partial file deleted`, () => next.info(sha(data)) === null);
      await settle();
      const info = next.info(sha(data));
      if (kept) {
        assert.equal(info?.bytes, 20_000, `${code}: the durable prefix stays`);
        assert.equal((await stopped)?.code, 'ATTACHMENT_MISSING', 'readers further on stop as for a cut transfer');
        assert.equal(downstream.discarded, null);
      } else {
        assert.equal(info, null, `${code}: what arrived is deleted`);
        assert.equal((await stopped)?.code, code, 'readers further on pass the same reason on');
        assert.equal(downstream.discarded, code === 'ATTACHMENT_CORRUPT' ? 'corrupt' : 'abandoned');
      }
      assert.equal(lines.filter((l) => l.level >= 40).length, code === 'ATTACHMENT_CORRUPT' ? 1 : 0, `${code}: only corruption is a warning`);
      await downstream.close();
      await r.close();
    }
  });

  it('abandoned by its uploader: readers get ATTACHMENT_MISSING saying so, not ATTACHMENT_CORRUPT', async () => {
    const data = randomBytes(30_000);
    const upload = relay.uploadDeclared(sha(data), data.length, 'edXML attachment cid:1');
    assert.equal(await upload.arriving, true);
    await upload.write(data.subarray(0, 10_000));
    const reader = await relay.openReader(sha(data));
    const stopped = reader.waitFor(20_000).then(() => null, (e: Error & { code?: string }) => e);
    await upload.abort();
    const e = await stopped;
    assert.equal(e?.code, 'ATTACHMENT_MISSING');
    assert.match(e?.message ?? '', /was abandoned while arriving: the package that carried edXML attachment cid:1 failed/);
    assert.equal(reader.discarded, 'abandoned');
    assert.equal(relay.info(sha(data)), null);
    await reader.close();
  });

  it('corrupt: still ATTACHMENT_CORRUPT', async () => {
    const good = randomBytes(20_000);
    const bad = Buffer.from(good);
    bad[5] ^= 1;
    const incoming = await relay.openIncoming(sha(good), good.length, 'upstream#1');
    const reader = await relay.openReader(sha(good));
    await incoming.append(0, bad);
    const stopped = reader.waitFor(good.length - 1).then(() => null, (e: Error & { code?: string }) => e);
    await assert.rejects(incoming.finish(), (e: Error & { code?: string }) => e.code === 'ATTACHMENT_CORRUPT');
    assert.equal((await stopped)?.code, 'ATTACHMENT_CORRUPT');
    assert.match((await stopped)?.message ?? '', /did not match its SHA-256/);
    assert.equal(reader.discarded, 'corrupt');
    await reader.close();
  });
});
