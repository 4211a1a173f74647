/**
 * `lienthong check-config`: what a start would refuse, found without starting, from real files made
 * by `lienthong pki`: the key of another certificate, a certificate of another CA or another node,
 * a missing file, a certificate close to its end, this node's certificate on the stored revocation
 * list. Exit 0 when the node would start (warnings allowed), 1 when not; nothing is created.
 */
import assert from 'node:assert/strict';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { buildNetwork } from '../../scripts/lib/network-builder.js';
import { NodeProcess } from '../../scripts/lib/node-process.js';
import { cli } from '../helpers/cli-run.js';

describe('lienthong check-config', () => {
  let dir: string;
  let config: string;
  let yaml: string;
  /** The province's agency certificate, which the province signs with (signing.agencyKeys). */
  let agencyCert: string;

  /** A copy of the province's configuration with `edit` applied, written beside it. */
  const variant = (name: string, edit: (text: string) => string): string => {
    const path = join(dir, 'province', `${name}.yaml`);
    writeFileSync(path, edit(yaml));
    return path;
  };

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'lienthong-check-config-'));
    const net = await buildNetwork(dir, [
      { name: 'province', code: '000.00.00.H44', agencies: ['000.00.00.H44'] },
      { name: 'commune', code: '000.00.07.H44', parent: 'province', agencies: ['000.00.07.H44'] },
    ]);
    config = net.nodes.get('province')!.configPath;
    agencyCert = net.agencyCerts.get('000.00.00.H44')!.cert;
    yaml = readFileSync(config, 'utf8');
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('a good configuration: every check ok, exit 0, and no data folder created', async () => {
    const r = await cli(['check-config', '-c', config]);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /^ok {7}configuration .*: node 000\.00\.00\.H44 \(root: no parent\), 1 child\(ren\)/m);
    assert.match(r.stdout, /^ok {7}CA certificate tls\.ca .*ca\.crt: valid until \d{4}-\d{2}-\d{2}$/m);
    assert.match(r.stdout, /^ok {7}tls\.key .* is the key of tls\.cert$/m);
    assert.match(r.stdout, /^ok {7}signing\.agencyKeys 000\.00\.00\.H44: agency certificate for 000\.00\.00\.H44 is valid until/m);
    assert.match(r.stdout, /^ok {7}node\.dataDir .*: not there yet, the first start creates it$/m);
    assert.match(r.stdout, /\nthe node would start\n$/);
    assert.equal(existsSync(join(dir, 'province', 'data')), false, 'check-config creates nothing');
    const json = JSON.parse((await cli(['check-config', '-c', config, '--json'])).stdout) as { wouldStart: boolean; findings: { level: string }[] };
    assert.equal(json.wouldStart, true);
    assert.ok(json.findings.every((f) => f.level === 'ok'));
  });

  it('the key of another certificate: a problem naming both files, exit 1', async () => {
    const other = join(dir, 'commune', 'node-000.00.07.H44.key');
    const path = variant('wrong-key', (t) => t.replace(/key: \S+node-000\.00\.00\.H44\.key/, `key: ${other}`));
    const r = await cli(['check-config', '-c', path]);
    assert.equal(r.code, 1, r.stdout);
    assert.match(r.stdout, new RegExp(`^PROBLEM  tls\\.key ${other.replace(/\./g, '\\.')} does not belong to tls\\.cert \\S+node-000\\.00\\.00\\.H44\\.crt: give the key issued with that certificate`, 'm'));
    assert.match(r.stdout, /\n1 problem\(s\): the node would not start; fix them and run this again\n$/);
  });

  it('the certificate of another node, a missing file, a certificate from another CA', async () => {
    const commune = variant('other-node', (t) => t.replace(/cert: (\S+)province\/node-000\.00\.00\.H44\.crt/, 'cert: $1commune/node-000.00.07.H44.crt'));
    const a = await cli(['check-config', '-c', commune]);
    assert.equal(a.code, 1);
    assert.match(a.stdout, /^PROBLEM  tls\.cert is the node certificate of 000\.00\.07\.H44, but node\.code is 000\.00\.00\.H44: issue a node certificate/m);

    const missing = variant('missing', (t) => t.replace(/cert: \S+node-000\.00\.00\.H44\.crt/, 'cert: nowhere.crt'));
    const b = await cli(['check-config', '-c', missing]);
    assert.equal(b.code, 1);
    assert.match(b.stdout, /^PROBLEM  cannot read the certificate \(tls\.cert\) \S+nowhere\.crt: ENOENT/m);

    const foreign = join(dir, 'foreign-pki');
    assert.equal((await cli(['pki', 'init', '--dir', foreign])).code, 0);
    assert.equal((await cli(['pki', 'issue', '--dir', foreign, '--code', '000.00.00.H44', '--role', 'node'])).code, 0);
    const other = variant('other-ca', (t) =>
      t.replace(/cert: \S+node-000\.00\.00\.H44\.crt/, `cert: ${join(foreign, 'node-000.00.00.H44.crt')}`).replace(/key: \S+node-000\.00\.00\.H44\.key/, `key: ${join(foreign, 'node-000.00.00.H44.key')}`));
    const c = await cli(['check-config', '-c', other]);
    assert.equal(c.code, 1);
    assert.match(c.stdout, /^PROBLEM  tls\.cert \S+foreign-pki\/node-000\.00\.00\.H44\.crt was not issued by the CA in tls\.ca/m);
  });

  it('a certificate that ends within 30 days is a warning: the node would start, exit 0', async () => {
    const pki = join(dir, 'pki');
    const out = join(dir, 'short');
    mkdirSync(out);
    assert.equal((await cli(['pki', 'issue', '--dir', pki, '--code', '000.00.00.H44', '--role', 'node', '--days', '10', '--out', out])).code, 0);
    const path = variant('short', (t) =>
      t.replace(/cert: \S+node-000\.00\.00\.H44\.crt/, `cert: ${join(out, 'node-000.00.00.H44.crt')}`).replace(/key: \S+node-000\.00\.00\.H44\.key/, `key: ${join(out, 'node-000.00.00.H44.key')}`));
    const r = await cli(['check-config', '-c', path]);
    assert.equal(r.code, 0, r.stdout);
    assert.match(r.stdout, /^WARNING  tls\.cert .*: node certificate for 000\.00\.00\.H44 expires on \d{4}-\d{2}-\d{2} \(10 day\(s\) left\): issue a new one/m);
    assert.match(r.stdout, /\nthe node would start \(1 warning\(s\)\)\n$/);
  });

  it("this node's certificate on the stored revocation list: a problem, exit 1; a signing pair's: a warning", async () => {
    const pki = join(dir, 'pki');
    const revoked = await cli(['pki', 'revoke', '--dir', pki, '--cert', join(dir, 'province', 'node-000.00.00.H44.crt')]);
    assert.equal(revoked.code, 0, revoked.stderr);
    const agencyRevoked = await cli(['pki', 'revoke', '--dir', pki, '--cert', agencyCert]);
    assert.equal(agencyRevoked.code, 0, agencyRevoked.stderr);
    const data = join(dir, 'province', 'data');
    mkdirSync(data, { recursive: true });
    copyFileSync(join(pki, 'revocations.json'), join(data, 'revocations.json'));
    const r = await cli(['check-config', '-c', config]);
    assert.equal(r.code, 1, r.stdout);
    assert.match(r.stdout, /^PROBLEM  tls\.cert \(serial [0-9A-F]+\) is revoked by the stored revocation list, version 2: every peer refuses it; issue a new node certificate/m);
    assert.match(r.stdout, /^WARNING  signing\.agencyKeys 000\.00\.00\.H44: its certificate \S+ \(serial [0-9A-F]+\) is revoked by the stored revocation list, version 2: every document this node signs for 000\.00\.00\.H44 is refused/m);
    assert.match(r.stdout, /^ok {7}node\.dataDir \S+data: writable$/m);
  });

  it("a data folder whose store another node signed: a problem, as start refuses it", async () => {
    const communeConfig = join(dir, 'commune', 'node.yaml');
    const proc = new NodeProcess('commune', communeConfig);
    await proc.start();
    try {
      const sent = await cli(['send', '-c', communeConfig, '--from', '000.00.07.H44', '--to', '000.00.07.H44', '--subject', 'sổ', '--text', 'x']);
      assert.equal(sent.code, 0, sent.stderr);
    } finally {
      await proc.stop();
    }
    const path = variant('borrowed-folder', (t) => t.replace('dataDir: data', `dataDir: ${join(dir, 'commune', 'data')}`));
    const r = await cli(['check-config', '-c', path]);
    assert.equal(r.code, 1, r.stdout);
    assert.match(r.stdout, /^PROBLEM  data folder \S+commune\/data belongs to node 000\.00\.07\.H44 \(its audit log is signed by it\); node\.code is 000\.00\.00\.H44/m);
  });

  it('a configuration that does not load: its error, exit 1', async () => {
    const path = variant('bad', (t) => `${t}\nlimits:\n  expiry: 0\n`);
    const r = await cli(['check-config', '-c', path]);
    assert.equal(r.code, 1, r.stdout);
    assert.match(r.stdout, /^PROBLEM  configuration \S+bad\.yaml is invalid:\n {9,}limits\.expiry: 0 is too short/m);
    assert.match(r.stdout, /\n1 problem\(s\): the node would not start/);
  });
});
