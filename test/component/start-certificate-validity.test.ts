/**
 * A node does not start with a certificate outside its validity period: it says which certificate,
 * its dates, this machine's time and what to do, and leaves no data directory behind (as for a
 * certificate with the wrong code). Before, it started, served health SERVING and blamed its peers.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { buildNetwork, type BuiltNetwork } from '../../scripts/lib/network-builder.js';
import { LienthongError } from '../../src/domain/errors.js';
import { loadConfig } from '../../src/node/config-load.js';
import { silentLogger } from '../../src/node/logger.js';
import { startNode } from '../../src/node/node.js';
import { issueToDir } from '../../src/pki/files.js';
import { validityAt, validityProblem } from '../../src/pki/identity.js';
import { cli } from '../helpers/cli-run.js';

const DAY = 86_400_000;
const CODE = '000.00.24.H44';

describe('validityAt / validityProblem (pure)', () => {
  const c = { notBeforeMs: Date.UTC(2026, 0, 1), notAfterMs: Date.UTC(2026, 11, 31) };
  const CASES: [string, number, ReturnType<typeof validityAt>][] = [
    ['before notBefore', c.notBeforeMs - 1, 'not-yet-valid'],
    ['at notBefore', c.notBeforeMs, 'valid'],
    ['inside', Date.UTC(2026, 5, 1), 'valid'],
    ['at notAfter', c.notAfterMs, 'valid'],
    ['after notAfter', c.notAfterMs + 1, 'expired'],
  ];
  for (const [why, now, want] of CASES) it(why, () => assert.equal(validityAt(c, now), want));

  it('names the dates, the clock, what to do, and the clock as a possible cause', () => {
    assert.equal(validityProblem(c, Date.UTC(2026, 5, 1), 'X', 'renew'), null);
    const expired = validityProblem(c, Date.UTC(2027, 0, 5, 8), 'the certificate X', 'issue a new one');
    assert.match(expired!, /^the certificate X expired on 2026-12-31T00:00:00Z \(valid from 2026-01-01T00:00:00Z to 2026-12-31T00:00:00Z; this machine's clock reads 2027-01-05T08:00:00Z\): issue a new one\. If this machine's clock is wrong, set it right instead \(NTP/);
    const early = validityProblem(c, Date.UTC(2025, 6, 1), 'the certificate X', 'issue a new one');
    assert.match(early!, /^the certificate X is not valid until 2026-01-01T00:00:00Z \(.*\), but this machine's clock reads 2025-07-01T00:00:00Z: check this machine's clock \(NTP.*If the clock is right, the certificate was issued with a wrong date: issue a new one$/);
  });
});

describe('start with a certificate outside its validity period', () => {
  let dir: string;
  let net: BuiltNetwork;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'lienthong-start-cert-'));
    net = await buildNetwork(dir, [{ name: 'd24', code: CODE, agencies: [CODE] }]);
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  /** startNode, expected to refuse; a node that starts anyway is stopped before the test fails. */
  const start = async (config: string, now?: () => number) => {
    const node = await startNode(loadConfig(config), { log: silentLogger(), ...(now ? { now } : {}) });
    await node.stop();
    rmSync(net.nodes.get('d24')!.dataDir, { recursive: true, force: true });
    return node;
  };
  const refused = (pattern: RegExp) => (err: unknown) => {
    assert.ok(err instanceof LienthongError, String(err));
    assert.equal(err.code, 'CERTIFICATE_INVALID');
    assert.match(err.message, pattern);
    return true;
  };

  it('not yet valid by this machine\'s clock (two days behind): refused, pointing at the clock; nothing left behind', async () => {
    const n = net.nodes.get('d24')!;
    const behind = () => Date.now() - 2 * DAY;
    await assert.rejects(
      start(n.configPath, behind),
      refused(/^node 000\.00\.24\.H44 does not start, since every peer would refuse its certificate: tls\.cert .*node-000\.00\.24\.H44\.crt \(the node certificate of 000\.00\.24\.H44, serial [0-9A-F]+\) is not valid until \d{4}-\d\d-\d\dT[\d:]+Z .* but this machine's clock reads .*: check this machine's clock/),
    );
    assert.equal(existsSync(n.dataDir), false, 'the data directory this start would have created is not left behind');
  });

  it('expired: refused in-process and by `lienthong start` (exit 1), with the dates and `lienthong pki issue`', async () => {
    const n = net.nodes.get('d24')!;
    // The node's pair replaced by one issued 10 days ago for 5 days: expired 5 days ago.
    issueToDir(net.pkiDir, { code: CODE, role: 'node', outDir: join(dir, 'd24'), nowMs: Date.now() - 10 * DAY, validDays: 5 });
    const expiredOn = new Date(Date.now() - 5 * DAY).toISOString().slice(0, 10);
    const pattern = new RegExp(
      `tls\\.cert .*node-000\\.00\\.24\\.H44\\.crt \\(the node certificate of 000\\.00\\.24\\.H44, serial [0-9A-F]+\\) expired on ${expiredOn}T[\\d:]+Z \\(valid from .* to .*; this machine's clock reads .*\\): ` +
        'issue a new one with `lienthong pki issue --dir PKI --role node --code 000\\.00\\.24\\.H44`, point tls\\.cert and tls\\.key at the new pair and start again\\. If this machine\'s clock is wrong, set it right instead',
    );
    await assert.rejects(start(n.configPath), refused(pattern));
    assert.equal(existsSync(n.dataDir), false);

    const r = await cli(['start', '-c', n.configPath]);
    assert.equal(r.code, 1, r.stdout + r.stderr);
    assert.match(r.stderr, pattern);
    assert.doesNotMatch(r.stdout, /listening/);
    assert.equal(existsSync(n.dataDir), false);
  });
});
