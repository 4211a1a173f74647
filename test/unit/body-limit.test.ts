/**
 * limits.maxBodyBytes: a body sent inline travels and is stored whole, so it is bounded (8 MiB by
 * default) and a larger one is refused with the way to send it instead (examiner, session 20: a
 * 100 MiB `send --file` held 500–600 MB on every node of its path). Files of any size go as
 * attachments. Only the edge refuses: a copy from a peer was taken under its first node's limit. The CLI against real nodes is test/cli/cli-edxml.test.ts.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { bodyTooLarge, buildDocument } from '../../src/domain/envelope.js';
import { LienthongError } from '../../src/domain/errors.js';
import { documentInput } from '../helpers/in-process-network.js';
import { byteSize } from '../../src/domain/byte-size.js';

describe('the inline body limit', () => {
  it('refuses a body over limits.maxBodyBytes at the edge, saying to send the file as an attachment', () => {
    const limits = { maxDocumentBytes: 1e9, expirySeconds: 60, maxBodyBytes: 1024 };
    const input = (bytes: number) => ({ ...documentInput('000.00.24.H44', ['000.00.00.H49'], 'Hồ sơ'), body: Buffer.alloc(bytes, 1) });
    assert.equal(buildDocument(input(1024), limits, Date.now()).body.length, 1024);
    assert.throws(() => buildDocument(input(1025), limits, Date.now()), (e: LienthongError) =>
      e.code === 'DOCUMENT_TOO_LARGE' && /body is 1\.0 KiB \(1025 bytes\), this node takes at most 1\.0 KiB \(1024 bytes\) inline \(limits\.maxBodyBytes\): send the file as an attachment instead \(`lienthong send --attach FILE`, an edXML package, or SendEdxml\)/.test(e.message));
    assert.equal(buildDocument(input(5000), { maxDocumentBytes: 1e9, expirySeconds: 60 }, Date.now()).body.length, 5000, 'no limit when none is given');
  });

  it('says sizes in the unit that fits them', () => {
    assert.equal(byteSize(0), '0 bytes');
    assert.equal(byteSize(1), '1 byte');
    assert.equal(byteSize(1023), '1023 bytes');
    assert.equal(byteSize(1536), '1.5 KiB');
    assert.equal(byteSize(6 * 1024 ** 2), '6.0 MiB');
    assert.equal(byteSize(2 * 1024 ** 3), '2.0 GiB');
  });

  it('is exact at the limit, and names what refused', () => {
    assert.equal(bodyTooLarge(8 * 1024 ** 2, 8 * 1024 ** 2), null);
    assert.match(bodyTooLarge(9 * 1024 ** 2, 8 * 1024 ** 2)!.message, /is 9\.0 MiB \(9437184 bytes\), this node takes at most 8\.0 MiB \(8388608 bytes\) inline/);
  });
});
