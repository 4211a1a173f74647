/**
 * The commands that talk to a running node need to be told which: with neither --config nor
 * --socket each is a usage error (exit 64, as the README says of a missing argument), said before
 * anything is read or sent; and `check --help` names its options once.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { cli } from '../helpers/cli-run.js';

const NEEDS_A_NODE = [
  ['status'],
  ['outbox'],
  ['outbox', 'shape'],
  ['outbox', 'flush'],
  ['check'],
  ['send', '--from', '000.00.00.H44', '--to', '000.00.01.H44', '--subject', 's', '--text', 't'],
  ['inbox', '--agency', '000.00.00.H44'],
  ['inbox', 'export', '--agency', '000.00.00.H44'],
  ['ack', '--agency', '000.00.00.H44', '01a20635-0000-7000-8000-000000000001'],
  ['status-update', '--agency', '000.00.00.H44', '--message', '01a20635-0000-7000-8000-000000000001', '--code', '03'],
  ['trace', '01a20635-0000-7000-8000-000000000001'],
  ['pki', 'publish', '--file', 'revocations.json'],
];

describe('lienthong: which node', () => {
  for (const args of NEEDS_A_NODE) {
    it(`\`${args.join(' ')}\` without --config or --socket is a usage error, exit 64`, async () => {
      const r = await cli(args);
      assert.equal(r.code, 64, r.stderr);
      assert.match(r.stderr, /^lienthong: say which node: --config NODE\.yaml \(or --socket PATH\)\n/);
      assert.equal(r.stdout, '');
    });
  }

  it('`check --help` names -c, --config once', async () => {
    const r = await cli(['check', '--help']);
    assert.equal(r.code, 0);
    assert.match(r.stdout, /^ {2}-c, --config +the node's configuration file \(locates its admin socket; thresholds under "check"\)/m);
    assert.doesNotMatch(r.stdout, /-c, -c/);
  });

  it('`inbox export --help` names -c, --config once and only its own options', async () => {
    const r = await cli(['inbox', 'export', '--help']);
    assert.equal(r.code, 0);
    assert.match(r.stdout, /^ {2}-c, --config /m);
    assert.doesNotMatch(r.stdout, /-c, -c/);
    assert.match(r.stdout, /--out /);
    for (const listing of ['--all', '--after', '--limit', '--save-to']) assert.doesNotMatch(r.stdout, new RegExp(`${listing} `), listing);
    const unused = await cli(['inbox', 'export', '--agency', '000.00.00.H44', '--save-to', 'x', '-c', 'node.yaml']);
    assert.equal(unused.code, 64, 'a listing option given to export is an unknown argument, not silently ignored');
    assert.match(unused.stderr, /Unknown arguments?: save-to/);
  });
});
