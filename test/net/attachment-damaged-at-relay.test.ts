/**
 * A file damaged on a relay's own disk (real nodes in-process, gRPC on 127.0.0.1, mutual TLS, SQLite
 * and attachment files on disk): the next hop refuses the bytes as not matching the file's SHA-256;
 * the relay hashes its copy again, finds it damaged, says so naming its own disk, and moves it aside,
 * so the same file sent again in a new document is taken afresh and delivered intact. A document
 * that waited at the relay for the same file goes out with it (it waited as for a missing file).
 */
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { closeSync, existsSync, openSync, readFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import pino from 'pino';
import { waitFor } from '../../scripts/lib/wait-for.js';
import type { AttachmentRef } from '../../src/domain/types.js';
import { silentLogger } from '../../src/node/logger.js';
import type { RunningNode } from '../../src/node/node.js';
import type { FileAttachmentStore } from '../../src/store/files/file-attachment-store.js';
import { startTestNetwork, type TestNetwork } from '../helpers/in-process-network.js';

const C07 = '000.00.07.H29';
const C08 = '000.00.08.H29';
const RELAY = '000.00.00.H29';

const TOPOLOGY = [
  { name: 'national', code: '000.00.00.G22', agencies: ['000.00.00.G22'] },
  { name: 'h29', code: RELAY, parent: 'national', agencies: [RELAY] },
  { name: 'c07', code: C07, parent: 'h29', agencies: [C07] },
  { name: 'c08', code: C08, parent: 'h29', agencies: [C08] },
];

const sha = (b: Buffer): string => createHash('sha256').update(b).digest('hex');

/** Stores `data` as an attachment file on `node` (as an agency upload would). */
async function upload(node: RunningNode, data: Buffer, name: string): Promise<AttachmentRef> {
  const w = node.files.upload();
  for (let at = 0; at < data.length; at += 1 << 20) await w.write(data.subarray(at, at + (1 << 20)));
  const { sha256, size } = await w.finish();
  node.files.release(sha256);
  return { contentId: `cid:${sha256.slice(0, 12)}`, contentType: 'application/octet-stream', description: '', attachmentName: name, sha256, size };
}

/** The whole file `sha256` as `node` holds it. */
async function heldBytes(node: RunningNode, sha256: string): Promise<Buffer> {
  const r = await node.files.openReader(sha256);
  try {
    return await r.read(0, r.size);
  } finally {
    await r.close();
  }
}

describe('a file damaged on a relay\'s disk', () => {
  let t: TestNetwork;
  const relayLog: { level: number; msg: string; path?: string }[] = [];

  before(async () => {
    const sink = new Writable({
      write(chunk: Buffer, _enc, done) {
        for (const line of chunk.toString('utf8').split('\n').filter(Boolean)) relayLog.push(JSON.parse(line) as { level: number; msg: string });
        done();
      },
    });
    t = await startTestNetwork(TOPOLOGY, { logFor: (name) => (name === 'h29' ? pino({ level: 'warn' }, sink) : silentLogger()) });
    await t.waitLinksUp();
  });
  after(async () => {
    await t?.close();
  });

  it('is found damaged at the relay when the next hop refuses it, moved aside, and the same file sent again arrives intact', async () => {
    await t.stop('c08');
    const c07 = t.node('c07');
    const relay = t.node('h29');
    const data = randomBytes(3 * 1024 * 1024 + 5);
    const ref = await upload(c07, data, 'c5.bin');
    const send = async (subject: string) =>
      (await c07.relay.submit({ from: C07, to: [C08], priority: 0, document: { subject }, body: Buffer.alloc(0), attachments: [ref] })).messageId;
    const first = await send('Công văn 1');
    const second = await send('Công văn 2');
    const waiting = (id: string) => relay.store.outbox({ nextHop: C08, limit: 100 }).find((e) => e.messageId === id);
    await waitFor('both documents queued at the relay for the stopped commune', () => waiting(first) && waiting(second) && relay.files.has(ref.sha256));

    // Eight bytes of the relay's copy overwritten on its disk, as the examiner did with dd.
    const root = (relay.files as FileAttachmentStore).root;
    const path = join(root, 'complete', ref.sha256.slice(0, 2), ref.sha256);
    const fd = openSync(path, 'r+');
    writeSync(fd, Buffer.from('XXXXXXXX'), 0, 8, 1_000_000);
    closeSync(fd);

    await t.start('c08');
    // One of the two documents is the one the file was offered with: the commune refuses it and
    // tells its sender; the relay's entry for it fails, naming the relay's disk.
    const failed = await waitFor('an entry failed at the relay', () => relay.store.outbox({ nextHop: C08, state: 'failed', limit: 100 })[0]);
    assert.equal(failed.messageId === first || failed.messageId === second, true);
    assert.match(failed.lastError, /ATTACHMENT_ALTERED/);
    assert.match(failed.lastError, /damaged on this node's disk, not on the way/);
    assert.equal(relay.files.has(ref.sha256), false, 'the damaged copy is no longer held at the relay');
    assert.equal(existsSync(path), false);
    assert.notEqual(sha(readFileSync(join(root, 'quarantine', ref.sha256))), ref.sha256, 'the damaged bytes are kept aside for the operator');
    const logged = relayLog.find((l) => l.level === 50 && /damaged on this node's disk/.test(l.msg));
    assert.ok(logged, 'the relay logs an error naming its own disk');
    assert.equal(logged.path, path);
    assert.match(logged.msg, /check this disk/);
    const report = await t.waitInbox(C07, (m) => m.kind === 'status' && m.status?.refMessageId === failed.messageId, 'the non-delivery report');
    assert.equal(report.status?.code, 'NON_DELIVERY');

    // The other document waited for the file, as for any missing file.
    const other = failed.messageId === first ? second : first;
    const stillWaiting = waiting(other);
    assert.ok(stillWaiting && stillWaiting.state !== 'failed', `the other document waits (${stillWaiting?.state}: ${stillWaiting?.lastError})`);

    // The sender sends the file again in a new document: the relay takes it afresh and it arrives intact.
    const third = await send('Công văn 1 (gửi lại)');
    const got = await t.waitInbox(C08, (m) => m.id === third, 'the document sent again');
    assert.equal(got.attachments[0]!.sha256, ref.sha256);
    assert.equal(sha(await heldBytes(t.node('c08'), ref.sha256)), ref.sha256, 'the file arrived whole and verified');
    assert.equal(sha(await heldBytes(relay, ref.sha256)), ref.sha256, 'the relay holds a good copy again');
    await t.waitInbox(C08, (m) => m.id === other, 'the document that waited for the file');
  });
});
