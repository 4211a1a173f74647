/** `lienthong pki show` reads a node's or agency's certificate, and the network CA's too. */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { initPkiDir, issueToDir } from '../../src/pki/files.js';
import { cli } from '../helpers/cli-run.js';

describe('pki show', () => {
  let pki: string;
  before(() => {
    pki = mkdtempSync(join(tmpdir(), 'lienthong-cli-show-'));
    initPkiDir(pki);
    issueToDir(pki, { code: '000.00.24.H44', role: 'node' });
  });
  after(() => rmSync(pki, { recursive: true, force: true }));

  it('shows the CA certificate as the network CA with its validity (it carries no lienthong identity)', async () => {
    const r = await cli(['pki', 'show', join(pki, 'ca.crt')]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^role {9}network CA \(CN=lienthong/m);
    assert.match(r.stdout, /^status {7}ok: the network CA is valid until \d{4}-\d\d-\d\d \(\d+ day\(s\) left\)$/m);
    const j = await cli(['pki', 'show', join(pki, 'ca.crt'), '--json']);
    assert.equal((JSON.parse(j.stdout) as { role: string }).role, 'ca');
  });

  it('shows a node certificate with its code and role', async () => {
    const r = await cli(['pki', 'show', join(pki, 'node-000.00.24.H44.crt')]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^code {9}000\.00\.24\.H44$/m);
    assert.match(r.stdout, /^role {9}node$/m);
  });
});
