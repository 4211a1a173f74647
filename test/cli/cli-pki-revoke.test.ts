/**
 * `lienthong pki revoke --config` and `pki publish` against a real root node, from two copies of the
 * CA directory (a restored backup, a second admin's copy): a list the node does not take in must
 * not be reported as a success.
 */
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { buildNetwork } from '../../scripts/lib/network-builder.js';
import { NodeProcess } from '../../scripts/lib/node-process.js';
import { issueToDir } from '../../src/pki/files.js';
import { cli } from '../helpers/cli-run.js';

describe('pki revoke and publish from a CA directory that is behind the node', () => {
  let dir: string;
  let pki: string;
  let backup: string;
  let root: string;
  let node: NodeProcess;

  const enforced = async (): Promise<{ version: number; entries: number }> => JSON.parse((await cli(['status', '-c', root, '--json'])).stdout).revocations;
  const listVersion = (d: string): number => JSON.parse(readFileSync(join(d, 'revocations.json'), 'utf8')).list.version;
  const revoke = (d: string, code: string, ...more: string[]) => cli(['pki', 'revoke', '--dir', d, '--code', code, '--role', 'agency', ...more]);

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'lienthong-cli-revoke-'));
    const net = await buildNetwork(dir, [{ name: 'root', code: '000.00.24.H44', agencies: ['000.00.24.H44'] }]);
    pki = net.pkiDir;
    backup = join(dir, 'pki-backup');
    root = net.nodes.get('root')!.configPath;
    for (const code of ['000.48.24.H44', '000.49.24.H44', '000.50.24.H44']) issueToDir(pki, { code, role: 'agency' });
    node = new NodeProcess('root', root);
    await node.start();
    const first = await cli(['pki', 'revoke', '--dir', pki, '--serial', 'ABC001', '--unknown-serial-ok', '--config', root]);
    assert.equal(first.code, 0, first.stderr);
    cpSync(pki, backup, { recursive: true });
  });
  after(async () => {
    await node?.kill();
    if (!process.env.LIENTHONG_KEEP_TEST_DIR) rmSync(dir, { recursive: true, force: true });
  });

  it('revoke --config from a directory behind the node fails before signing anything', async () => {
    const ok = await revoke(pki, '000.48.24.H44', '--config', root);
    assert.equal(ok.code, 0, ok.stderr);
    assert.match(ok.stdout, /node \(.*\) applied version 2/);

    const r = await revoke(backup, '000.49.24.H44', '--reason', 'stolen', '--config', root);
    assert.equal(r.code, 1, `must not report success: ${r.stdout}`);
    assert.doesNotMatch(r.stdout, /revoked agency certificate/);
    assert.match(
      r.stderr,
      /not revoking agency 000\.49\.24\.H44: node \(.*\) enforces revocation list version 2: this CA directory \(.*pki-backup\) holds version 1 and is behind the CA directory that issued version 2\. Nothing was revoked or signed: revoke again from the CA directory that holds version 2, or first copy its revocations\.json into .*pki-backup/,
    );
    assert.equal(listVersion(backup), 1, 'no second version 2 was signed in the backup');
    assert.deepEqual([(await enforced()).version, (await enforced()).entries], [2, 2]);
  });

  it('publish of a second, different version 2 is a conflict, not "the same version"', async () => {
    const offline = await revoke(backup, '000.49.24.H44', '--reason', 'stolen');
    assert.equal(offline.code, 0, offline.stderr);
    assert.equal(listVersion(backup), 2);
    const r = await cli(['pki', 'publish', '--dir', backup, '--config', root]);
    assert.equal(r.code, 1, `must not report success: ${r.stdout}`);
    assert.match(
      r.stderr,
      /conflict: node \(.*\) enforces a different revocation list version 2 \(issued .*, 2 entries\) than .*pki-backup\/revocations\.json, which does not revoke agency 000\.49\.24\.H44 \(serial [0-9A-F]+\): two copies of the CA directory each signed a version 2/,
    );
    const json = await cli(['pki', 'publish', '--dir', backup, '--config', root, '--json']);
    assert.equal(json.code, 1);
    assert.match(JSON.parse(json.stdout).problem, /^conflict: /);
    assert.equal((await enforced()).version, 2);
  });

  it('publish of an older list fails when the node\'s newer list lacks its revocations, and succeeds when it has them', async () => {
    const saved = join(dir, 'revocations-v2.json');
    cpSync(join(pki, 'revocations.json'), saved);
    const ok = await revoke(pki, '000.50.24.H44', '--config', root);
    assert.equal(ok.code, 0, ok.stderr);

    const r = await cli(['pki', 'publish', '--dir', backup, '--config', root]);
    assert.equal(r.code, 1, `must not report success: ${r.stdout}`);
    assert.match(r.stderr, /node \(.*\) enforces revocation list version 3, which does not revoke agency 000\.49\.24\.H44 \(serial [0-9A-F]+\): .*pki-backup\/revocations\.json holds version 2 and is behind the CA directory that issued version 3\. Nothing changed at the node/);

    const old = await cli(['pki', 'publish', '--file', saved, '--config', root]);
    assert.equal(old.code, 0, old.stderr);
    assert.match(old.stdout, /already enforces version 3, newer than the version 2 offered, and it revokes every certificate in it: nothing changed/);
  });

  it('a newer list from the backup that lacks what the node revokes is refused: it would lift those revocations', async () => {
    for (const serial of ['ABC002', 'ABC003']) assert.equal((await cli(['pki', 'revoke', '--dir', backup, '--serial', serial, '--unknown-serial-ok'])).code, 0);
    assert.equal(listVersion(backup), 4);
    const r = await cli(['pki', 'publish', '--dir', backup, '--config', root]);
    assert.equal(r.code, 1, `must not report success: ${r.stdout}`);
    assert.match(r.stderr, /lacks agency 000\.48\.24\.H44 \(serial [0-9A-F]+\), agency 000\.50\.24\.H44 \(serial [0-9A-F]+\), revoked by the version 3 that node \(.*\) enforces: .* publishing it would lift them/);
    assert.equal((await enforced()).version, 3, 'the node kept its list');
  });

  it('over --socket alone (the node\'s list unreadable) a same-version conflict is still found, by the list\'s summary', async () => {
    const socket = join(dir, 'root', 'data', 'admin.sock');
    const ok = await cli(['pki', 'revoke', '--dir', pki, '--serial', 'ABC004', '--unknown-serial-ok', '--socket', socket]);
    assert.equal(ok.code, 0, ok.stderr);
    assert.match(ok.stdout, /applied version 4/);

    const pub = await cli(['pki', 'publish', '--dir', backup, '--socket', socket]);
    assert.equal(pub.code, 1, `must not report success: ${pub.stdout}`);
    assert.match(pub.stderr, /conflict: node \(.*admin\.sock\) enforces a different revocation list version 4 .*, which may not revoke .* \(give --config so its list can be read and compared\)/);
    const r = await cli(['pki', 'revoke', '--dir', backup, '--serial', 'ABC005', '--unknown-serial-ok', '--socket', socket]);
    assert.equal(r.code, 1, `must not report success: ${r.stdout}`);
    assert.match(r.stderr, /not revoking certificate ABC005: conflict: .* version 4/);
    assert.equal(listVersion(backup), 4, 'nothing signed');
  });
});
