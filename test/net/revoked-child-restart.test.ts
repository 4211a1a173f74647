/**
 * A parent that refuses a revoked child warns of it in `status`, and still does after the parent
 * restarts: the restarted parent never saw the child's link up, so the warning rests on the
 * certificate the child presented when it was refused. Real `lienthong start` processes (root,
 * parent, child), real mutual TLS on 127.0.0.1, a SQLite file per node; the revocation is made with
 * `lienthong pki revoke` at the root node and reaches the parent down the tree.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { waitFor } from '../../scripts/lib/wait-for.js';
import type { StatusResponse__Output } from '../../src/gen/lienthong/v1/StatusResponse.js';
import { REVOKED_RETRY_MS } from '../../src/link/link-dialer.js';
import { cli } from '../helpers/cli-run.js';
import { startProcessNetwork, type ProcessNetwork } from '../helpers/process-network.js';

const CHILD = '000.46.24.H44';
const TOPOLOGY = [
  { name: 'h44', code: '000.00.00.H44', agencies: ['000.00.00.H44'] },
  { name: 'd24', code: '000.00.24.H44', parent: 'h44', agencies: ['000.00.24.H44'] },
  { name: 'c46', code: CHILD, parent: 'd24', agencies: [CHILD] },
];
/** What `status` says of a child whose certificate, as seen on its link, is revoked. */
const WARNING = /^child 000\.46\.24\.H44's certificate \(serial [0-9A-F]+, as seen on its link\) is revoked: the link is refused until it presents a new certificate$/;

interface StatusJson {
  links: { peerCode: string; state: string; lastError: string; peerCertificate: { serial: string; revoked: boolean } | null }[];
  warnings: string[];
}

describe('a revoked child, refused by its parent, across the parent\'s restart (real processes)', () => {
  let pn: ProcessNetwork;
  const parentConfig = () => pn.net.nodes.get('d24')!.configPath;

  /** `lienthong status --json` on the parent, as an operator runs it. */
  async function parentStatus(): Promise<StatusJson> {
    const r = await cli(['status', '--json', '-c', parentConfig()]);
    assert.equal(r.code, 0, r.stderr);
    return JSON.parse(r.stdout) as StatusJson;
  }
  /** The parent's 'link refused' lines for the child's revoked certificate (its log, both runs). */
  const refusalLines = () =>
    readFileSync(join(dirname(parentConfig()), 'node.log'), 'utf8').split('\n').filter((l) => l.trim())
      .map((l) => JSON.parse(l) as { msg: string; peer?: string; code?: string })
      .filter((l) => l.msg === 'link refused' && l.peer === CHILD && l.code === 'CERTIFICATE_REVOKED');
  /** Waits until the parent has logged a refusal of the child after `seen` of them, and its link says why. */
  const refusedChild = (seen: number) =>
    waitFor('the parent to refuse the revoked child', async () => {
      if (refusalLines().length <= seen) return null;
      const s = await pn.call<StatusResponse__Output>('d24', 'Status', {});
      const l = s.links.find((x) => x.peerCode === CHILD);
      return l && l.state !== 'up' && /was revoked by the network CA/.test(l.lastError) ? l : null;
    }, REVOKED_RETRY_MS + 30_000, 200);

  before(async () => {
    pn = await startProcessNetwork('lienthong-revoked-restart-', TOPOLOGY);
  });
  after(async () => {
    await pn?.close();
  });

  it('names the revoked child in `status --json` once refused, and again after the parent restarts', async () => {
    const childCert = join(pn.dir, 'c46', `node-${CHILD}.crt`);
    const revoke = await cli(['pki', 'revoke', '--dir', pn.net.pkiDir, '--cert', childCert, '--reason', 'khóa bị lộ', '-c', pn.net.nodes.get('h44')!.configPath]);
    assert.equal(revoke.code, 0, revoke.stderr);
    assert.match(revoke.stdout, /revoked node certificate for 000\.46\.24\.H44 \(serial [0-9A-F]+\): revocation list version 1/);

    // The list reaches the parent down the tree; it drops the child, which dials again and is refused.
    await waitFor('the parent to apply version 1', async () => (await pn.call<StatusResponse__Output>('d24', 'Status', {})).revocations?.version === 1);
    await refusedChild(0);
    const before = await parentStatus();
    const warned = before.warnings.filter((w) => WARNING.test(w));
    assert.equal(warned.length, 1, `status warns of the revoked child: ${JSON.stringify(before.warnings)}`);
    assert.equal(before.warnings.filter((w) => w.includes(CHILD)).length, 1, `once: ${JSON.stringify(before.warnings)}`);
    assert.equal(before.links.find((l) => l.peerCode === CHILD)!.peerCertificate?.revoked, true);

    // Stopped and started on the same data directory. The child, told its certificate is revoked,
    // would dial again only in REVOKED_RETRY_MS (60 s): restarted too, it dials at once, as after
    // an operator's restart, and the restarted parent refuses it.
    const parent = pn.procs.get('d24')!;
    const child = pn.procs.get('c46')!;
    const refusedBefore = refusalLines().length;
    assert.equal(await parent.stop(), 0, 'the parent stops cleanly');
    await parent.start();
    const fresh = await pn.call<StatusResponse__Output>('d24', 'Status', {});
    assert.equal(fresh.revocations?.version, 1, 'the restarted parent enforces the list it stored');
    assert.equal(fresh.links.find((l) => l.peerCode === CHILD)!.state === 'up', false);
    await child.stop();
    await child.start();

    await refusedChild(refusedBefore);
    const afterRestart = await parentStatus();
    assert.deepEqual(afterRestart.warnings.filter((w) => WARNING.test(w)), warned, `status still warns of the revoked child after the restart: ${JSON.stringify(afterRestart.warnings)}`);
    const link = afterRestart.links.find((l) => l.peerCode === CHILD)!;
    assert.equal(link.peerCertificate?.revoked, true, 'the certificate the refused child presented, shown as revoked');
    assert.notEqual(link.state, 'up');
  });
});
