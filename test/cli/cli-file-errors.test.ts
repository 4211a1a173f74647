/**
 * Paths the operator gives a command that cannot be used (a folder that does not exist, a folder
 * where a file is wanted, a file where a folder is wanted): one line saying what failed and what to
 * do, exit 1, never a stack trace. Also a usage error a handler raises: its message, exit 64.
 * No node runs: each command fails before it would reach one.
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileProblem, unhandledFileError } from '../../src/cli/file-errors.js';
import { openSqliteStore } from '../../src/store/sqlite/open.js';
import { cli } from '../helpers/cli-run.js';

/** One line on stderr, no stack frame. */
function oneLine(stderr: string): void {
  assert.equal(stderr.trim().split('\n').length, 1, stderr);
  assert.doesNotMatch(stderr, /^\s+at /m, 'no stack trace');
}

describe('CLI errors about paths', () => {
  let dir: string;
  let dataDir: string;
  let aFile: string;
  const nowhere = () => join(dir, 'nowhere.sock');

  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'lienthong-cli-paths-'));
    dataDir = join(dir, 'data');
    openSqliteStore({ path: join(dataDir, 'lienthong.sqlite') }).close();
    aFile = join(dir, 'afile');
    writeFileSync(aFile, 'x\n');
    mkdirSync(join(dir, 'folder'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('audit export --out into a folder that does not exist', async () => {
    const out = join(dir, 'missing', 'x.jsonl');
    const r = await cli(['audit', 'export', '--data-dir', dataDir, '--since', '5m', '--out', out]);
    assert.equal(r.code, 1);
    oneLine(r.stderr);
    assert.match(r.stderr, new RegExp(`cannot write --out ${out.replace(/[.]/g, '\\.')}: the folder it should go in does not exist: create it first`));
  });

  it('audit export --out naming a folder', async () => {
    const r = await cli(['audit', 'export', '--data-dir', dataDir, '--since', '5m', '--out', join(dir, 'folder')]);
    assert.equal(r.code, 1);
    oneLine(r.stderr);
    assert.match(r.stderr, /cannot write --out \S+folder: it is a folder: give the path of a file/);
  });

  it('audit verify --ca that does not exist', async () => {
    const r = await cli(['audit', 'verify', '--data-dir', dataDir, '--ca', join(dir, 'no-ca.crt')]);
    assert.equal(r.code, 1);
    oneLine(r.stderr);
    assert.match(r.stderr, /CERTIFICATE_INVALID: cannot read the CA certificate --ca \S+no-ca\.crt: no such file: check the path/);
  });

  it('inbox export --out naming an existing file', async () => {
    const r = await cli(['inbox', 'export', '--socket', nowhere(), '--agency', '000.00.00.H44', '--out', aFile]);
    assert.equal(r.code, 1);
    oneLine(r.stderr);
    assert.match(r.stderr, /cannot use --out \S+afile as a folder: a file of that name is in the way: give the path of a folder/);
  });

  it('send --edxml naming a folder', async () => {
    const r = await cli(['send', '--socket', nowhere(), '--edxml', join(dir, 'folder')]);
    assert.equal(r.code, 1);
    oneLine(r.stderr);
    assert.match(r.stderr, /cannot read --edxml \S+folder: it is a folder: give the path of a file/);
  });

  it('a file system error no command describes still gets one line naming the path', async () => {
    const r = await cli(['pki', 'init', '--dir', join(aFile, 'pki')]);
    assert.equal(r.code, 1);
    oneLine(r.stderr);
    assert.match(r.stderr, /cannot use \S+afile\/pki as a folder: a part of the path is a file, not a folder/);
  });

  it('pki revoke with nothing to revoke: the usage error\'s own message, exit 64', async () => {
    const r = await cli(['pki', 'revoke', '--dir', dir]);
    assert.equal(r.code, 64);
    assert.match(r.stderr, /^lienthong: say what to revoke: one of --cert FILE/);
    assert.doesNotMatch(r.stderr, /null/);
  });

  it('reads errno codes as advice (pure)', () => {
    const e = (code: string) => Object.assign(new Error(code), { code });
    assert.match(fileProblem(e('EACCES'), 'write'), /permission denied: run the command as a user who may write there/);
    assert.match(fileProblem(e('EROFS'), 'write'), /read-only: give a path on a writable one/);
    assert.match(fileProblem(e('ENOSPC'), 'write'), /disk is full/);
    assert.equal(unhandledFileError(new Error('a bug')), null, 'not a file system error: left alone, with its stack');
    const refused = Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED', syscall: 'connect', path: '/x.sock' });
    assert.equal(unhandledFileError(refused), null, 'a connection is not a file');
  });
});
