/**
 * Revocation down a real four-level network (national → province → district → communes), mutual
 * TLS on 127.0.0.1, a SQLite file per node: a commune's certificate revoked at the root is dropped
 * by its district and refused on reconnect; an agency's open stream is closed; the list survives a
 * restart and reaches a node that was offline; lists from another CA and older versions change
 * nothing; a stale list warns and traffic goes on; a revoked parent is refused by the dialer.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { waitFor } from '../../scripts/lib/wait-for.js';
import { AdminClient } from '../../src/cli/admin-client.js';
import { AgencyClient } from '../../src/client/agency-client.js';
import type { PublishRevocationsResponse__Output } from '../../src/gen/lienthong/v1/PublishRevocationsResponse.js';
import type { StatusResponse__Output } from '../../src/gen/lienthong/v1/StatusResponse.js';
import { initPkiDir, renewRevocationsInDir, revokeInDir } from '../../src/pki/files.js';
import { identityFromPem } from '../../src/pki/identity.js';
import { REVOCATIONS_FILE, readRevocationFile } from '../../src/pki/revocation-file.js';
import { verifyRevocationList } from '../../src/pki/revocation-signature.js';
import { cli } from '../helpers/cli-run.js';
import { documentInput, startTestNetwork, type TestNetwork } from '../helpers/in-process-network.js';

const DAY = 86_400_000;
const TOPOLOGY = [
  { name: 'national', code: '000.00.00.G22', agencies: ['000.00.00.G22'] },
  { name: 'h44', code: '000.00.00.H44', parent: 'national', agencies: ['000.00.00.H44'] },
  { name: 'd24', code: '000.00.24.H44', parent: 'h44', agencies: ['000.00.24.H44'] },
  { name: 'c46', code: '000.46.24.H44', parent: 'd24', agencies: ['000.46.24.H44'] },
  { name: 'c47', code: '000.47.24.H44', parent: 'd24', agencies: ['000.47.24.H44'] },
];

async function admin<T>(t: TestNetwork, name: string, method: 'Status' | 'PublishRevocations', req: object): Promise<T> {
  const c = AdminClient.open({ socket: t.node(name).adminSocket });
  try {
    return await c.call<object, T>(method, req);
  } finally {
    c.close();
  }
}

function serialOf(path: string): string {
  return identityFromPem(readFileSync(path, 'utf8')).serial;
}

describe('revocation down the tree (real network, real TLS)', () => {
  let t: TestNetwork;
  let ca: string;
  let communeSerial: string;

  before(async () => {
    t = await startTestNetwork(TOPOLOGY);
    await t.waitLinksUp();
    ca = readFileSync(join(t.net.pkiDir, 'ca.crt'), 'utf8');
    communeSerial = serialOf(join(t.dir, 'c46', 'node-000.46.24.H44.crt'));
  });
  after(async () => {
    await t.close();
  });

  const agency = (code: string) => {
    const home = [...t.net.nodes.values()].find((n) => n.agencies.includes(code))!;
    return new AgencyClient({ address: home.address, nodeCode: home.code, tls: { ca: join(t.net.pkiDir, 'ca.crt'), ...t.net.agencyCerts.get(code)! } });
  };

  it('a commune revoked at the root (`pki revoke --cert … --config national.yaml`) is dropped by its district within seconds and refused on reconnect', async (ctx) => {
    assert.equal(t.node('d24').registry.get('000.46.24.H44')!.state, 'up');
    assert.equal(t.node('d24').revocations.current(), null, 'no list before the first revocation');
    const started = Date.now();
    let appliedAtRoot = 0;
    const cliRun = cli(['pki', 'revoke', '--dir', t.net.pkiDir, '--cert', join(t.dir, 'c46', 'node-000.46.24.H44.crt'), '--reason', 'khóa bị lộ', '-c', t.net.nodes.get('national')!.configPath]);
    const dropped = waitFor('d24 to drop the link to c46', () => {
      if (!appliedAtRoot && t.node('national').revocations.current()) appliedAtRoot = Date.now();
      return t.node('d24').registry.get('000.46.24.H44')!.state !== 'up';
    }, 30_000, 5);
    const r = await cliRun;
    assert.equal(r.code, 0, r.stderr);
    await dropped;
    const droppedAt = Date.now();
    assert.match(r.stdout, /revoked node certificate for 000\.46\.24\.H44 \(serial [0-9A-F]+\): revocation list version 1/);
    assert.match(r.stdout, /applied version 1: passed to 000\.00\.00\.H44/);
    ctx.diagnostic(`pki revoke started → c46 link dropped at d24: ${droppedAt - started} ms (list applied at the root after ${appliedAtRoot - started} ms, root → district link drop ${droppedAt - appliedAtRoot} ms)`);

    // Every node enforces version 1 and holds it durably.
    for (const name of ['national', 'h44', 'd24', 'c47']) {
      const n = t.node(name);
      await waitFor(`${name} to apply version 1`, () => n.revocations.current()?.version === 1);
      assert.equal(n.revocations.isRevoked(communeSerial), true, `${name} knows the commune is revoked`);
      const stored = readRevocationFile(join(t.net.nodes.get(name)!.dataDir, REVOCATIONS_FILE));
      assert.ok(stored, `${name} persisted the list`);
      assert.equal(verifyRevocationList(stored, ca).version, 1);
    }
    // The commune tries again and is told why.
    const c46Parent = await waitFor('c46 to be refused with the reason', () => {
      const l = t.node('c46').registry.get('000.00.24.H44')!;
      return l.state !== 'up' && /revoked/.test(l.lastError) ? l : null;
    });
    assert.match(c46Parent.lastError, /CERTIFICATE_REVOKED|revoked by the network CA/);
    assert.match(t.node('d24').registry.get('000.46.24.H44')!.lastError, /node certificate for 000\.46\.24\.H44 \(serial [0-9A-F]+\) was revoked by the network CA on \d{4}-\d\d-\d\d \(khóa bị lộ\)/);
    const refused = await t.node('d24').metrics.registry.metrics();
    assert.match(refused, /^lienthong_connections_refused_total\{peer="000\.46\.24\.H44",reason="CERTIFICATE_REVOKED"[^}]*\} [1-9]/m, 'the refused link is counted with the peer and the reason');
    const status = await admin<StatusResponse__Output>(t, 'd24', 'Status', {});
    const link = status.links.find((l) => l.peerCode === '000.46.24.H44')!;
    assert.equal(link.peerCertificate?.revoked, true, 'status shows the peer certificate as revoked');
    assert.equal(status.revocations?.version, 1);

    // The rest of the district keeps working.
    const c47 = agency('000.47.24.H44');
    try {
      const sent = await c47.send(documentInput('000.47.24.H44', ['000.00.00.G22'], 'vẫn chạy sau khi thu hồi'));
      await t.waitInbox('000.00.00.G22', (m) => m.id === sent.messageId);
    } finally {
      c47.close();
    }
    // It stays refused: still down a moment later, after at least one more attempt.
    const reconnectsBefore = t.node('c46').registry.get('000.00.24.H44')!.lastError;
    assert.ok(reconnectsBefore);
    assert.notEqual(t.node('d24').registry.get('000.46.24.H44')!.state, 'up');
  });

  it('an agency whose certificate is revoked loses its open inbox stream and is refused on every call', async () => {
    const client = agency('000.47.24.H44');
    try {
      const stream = client.receive('000.47.24.H44', true, () => undefined);
      const outcome = stream.done.then(() => null, (e: Error & { code?: string }) => e);
      // The stream is open (a first send is answered) before the revocation.
      await client.send(documentInput('000.47.24.H44', ['000.47.24.H44'], 'trước khi thu hồi'));
      revokeInDir(t.net.pkiDir, { certFile: t.net.agencyCerts.get('000.47.24.H44')!.cert }, { reason: 'máy bị nhiễm mã độc' });
      const signed = readRevocationFile(join(t.net.pkiDir, REVOCATIONS_FILE))!;
      const r = await admin<PublishRevocationsResponse__Output>(t, 'national', 'PublishRevocations', signed);
      assert.equal(r.outcome, 'applied');
      assert.equal(r.version, 2);
      const err = await outcome;
      assert.ok(err, 'the open stream ended with an error');
      assert.equal(err.code, 'CERTIFICATE_REVOKED');
      assert.match(err.message, /agency certificate for 000\.47\.24\.H44 .* was revoked by the network CA .*\(máy bị nhiễm mã độc\).*lienthong pki issue --code 000\.47\.24\.H44 --role agency/);
      await assert.rejects(client.send(documentInput('000.47.24.H44', ['000.00.00.G22'], 'sau khi thu hồi')), (e: Error & { code?: string }) => e.code === 'CERTIFICATE_REVOKED');
      await assert.rejects(client.inbox('000.47.24.H44'), (e: Error & { code?: string }) => e.code === 'CERTIFICATE_REVOKED');
    } finally {
      client.close();
    }
    // Nor does its node sign for it any more (the CLI's and edXML's path, where the node holds the key).
    await assert.rejects(
      t.home('000.47.24.H44').relay.submit(documentInput('000.47.24.H44', ['000.00.00.G22'], 'ký thay sau khi thu hồi')),
      (e: Error & { code?: string }) => e.code === 'CERTIFICATE_REVOKED' && /^this node will not sign for 000\.47\.24\.H44: .* is revoked; give the node a new key/.test(e.message),
    );
    const c47 = t.net.nodes.get('c47')!.configPath;
    const status = await cli(['status', '-c', c47]);
    assert.match(status.stdout, /warning: the signing certificate of agency 000\.47\.24\.H44 \(serial [0-9A-F]+, signing\.agencyKeys\) is revoked: the node refuses to sign for it/);
    const check = await cli(['check', '-c', c47]);
    assert.equal(check.code, 2, check.stdout);
    assert.match(check.stdout, /CRITICAL 000\.47\.24\.H44: the signing certificate of agency 000\.47\.24\.H44 .* is revoked/);
    // Another agency of the same node is not affected.
    const other = agency('000.00.24.H44');
    try {
      await other.send(documentInput('000.00.24.H44', ['000.00.00.G22'], 'cơ quan khác vẫn gửi được'));
    } finally {
      other.close();
    }
  });

  it('keeps the list across a restart and hands it to a node that was offline when it was published', async () => {
    await t.stop('c47');
    revokeInDir(t.net.pkiDir, { serial: 'ABCDEF0123' }, { reason: 'thẻ thất lạc', unknownSerialOk: true });
    const r = await admin<PublishRevocationsResponse__Output>(t, 'national', 'PublishRevocations', readRevocationFile(join(t.net.pkiDir, REVOCATIONS_FILE))!);
    assert.equal(r.version, 3);
    await waitFor('d24 to apply version 3', () => t.node('d24').revocations.current()?.version === 3);
    assert.equal(readRevocationFile(join(t.net.nodes.get('c47')!.dataDir, REVOCATIONS_FILE)) && verifyRevocationList(readRevocationFile(join(t.net.nodes.get('c47')!.dataDir, REVOCATIONS_FILE))!, ca).version, 2, 'c47 was offline: it still holds version 2');
    await t.start('c47');
    await waitFor('c47 to get version 3 on link up', () => t.node('c47').revocations.current()?.version === 3);
    assert.equal(t.node('c47').revocations.isRevoked('ABCDEF0123'), true);

    await t.stop('d24');
    await t.start('d24');
    assert.equal(t.node('d24').revocations.current()?.version, 3, 'restored from its data directory before any link is up');
    await waitFor('d24 links to h44 and c47 up', () => t.node('d24').registry.get('000.00.00.H44')!.state === 'up' && t.node('d24').registry.get('000.47.24.H44')!.state === 'up');
    // The revoked commune tries again only every 60 s (REVOKED_RETRY_MS); restarted, it dials at once.
    await t.stop('c46');
    await t.start('c46');
    await waitFor('c46 to be refused by the restarted district', () => /revoked/.test(t.node('c46').registry.get('000.00.24.H44')!.lastError) && t.node('d24').registry.get('000.46.24.H44')!.state !== 'up');
    await waitFor('the restarted district to show why c46 stays down', () => /revoked/.test(t.node('d24').registry.get('000.46.24.H44')!.lastError));
  });

  it('does not start on a stored list that was altered (fail closed: the revoked commune stays out), and starts once it is restored', async () => {
    const path = join(t.net.nodes.get('d24')!.dataDir, REVOCATIONS_FILE);
    await t.stop('d24');
    const good = readFileSync(path, 'utf8');
    const i = good.indexOf(communeSerial);
    assert.ok(i > 0, 'the stored list names the revoked commune');
    const digit = good[i + communeSerial.length - 1] === '0' ? '1' : '0';
    writeFileSync(path, `${good.slice(0, i + communeSerial.length - 1)}${digit}${good.slice(i + communeSerial.length)}`);
    await assert.rejects(t.start('d24'), (e: Error & { code?: string }) =>
      e.code === 'REVOCATION_LIST_INVALID' &&
      /^the stored revocation list .* cannot be used \(.*signature does not match its contents \(altered or damaged/.test(e.message) &&
      /Restore the file from a backup/.test(e.message));
    writeFileSync(path, good);
    await t.start('d24');
    assert.ok(t.node('d24').revocations.isRevoked(communeSerial));
    await waitFor('d24 links to h44 up again', () => t.node('d24').registry.get('000.00.00.H44')!.state === 'up');
  });

  it('refuses a list from another CA (logged, counted) and ignores an older version', async () => {
    const other = join(t.dir, 'other-ca');
    mkdirSync(other);
    initPkiDir(other, { commonName: 'forged CA' });
    for (let i = 0; i < 5; i++) renewRevocationsInDir(other); // version 5: higher than the real one
    const forged = readRevocationFile(join(other, REVOCATIONS_FILE))!;
    await assert.rejects(admin(t, 'national', 'PublishRevocations', forged), (e: Error & { code?: string }) => e.code === 'REVOCATION_LIST_INVALID' && /not signed by this network's CA/.test(e.message));
    const status = await admin<StatusResponse__Output>(t, 'national', 'Status', {});
    assert.equal(status.revocations?.version, 3, 'the valid list stays');
    assert.equal(status.revocations?.refused, 1);
    assert.match(status.revocations!.lastRefusal, /^from operator: the revocation list is not signed by this network's CA/);
    const metrics = await t.node('national').metrics.registry.metrics();
    assert.match(metrics, /^lienthong_revocation_lists_refused_total\{node="000\.00\.00\.G22"\} 1$/m, 'the refusal is counted for Prometheus');
    assert.match(metrics, /^lienthong_revocation_list_version\{node="000\.00\.00\.G22"\} 3$/m);
    const nextUpdate = Number(/^lienthong_revocation_list_next_update_timestamp_seconds\{[^}]*\} ([0-9.e+]+)$/m.exec(metrics)?.[1]);
    assert.ok(nextUpdate * 1000 > Date.now(), `the list's next update is ahead: ${nextUpdate}`);

    // Version 1 again (an old copy): nothing changes, nothing is passed on.
    const c47Stored = readRevocationFile(join(t.net.nodes.get('national')!.dataDir, REVOCATIONS_FILE))!;
    assert.equal(verifyRevocationList(c47Stored, ca).version, 3);
    const r = await admin<PublishRevocationsResponse__Output>(t, 'h44', 'PublishRevocations', c47Stored);
    assert.equal(r.outcome, 'same');
    assert.deepEqual(r.sentTo, []);
  });

  it('a stale list warns in status and check while documents keep flowing', async () => {
    const w = renewRevocationsInDir(t.net.pkiDir, { nowMs: Date.now() - 3 * DAY, nextUpdateDays: 1 });
    assert.equal(w.list.version, 4);
    const r = await admin<PublishRevocationsResponse__Output>(t, 'national', 'PublishRevocations', readRevocationFile(w.path)!);
    assert.equal(r.outcome, 'applied');
    await waitFor('c47 to hold the stale version 4', () => t.node('c47').revocations.current()?.version === 4);
    assert.equal(t.node('c47').revocations.current()?.stale, true);
    assert.equal(t.node('c47').revocations.isRevoked(communeSerial), true, 'a stale list is still enforced');

    const client = agency('000.00.24.H44');
    try {
      const sent = await client.send(documentInput('000.00.24.H44', ['000.47.24.H44', '000.00.00.G22'], 'danh sách cũ vẫn chạy'));
      await t.waitInbox('000.47.24.H44', (m) => m.id === sent.messageId);
      await t.waitInbox('000.00.00.G22', (m) => m.id === sent.messageId);
    } finally {
      client.close();
    }
    const c47Config = t.net.nodes.get('c47')!.configPath;
    const status = await cli(['status', '-c', c47Config]);
    assert.equal(status.code, 0, status.stderr);
    assert.match(status.stdout, /revocation list: version 4, 3 revoked, .* \(STALE: still enforced\)/);
    assert.match(status.stdout, /warning: revocation list version 4 is stale/);
    const check = await cli(['check', '-c', c47Config]);
    assert.equal(check.code, 2);
    assert.match(check.stdout, /CRITICAL 000\.47\.24\.H44: revocation list version 4 is stale since \d{4}-\d\d-\d\d \(still enforced\)/);
  });

  it('a child drops and refuses a parent whose certificate is revoked (checked by the dialer at the handshake)', async (ctx) => {
    assert.equal(t.node('c47').registry.get('000.00.24.H44')!.state, 'up');
    revokeInDir(t.net.pkiDir, { certFile: join(t.dir, 'd24', 'node-000.00.24.H44.crt') }, { reason: 'máy chủ bị chiếm quyền' });
    const r = await admin<PublishRevocationsResponse__Output>(t, 'national', 'PublishRevocations', readRevocationFile(join(t.net.pkiDir, REVOCATIONS_FILE))!);
    assert.equal(r.version, 5);
    // h44 closes d24's link, but passes the list first, so the district's own subtree learns it too.
    await waitFor('h44 to drop d24', () => t.node('h44').registry.get('000.00.24.H44')!.state !== 'up');
    await waitFor('c47 to apply version 5 (through d24)', () => t.node('c47').revocations.current()?.version === 5);
    // First the link is closed; then every new attempt fails at the handshake (checkServerIdentity).
    const parent = await waitFor('c47 to refuse its revoked parent at the TLS handshake', () => {
      const l = t.node('c47').registry.get('000.00.24.H44')!;
      return l.state !== 'up' && /^peer /.test(l.lastError) ? l : null;
    });
    ctx.diagnostic(`c47's link to d24: ${parent.lastError}`);
    assert.match(parent.lastError, /peer node certificate for 000\.00\.24\.H44 \(serial [0-9A-F]+\) was revoked by the network CA/);
    const st = await admin<StatusResponse__Output>(t, 'd24', 'Status', {});
    assert.equal(st.certificate?.revoked, true, 'd24 knows its own certificate is revoked');
    assert.ok(existsSync(join(t.net.nodes.get('c47')!.dataDir, REVOCATIONS_FILE)));
  });
});
