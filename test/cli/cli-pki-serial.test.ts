/**
 * `lienthong pki revoke --serial` as an operator runs it: a serial the CA never issued is refused
 * (exit 1, nothing signed) unless --unknown-serial-ok says it is meant; a serial it issued is
 * revoked with the role and code it was issued for.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { initPkiDir, issueToDir } from '../../src/pki/files.js';
import { cli } from '../helpers/cli-run.js';

describe('pki revoke --serial', () => {
  let pki: string;
  let serial: string;

  before(() => {
    pki = mkdtempSync(join(tmpdir(), 'lienthong-cli-serial-'));
    initPkiDir(pki);
    serial = issueToDir(pki, { code: '000.46.24.H44', role: 'agency' }).identity.serial;
  });
  after(() => rmSync(pki, { recursive: true, force: true }));

  it('refuses a serial this CA never issued, and signs nothing', async () => {
    const r = await cli(['pki', 'revoke', '--dir', pki, '--serial', '0123456789ABCDEF']);
    assert.equal(r.code, 1, r.stdout);
    assert.match(r.stderr, /INVALID_ARGUMENT: serial 123456789ABCDEF is not one the CA in .* issued: .* pass --unknown-serial-ok/);
    assert.equal(existsSync(join(pki, 'revocations.json')), false);
  });

  it('--unknown-serial-ok revokes it anyway, with a warning; it goes only with --serial', async () => {
    const usage = await cli(['pki', 'revoke', '--dir', pki, '--code', '000.46.24.H44', '--role', 'agency', '--unknown-serial-ok']);
    assert.equal(usage.code, 64, usage.stderr);
    assert.match(usage.stderr, /unknown-serial-ok -> serial/);
    const r = await cli(['pki', 'revoke', '--dir', pki, '--serial', '0123456789ABCDEF', '--unknown-serial-ok']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /^warning: serial 123456789ABCDEF is not in .*issued\.jsonl: revoked as --unknown-serial-ok asked/);
    assert.match(r.stdout, /revoked certificate \(serial 123456789ABCDEF\): revocation list version 1/);
  });

  it('a serial this CA issued is revoked as the certificate it names', async () => {
    const r = await cli(['pki', 'revoke', '--dir', pki, '--serial', serial, '--reason', 'khóa bị lộ']);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stderr, '');
    assert.match(r.stdout, new RegExp(`revoked agency certificate for 000\\.46\\.24\\.H44 \\(serial ${serial}\\): revocation list version 2`));
  });
});
