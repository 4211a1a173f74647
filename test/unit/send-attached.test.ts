/**
 * `send --attach`: the package the CLI writes, its fields checked as a plain send checks them (an
 * error names the option, not an element of the package), and a file that changes between its
 * hashing and its sending stops the upload saying so. The CLI against real nodes is
 * test/cli/cli-edxml.test.ts.
 */
import assert from 'node:assert/strict';
import { appendFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { attachedPackageBytes, checkAttachedFields, contentTypeOf, describeFile } from '../../src/cli/send-attached.js';
import type { LienthongError } from '../../src/domain/errors.js';

const FIELDS = { from: '000.00.00.G22', to: ['000.00.00.H41'], subject: 'Hồ sơ', type: 'Công văn', number: '', notation: '', priority: 0, dueDate: '', text: '' };

describe('send --attach', () => {
  it('names the option whose value a plain send would refuse', () => {
    checkAttachedFields(FIELDS, ['hồ sơ.pdf']);
    assert.throws(() => checkAttachedFields(FIELDS, [`${'a'.repeat(210)}.pdf`]), (e: LienthongError) => /^the name of --attach a+\.pdf: is 214 characters, at most 200 allowed \(rename the file\)$/.test(e.message));
    assert.throws(() => checkAttachedFields({ ...FIELDS, dueDate: '2026/12/01' }, ['x.pdf']), (e: LienthongError) => /^--due-date: "2026\/12\/01" is not a date in the form YYYY-MM-DD$/.test(e.message));
    assert.throws(() => checkAttachedFields({ ...FIELDS, number: '123456789012' }, ['x.pdf']), (e: LienthongError) => /^--number: is 12 characters/.test(e.message));
    assert.equal(contentTypeOf('Phụ lục.XLSX'), 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
  });

  it('stops the upload when a file changed after it was hashed', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lienthong-attach-'));
    try {
      const path = join(dir, 'to-trinh.pdf');
      writeFileSync(path, Buffer.alloc(5000, 1));
      const file = await describeFile(path, 1, `--attach ${path}`);
      const read = async () => {
        for await (const piece of attachedPackageBytes({ ...FIELDS, today: '2026-11-23', files: [file] })) assert.ok(piece.length >= 0);
      };
      await read();
      writeFileSync(path, Buffer.alloc(5000, 2));
      await assert.rejects(read(), (e: LienthongError) => e.code === 'INVALID_ARGUMENT' && /--attach .*to-trinh\.pdf changed while it was being sent \(its bytes differ from those hashed first\): nothing was sent; send it again once nothing writes to it/.test(e.message));
      appendFileSync(path, 'more');
      await assert.rejects(read(), (e: LienthongError) => /changed while it was being sent \(it grew past the 5000 bytes it had\)/.test(e.message));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
