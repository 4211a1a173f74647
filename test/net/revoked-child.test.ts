/**
 * A child whose certificate is revoked keeps redialling its parent. The parent logs one warn line
 * for it (per peer and error code every 60 s; the other attempts at debug), and the child, told by
 * the parent's CERTIFICATE_REVOKED that its own certificate is revoked, logs an error saying what
 * the operator must do and waits 60 s between attempts instead of reconnect.max. Real nodes, real
 * mutual TLS on 127.0.0.1.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import pino from 'pino';
import { waitFor } from '../../scripts/lib/wait-for.js';
import { AdminClient } from '../../src/cli/admin-client.js';
import { ownCertificateRevoked, REVOKED_RETRY_MS, revokedReason } from '../../src/link/link-dialer.js';
import { revokeInDir } from '../../src/pki/files.js';
import { REVOCATIONS_FILE, readRevocationFile } from '../../src/pki/revocation-file.js';
import { startTestNetwork, type TestNetwork } from '../helpers/in-process-network.js';

interface Line {
  level: number;
  component?: string;
  code?: string;
  msg: string;
  reason?: string;
  heldBack?: number;
}

describe('a revoked child', () => {
  let t: TestNetwork;
  const lines = new Map<string, Line[]>([['d24', []], ['c46', []]]);
  const logFor = (name: string) =>
    pino({ level: 'debug' }, new Writable({ write: (chunk, _enc, cb) => cb(void lines.get(name)?.push(JSON.parse(String(chunk)) as Line)) }));

  before(async () => {
    t = await startTestNetwork([
      { name: 'd24', code: '000.00.24.H44', agencies: ['000.00.24.H44'] },
      // Reconnects at most every 200 ms: without the hard back-off, a dozen attempts in 3 s.
      { name: 'c46', code: '000.46.24.H44', parent: 'd24', agencies: ['000.46.24.H44'], extra: { reconnect: { base: '50ms', max: '200ms' } } },
    ], { logFor });
    await t.waitLinksUp();
  });
  after(async () => {
    await t.close();
  });

  it('costs its parent one warn line, and backs off hard saying at error that its certificate is revoked and what to do', async () => {
    revokeInDir(t.net.pkiDir, { certFile: join(t.dir, 'c46', 'node-000.46.24.H44.crt') }, { reason: 'khóa bị lộ' });
    const admin = AdminClient.open({ socket: t.node('d24').adminSocket });
    try {
      await admin.call('PublishRevocations', readRevocationFile(join(t.net.pkiDir, REVOCATIONS_FILE))!);
    } finally {
      admin.close();
    }
    const refusedAtParent = () => lines.get('d24')!.filter((l) => l.msg === 'link refused' && l.code === 'CERTIFICATE_REVOKED');
    const told = await waitFor('the child to log that its certificate is revoked', () => lines.get('c46')!.find((l) => l.level === 50 && l.code === 'CERTIFICATE_REVOKED'));
    assert.equal(told.msg, 'this node\'s certificate is revoked: the peer refuses the link');
    assert.match(String(told.reason), /^this node's certificate is revoked: 000\.00\.24\.H44 \(127\.0\.0\.1:\d+\) refuses it \(node certificate for 000\.46\.24\.H44 \(serial [0-9A-F]+\) was revoked by the network CA on \d{4}-\d\d-\d\d \(khóa bị lộ\)/);
    assert.match(String(told.reason), /lienthong pki issue --code 000\.46\.24\.H44 --role node.*restart this node \(until then it tries again every 60 s\)$/);
    assert.match(t.node('c46').registry.get('000.00.24.H44')!.lastError, /this node's certificate is revoked/, '`status` on the child says so');

    // Three seconds later: no new attempt (the next one is 60 s away), one warn line at the parent.
    const attempts = refusedAtParent().length;
    await new Promise((r) => setTimeout(r, 3_000));
    assert.equal(refusedAtParent().length, attempts, `no attempt within 3 s of the refusal: ${JSON.stringify(refusedAtParent())}`);
    assert.ok(attempts <= 2, `${attempts} attempts before the child backed off`);
    const warned = refusedAtParent().filter((l) => l.level === 40);
    assert.equal(warned.length, 1, `one warn line at the parent: ${JSON.stringify(refusedAtParent())}`);
    assert.equal(lines.get('c46')!.filter((l) => l.level === 50 && l.code === 'CERTIFICATE_REVOKED').length, 1, 'one error line at the child');
  });

  it('reads the refusal by its code, and waits at least 60 s (or reconnect.max, when longer)', () => {
    const metadata = { get: (k: string) => (k === 'lienthong-error-code' ? ['CERTIFICATE_REVOKED'] : []) };
    assert.equal(ownCertificateRevoked(Object.assign(new Error('x'), { details: 'CERTIFICATE_REVOKED: node certificate for X was revoked', metadata })), 'node certificate for X was revoked');
    assert.equal(ownCertificateRevoked(new Error('peer node certificate for 000.00.24.H44 (serial 1) was revoked by the network CA')), null, 'the peer\'s own revocation (no code) is another matter');
    assert.equal(REVOKED_RETRY_MS, 60_000);
    assert.match(revokedReason('000.46.24.H44', '000.00.24.H44', '10.0.0.1:7443', 'why', 120_000), /tries again every 120 s\)$/);
  });
});
