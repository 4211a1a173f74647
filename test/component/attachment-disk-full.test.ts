/**
 * Attachment files on a full disk (writes go to /dev/full through a symlink, which answers ENOSPC):
 * the error is STORE_FULL, which senders retry later, not INTERNAL; a file being received is
 * dropped, freeing its space, and taken again from the start later.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync, lstatSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { PartialFile } from '../../src/store/files/incoming-file.js';
import { UploadFile } from '../../src/store/files/upload-file.js';

const FULL = '/dev/full';

describe('attachment files when the disk is full', { skip: existsSync(FULL) ? false : 'this system has no /dev/full' }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'lienthong-disk-full-'));
  after(() => rmSync(dir, { recursive: true, force: true }));
  const gone = (path: string) => {
    try {
      lstatSync(path);
      return false;
    } catch {
      return true;
    }
  };

  it('a chunk of a file being received: STORE_FULL, the partial file dropped, later chunks refused as no longer received', async () => {
    const data = Buffer.from('một tệp đính kèm');
    const sha256 = createHash('sha256').update(data).digest('hex');
    const partial = join(dir, `${sha256}.partial`);
    symlinkSync(FULL, partial);
    let ended: boolean | null = null;
    const file = await PartialFile.open(sha256, data.length, partial, join(dir, sha256), (_f, complete) => (ended = complete));
    await assert.rejects(file.append(0, data), (e: Error & { code?: string }) =>
      e.code === 'STORE_FULL' && new RegExp(`^the disk holding ${dir} is full: file ${sha256} could not be written, so it is dropped and taken again once there is space`).test(e.message));
    assert.equal(ended, false, 'the file ended, not complete');
    assert.ok(gone(partial), 'the partial file is removed');
    await assert.rejects(file.append(data.length, Buffer.alloc(0)), (e: Error & { code?: string }) => e.code === 'ATTACHMENT_MISSING');
  });

  it('an attachment decoded from an uploaded package: STORE_FULL', async () => {
    const temp = join(dir, 'upload.tmp');
    symlinkSync(FULL, temp);
    const upload = new UploadFile(temp, { place: async () => null, placed: () => undefined, failed: () => undefined });
    await assert.rejects(upload.write(Buffer.alloc(4096, 1)), (e: Error & { code?: string }) =>
      e.code === 'STORE_FULL' && /^the disk holding .* is full: an attachment of the package could not be written/.test(e.message));
    await upload.abort();
    assert.ok(gone(temp));
  });
});
