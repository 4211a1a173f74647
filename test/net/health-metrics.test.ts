/**
 * Standard health (grpc.health.v1) and Prometheus metrics of a running node, probed as an
 * operator's tools would: a gRPC health client over mutual TLS, an HTTP scrape of /metrics.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import * as grpc from '@grpc/grpc-js';
import { service as healthService } from 'grpc-health-check';
import { waitFor } from '../../scripts/lib/wait-for.js';
import { AdminClient } from '../../src/cli/admin-client.js';
import { dialCredentials, readTlsFiles } from '../../src/link/tls-credentials.js';
import { issueToDir, revokeInDir } from '../../src/pki/files.js';
import { REVOCATIONS_FILE, readRevocationFile } from '../../src/pki/revocation-file.js';
import { documentInput, startTestNetwork, type TestNetwork } from '../helpers/in-process-network.js';

type HealthClient = grpc.Client & { check(req: { service: string }, cb: (e: grpc.ServiceError | null, r?: { status: string }) => void): void };

describe('health and metrics', () => {
  let t: TestNetwork;
  let health: HealthClient;
  let probeCert: string;

  before(async () => {
    t = await startTestNetwork([
      { name: 'root', code: '000.00.00.H44', agencies: ['000.00.00.H44'], extra: { http: { listen: '127.0.0.1:0' } } },
      { name: 'leaf', code: '000.00.24.H44', parent: 'root', agencies: ['000.00.24.H44'] },
    ]);
    await t.waitLinksUp();
    const root = t.net.nodes.get('root')!;
    const probe = issueToDir(t.net.pkiDir, { code: '000.00.00.H44', role: 'admin', outDir: join(t.dir, 'probe') });
    probeCert = probe.certPath;
    const Ctor = grpc.makeGenericClientConstructor(healthService as never, 'Health');
    health = new Ctor(root.address, dialCredentials(readTlsFiles({ ca: join(t.net.pkiDir, 'ca.crt'), cert: probe.certPath, key: probe.keyPath }), root.code, 'node'), { 'grpc.ssl_target_name_override': 'x' }) as unknown as HealthClient;
  });
  after(async () => {
    health.close();
    await t.close();
  });

  const check = (service: string) =>
    new Promise<string>((resolve, reject) => health.check({ service }, (e, r) => (e ? reject(e) : resolve(r!.status))));

  it('answers grpc.health.v1 Check over mutual TLS: SERVING, and NOT_SERVING while draining', async () => {
    assert.equal(await check(''), 'SERVING');
    assert.equal(await check('lienthong.v1.AgencyService'), 'SERVING');
    const root = t.node('root');
    root.draining = true;
    assert.equal(await check(''), 'NOT_SERVING');
    root.draining = false;
    assert.equal(await check(''), 'SERVING');
    await assert.rejects(check('no.such.Service'), (e: grpc.ServiceError) => e.code === grpc.status.NOT_FOUND);
  });

  it('exposes Prometheus metrics with conventional names that move with traffic', async () => {
    const url = `http://${t.node('root').httpAddress}/metrics`;
    const scrape = async () => (await fetch(url)).text();
    const value = (text: string, name: string) => {
      const line = text.split('\n').find((l) => l.startsWith(name + '{') || l.startsWith(name + ' '));
      return line ? Number(line.slice(line.lastIndexOf(' ') + 1)) : NaN;
    };
    const before = await scrape();
    const sent = await t.node('leaf').relay.submit(documentInput('000.00.24.H44', ['000.00.00.H44'], 'đo lường'));
    await t.waitInbox('000.00.00.H44', (m) => m.id === sent.messageId);
    const text = await waitFor('the delivery counted', async () => {
      const s = await scrape();
      return value(s, 'lienthong_documents_delivered_total') > value(before, 'lienthong_documents_delivered_total') ? s : null;
    });
    for (const name of [
      'lienthong_documents_accepted_total', 'lienthong_documents_forwarded_total', 'lienthong_documents_expired_total',
      'lienthong_documents_refused_total', 'lienthong_outbox_entries', 'lienthong_outbox_oldest_age_seconds',
      'lienthong_link_up', 'lienthong_link_reconnects_total', 'lienthong_hop_latency_seconds', 'lienthong_store_commit_seconds_bucket',
      'lienthong_forwarded_bytes_total', 'lienthong_process_resident_memory_bytes', 'lienthong_nodejs_eventloop_lag_p99_seconds',
    ]) {
      assert.match(text, new RegExp(`^# (HELP|TYPE) ${name.replace(/_bucket$/, '')} `, 'm'), `${name} is exposed`);
    }
    assert.match(text, /lienthong_link_up\{peer="000\.00\.24\.H44",role="child",node="000\.00\.00\.H44"\} 1/);
    assert.ok(value(text, 'lienthong_store_commit_seconds_count') > 0, 'commits are timed');
    // Every sample line is "name{labels} value" with a numeric value (what promtool parses; its float
    // parser takes NaN in any case, and prom-client writes "Nan" for the event-loop lag gauges when
    // no delay was sampled since the last scrape, 100 ms apart at most).
    for (const l of text.split('\n').filter((x) => x && !x.startsWith('#'))) assert.match(l, /^[a-z_:][a-z0-9_:]*(\{.*\})? (-?[0-9.e+-]+|NaN|Nan|[+-]Inf)$/, l);
    assert.equal((await fetch(url.replace('/metrics', '/other'))).status, 404);
    assert.equal((await fetch(url.replace('/metrics', '/api/network'))).status, 200);
    // Prometheus's own checker, where installed (.ci/run installs Debian's prometheus package).
    if (existsSync('/usr/bin/promtool')) {
      const r = spawnSync('/usr/bin/promtool', ['check', 'metrics'], { input: text, encoding: 'utf8' });
      assert.equal(r.status, 0, `promtool check metrics: ${r.stdout}${r.stderr}`);
    }
  });

  it('answers a revoked certificate with CERTIFICATE_REVOKED, like every other service on the port', async () => {
    assert.equal(await check(''), 'SERVING');
    revokeInDir(t.net.pkiDir, { certFile: probeCert }, { reason: 'máy thăm dò bị mất' });
    const admin = AdminClient.open({ socket: t.node('root').adminSocket });
    try {
      const r = await admin.call<object, { outcome: string }>('PublishRevocations', readRevocationFile(join(t.net.pkiDir, REVOCATIONS_FILE))!);
      assert.equal(r.outcome, 'applied');
    } finally {
      admin.close();
    }
    await assert.rejects(check(''), (e: grpc.ServiceError) => /CERTIFICATE_REVOKED: .*revoked/.test(e.details));
  });
});
