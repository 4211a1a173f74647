/**
 * The short chaos run: the same harness as `npm run chaos` (sixteen node processes, a proxy on every
 * link), a few hundred documents while nodes are SIGKILLed and restarted and links cut and stalled,
 * with a fixed seed. Nothing may be lost or duplicated, and every status 01 must come back.
 * Also the proxy itself: cut, stall and restore do what the harness relies on.
 */
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { connect, createServer, type Server, type Socket } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { formatReport } from '../../scripts/lib/chaos-report.js';
import { runChaos } from '../../scripts/lib/chaos-run.js';
import { TcpProxy } from '../../scripts/lib/tcp-proxy.js';
import { waitFor } from '../../scripts/lib/wait-for.js';

describe('tcp proxy used by the chaos run', () => {
  let echo: Server;
  let proxy: TcpProxy;
  const sockets: Socket[] = [];

  before(async () => {
    echo = createServer((s) => s.pipe(s));
    echo.listen(0, '127.0.0.1');
    await once(echo, 'listening');
    proxy = await TcpProxy.start({ targetHost: '127.0.0.1', targetPort: (echo.address() as { port: number }).port });
  });
  after(async () => {
    for (const s of sockets) s.destroy();
    await proxy.close();
    echo.close();
  });

  const dial = async () => {
    const s = connect(proxy.port, '127.0.0.1');
    sockets.push(s);
    s.on('error', () => undefined);
    let got = '';
    s.on('data', (b: Buffer) => (got += b.toString()));
    await once(s, 'connect');
    return { s, received: () => got };
  };

  it('forwards bytes both ways, holds them while stalled and delivers them after restore', async () => {
    const c = await dial();
    c.s.write('một');
    await waitFor('echo through the proxy', () => c.received() === 'một', 5_000, 10);
    proxy.stall();
    c.s.write('hai');
    await new Promise((r) => setTimeout(r, 300));
    assert.equal(c.received(), 'một', 'nothing passes while stalled');
    assert.equal(c.s.destroyed, false, 'the connection stays open while stalled');
    proxy.restore();
    await waitFor('held bytes after restore', () => c.received() === 'mộthai', 5_000, 10);
  });

  it('cut closes connections and refuses new ones until restored', async () => {
    const c = await dial();
    proxy.cut();
    await waitFor('connection closed by the cut', () => c.s.destroyed || c.s.readableEnded, 5_000, 10);
    const refused = proxy.refused;
    const d = connect(proxy.port, '127.0.0.1');
    d.on('error', () => undefined);
    sockets.push(d);
    await once(d, 'close');
    assert.equal(proxy.refused, refused + 1);
    proxy.restore();
    const e = await dial();
    e.s.write('ba');
    await waitFor('echo after restore', () => e.received() === 'ba', 5_000, 10);
  });
});

describe('short chaos run (16 processes, proxied links, kills, cuts and stalls)', () => {
  it('delivers every document exactly once, byte for byte, with every status 01 back', { timeout: 240_000 }, async () => {
    const started = Date.now();
    const report = await runChaos({
      seed: 20_240_601,
      documents: 400,
      durationS: 24,
      nodesFaultsRate: 1,
      concurrency: 6,
      settleTimeoutS: 90,
      logLevel: 'info',
      keep: false,
    });
    const text = formatReport(report);
    process.stdout.write(`${text}\n(short chaos run took ${((Date.now() - started) / 1000).toFixed(1)} s)\n`);
    assert.deepEqual(report.problems, [], text);
    assert.equal(report.sent, 400, 'every document accepted');
    assert.ok(report.nodes >= 15, 'at least 15 nodes');
    assert.ok(report.restarts >= 1 && report.cuts >= 1 && report.stalls >= 1, `faults happened: ${text}`);
    assert.equal(report.restarts, report.kills, 'every killed node came back');
    assert.ok(report.deliveriesExpected > 400, 'some documents had several recipients');
    assert.equal(report.lost, 0, 'nothing lost');
    assert.equal(report.duplicated, 0, 'nothing duplicated');
    assert.equal(report.corrupted, 0, 'every body intact');
    assert.equal(report.delivered, report.deliveriesExpected);
    assert.equal(report.statusesBack, report.deliveriesExpected, 'every status 01 back');
    assert.equal(report.statusesDuplicated, 0, 'no status twice');
    assert.equal(report.outboxesNotEmpty, 0, 'every outbox empty');
    assert.equal(report.badExits, 0, 'every node exits 0 on SIGTERM');
    assert.ok(report.ok);
  });
});
