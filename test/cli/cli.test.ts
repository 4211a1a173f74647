/**
 * The operator's CLI, run as a user runs it (`node dist/src/cli/main.js ...`), against real nodes
 * started with `lienthong start`.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { buildNetwork, type BuiltNetwork } from '../../scripts/lib/network-builder.js';
import { NodeProcess } from '../../scripts/lib/node-process.js';
import { waitFor } from '../../scripts/lib/wait-for.js';
import { cli } from '../helpers/cli-run.js';


describe('lienthong CLI against running nodes', () => {
  let dir: string;
  let net: BuiltNetwork;
  const procs: NodeProcess[] = [];
  let root: string;
  let leaf: string;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'lienthong-cli-'));
    net = await buildNetwork(dir, [
      { name: 'province', code: '000.00.00.H44', agencies: ['000.00.00.H44', '000.00.01.H44'] },
      { name: 'commune', code: '000.00.07.H44', parent: 'province', agencies: ['000.00.07.H44'] },
    ]);
    root = net.nodes.get('province')!.configPath;
    leaf = net.nodes.get('commune')!.configPath;
    for (const n of net.nodes.values()) {
      const p = new NodeProcess(n.name, n.configPath, 'trace');
      await p.start();
      procs.push(p);
    }
    await waitFor('the commune link up', async () => JSON.parse((await cli(['status', '-c', leaf, '--json'])).stdout).links[0].state === 'up');
  });
  after(async () => {
    for (const p of procs) await p.kill();
    if (!process.env.LIENTHONG_KEEP_TEST_DIR) rmSync(dir, { recursive: true, force: true });
  });

  it('status shows the node, its links and counters, in text and JSON', async () => {
    const text = await cli(['status', '-c', root]);
    assert.equal(text.code, 0, text.stderr);
    assert.match(text.stdout, /node 000\.00\.00\.H44 \(code of level 1\)/);
    assert.match(text.stdout, /000\.00\.07\.H44\s+child\s+up/);
    const json = JSON.parse((await cli(['status', '-c', root, '--json'])).stdout);
    assert.equal(json.nodeCode, '000.00.00.H44');
    assert.equal(json.links[0].peerCode, '000.00.07.H44');
  });

  it('routes prints the table and explains a resolution step by step', async () => {
    const r = await cli(['routes', '-c', leaf, '--resolve', '000.00.00.G22']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /000\.00\.07\.H44\s+exact\s+local\s+attached/);
    assert.match(r.stdout, /up to the parent 000\.00\.00\.H44/);
    const j = JSON.parse((await cli(['routes', '-c', root, '--resolve', '000.00.07.H44', '--json'])).stdout);
    assert.equal(j.resolution.decision.kind, 'forward');
    assert.equal(j.resolution.decision.nextHop, '000.00.07.H44');
  });

  it('send, inbox, ack, status-update and trace carry a document and its statuses', async () => {
    const file = join(dir, 'to-trinh.pdf');
    writeFileSync(file, '%PDF-1.4 tờ trình');
    const sent = JSON.parse((await cli(['send', '-c', leaf, '--from', '000.00.07.H44', '--to', '000.00.01.H44', '--subject', 'Tờ trình số 5', '--file', file, '--priority', '2', '--json'])).stdout);
    assert.ok(sent.messageId);
    const items = await waitFor('the document in the inbox', async () => {
      const r = JSON.parse((await cli(['inbox', '-c', root, '--agency', '000.00.01.H44', '--json'])).stdout);
      return r.length ? r : null;
    });
    assert.equal(items[0].message.id, sent.messageId);
    assert.equal(items[0].message.document.subject, 'Tờ trình số 5');
    assert.equal(Number(items[0].bodySize), Buffer.byteLength('%PDF-1.4 tờ trình'), 'the file, byte for byte');
    assert.equal((await cli(['ack', '-c', root, '--agency', '000.00.01.H44', sent.messageId])).code, 0);
    assert.equal((await cli(['status-update', '-c', root, '--agency', '000.00.01.H44', '--message', sent.messageId, '--code', '03', '--reason', 'vào sổ'])).code, 0);
    const trace = await waitFor('statuses 01 and 03 at the sender', async () => {
      const t = JSON.parse((await cli(['trace', '-c', leaf, sent.messageId, '--json'])).stdout);
      return t.statuses.length === 2 ? t : null;
    });
    assert.deepEqual(trace.statuses.map((s: { code: string }) => s.code).sort(), ['01', '03']);
    const text = await cli(['trace', '-c', leaf, sent.messageId]);
    assert.match(text.stdout, /03 Đã tiếp nhận \(registered\) \(vào sổ\)/);
    assert.match(text.stdout, /000\.00\.01\.H44\s+forwarded\s+000\.00\.00\.H44\s+\S+\s+03 Đã tiếp nhận/, 'latest status per recipient');
    const again = await cli(['status-update', '-c', root, '--agency', '000.00.01.H44', '--message', sent.messageId, '--code', '03', '--reason', 'vào sổ']);
    assert.match(again.stdout, /already sent/, 'the same code and text again: a retry');
    const oneDigit = await cli(['status-update', '-c', root, '--agency', '000.00.01.H44', '--message', sent.messageId, '--code', '3', '--reason', 'vào sổ']);
    assert.match(oneDigit.stdout, /^status 03 was already sent/, `--code 3 is read as 03: ${oneDigit.stderr}`);
    const unknownId = '0190f5c2-7d3a-7b1e-9c4f-2a6b8e1d5f70';
    const bogus = await cli(['ack', '-c', root, '--agency', '000.00.01.H44', sent.messageId, unknownId]);
    assert.equal(bogus.code, 1);
    assert.match(bogus.stdout, new RegExp(`not in the inbox of 000\\.00\\.01\\.H44 \\(unknown, acknowledged before, or no message id\\): .*${unknownId}`));
    const typo = await cli(['ack', '-c', root, '--agency', '000.00.01.H44', 'not-an-id']);
    assert.equal(typo.code, 1, 'a malformed id is in no inbox: listed, and the others still acknowledged');
    assert.match(typo.stdout, /not in the inbox of 000\.00\.01\.H44 \(unknown, acknowledged before, or no message id\): not-an-id/);
    // --expiry: how long the network tries to deliver (here 10 minutes instead of the 7-day default).
    const short = JSON.parse((await cli(['send', '-c', leaf, '--from', '000.00.07.H44', '--to', '000.00.01.H44', '--subject', 'Hỏa tốc', '--text', 'x', '--expiry', '10m', '--json'])).stdout);
    const shortTrace = JSON.parse((await cli(['trace', '-c', leaf, short.messageId, '--json'])).stdout);
    assert.equal(Number(shortTrace.message.expiresAtMs) - Number(shortTrace.message.createdAtMs), 600_000);
    const badExpiry = await cli(['send', '-c', leaf, '--from', '000.00.07.H44', '--to', '000.00.01.H44', '--subject', 'x', '--text', 'x', '--expiry', 'mai']);
    assert.equal(badExpiry.code, 1);
    assert.match(badExpiry.stderr, /--expiry mai: give a duration of at least 1s, such as 30m or 2d/);
    const tooLong = await cli(['send', '-c', leaf, '--from', '000.00.07.H44', '--to', '000.00.01.H44', '--subject', 'x', '--text', 'x', '--expiry', '400d']);
    assert.equal(tooLong.code, 1);
    assert.match(tooLong.stderr, /: --expiry: 400d is longer than this node keeps a document/, 'named by the option given, not the API field');
    const badDate = await cli(['send', '-c', leaf, '--from', '000.00.07.H44', '--to', '000.00.01.H44', '--subject', 'x', '--text', 'x', '--due-date', '2026-13-45']);
    assert.equal(badDate.code, 1);
    assert.match(badDate.stderr, /: --due-date: "2026-13-45" is not a date/, `named by the option: ${badDate.stderr}`);
    const badId = await cli(['send', '-c', leaf, '--from', '000.00.07.H44', '--to', '000.00.01.H44', '--subject', 'x', '--text', 'x', '--message-id', 'not-a-uuid']);
    assert.equal(badId.code, 1);
    assert.match(badId.stderr, /: --message-id: "not-a-uuid" is not a UUID/, `named by the option: ${badId.stderr}`);
    const badTo = await cli(['send', '-c', leaf, '--from', '000.00.07.H44', '--to', '000.00.01.H44', '--to', 'bad', '--subject', 'x', '--text', 'x']);
    assert.equal(badTo.code, 64);
    assert.match(badTo.stderr, /^lienthong: --to bad: invalid agency code "bad"/, 'named by the option, before anything is sent');
    const badFrom = await cli(['send', '-c', leaf, '--from', '000.00.07.h44', '--to', '000.00.01.H44', '--subject', 'x', '--text', 'x']);
    assert.equal(badFrom.code, 64);
    assert.match(badFrom.stderr, /^lienthong: --from 000\.00\.07\.h44: invalid agency code/);
    const noBody = await cli(['send', '-c', leaf, '--from', '000.00.07.H44', '--to', '000.00.01.H44', '--subject', 'trống']);
    assert.equal(noBody.code, 64);
    assert.match(noBody.stderr, /give the document: --file PATH/);
  });

  it('moves documents larger than gRPC\'s default 4 MiB through send and inbox --save-to', async () => {
    const big = Buffer.alloc(7 * 1024 * 1024);
    for (let i = 0; i < big.length; i += 4096) big.writeUInt32LE(i * 2654435761 >>> 0, i);
    const file = join(dir, 'big.pdf');
    writeFileSync(file, big);
    const sendBig = await cli(['send', '-c', leaf, '--from', '000.00.07.H44', '--to', '000.00.01.H44', '--subject', 'Phụ lục lớn', '--file', file, '--json']);
    assert.equal(sendBig.code, 0, sendBig.stderr);
    const sent = JSON.parse(sendBig.stdout);
    const saveTo = join(dir, 'saved', 'nested'); // created by the command
    await waitFor('the big document saved', async () => {
      const r = await cli(['inbox', '-c', root, '--agency', '000.00.01.H44', '--save-to', saveTo]);
      assert.equal(r.code, 0, r.stderr);
      return (await import('node:fs')).existsSync(join(saveTo, sent.messageId));
    });
    assert.ok((await import('node:fs')).readFileSync(join(saveTo, sent.messageId)).equals(big), 'byte for byte');
    // Once acknowledged, the node releases the body: --all --save-to says so instead of writing an empty file.
    assert.equal((await cli(['ack', '-c', root, '--agency', '000.00.01.H44', sent.messageId])).code, 0);
    const again = join(dir, 'saved-again');
    const r = await cli(['inbox', '-c', root, '--agency', '000.00.01.H44', '--all', '--save-to', again]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, new RegExp(`not saved: the node no longer holds the body of [^\\n]*${sent.messageId}`));
    assert.equal((await import('node:fs')).existsSync(join(again, sent.messageId)), false);
    // A full page says so, with the next page's --after.
    const page = await cli(['inbox', '-c', root, '--agency', '000.00.01.H44', '--all', '--limit', '1']);
    assert.equal(page.code, 0, page.stderr);
    const seq = /next page: --after (\d+)/.exec(page.stdout)?.[1];
    assert.ok(seq, page.stdout);
    const next = await cli(['inbox', '-c', root, '--agency', '000.00.01.H44', '--all', '--limit', '1', '--after', seq]);
    assert.doesNotMatch(next.stdout, new RegExp(`^${seq}\\s+\\d{4}-`, 'm'), 'the next page starts after it');
    // --save-to saves the items listed (--limit, --after), not the whole inbox.
    for (const n of [1, 2]) assert.equal((await cli(['send', '-c', leaf, '--from', '000.00.07.H44', '--to', '000.00.01.H44', '--subject', `trang ${n}`, '--text', `nội dung ${n}`])).code, 0);
    await waitFor('both in the inbox', async () => JSON.parse((await cli(['inbox', '-c', root, '--agency', '000.00.01.H44', '--json'])).stdout).length >= 2);
    const one = join(dir, 'saved-one');
    const first = await cli(['inbox', '-c', root, '--agency', '000.00.01.H44', '--limit', '1', '--save-to', one]);
    assert.equal(first.code, 0, first.stderr);
    assert.equal((await import('node:fs')).readdirSync(one).length, 1, 'one item listed, one saved');
  });

  it('outbox lists queued entries while a link is down, shapes them, holds, releases and flushes', async () => {
    await procs[0]!.stop();
    const sent = JSON.parse((await cli(['send', '-c', leaf, '--from', '000.00.07.H44', '--to', '000.00.00.H44', '--subject', 'chờ', '--text', 'x', '--json'])).stdout);
    const list = JSON.parse((await cli(['outbox', 'list', '-c', leaf, '--json'])).stdout);
    assert.equal(list.entries.length, 1);
    assert.equal(list.entries[0].messageId, sent.messageId);
    assert.match((await cli(['outbox', 'list', '-c', leaf])).stdout, /000\.00\.00\.H44\s+queued/);
    assert.match((await cli(['outbox', 'shape', '-c', leaf])).stdout, /TOTAL\s+1\s+1/);
    assert.match((await cli(['outbox', 'hold', '-c', leaf])).stdout, /hold: 1 entry changed/);
    // A second entry, queued: the held listing counts the held ones only, the shape every one.
    assert.equal((await cli(['send', '-c', leaf, '--from', '000.00.07.H44', '--to', '000.00.00.H44', '--subject', 'chờ nữa', '--text', 'y'])).code, 0);
    const held = (await cli(['outbox', 'list', '-c', leaf, '--state', 'held'])).stdout;
    assert.match(held, /held/);
    assert.match(held, /^1 shown of 1 entry$/m);
    assert.match((await cli(['outbox', 'shape', '-c', leaf])).stdout, /TOTAL\s+2\s+2/);
    assert.match((await cli(['outbox', 'release', '-c', leaf])).stdout, /release: 1 entry changed/);
    assert.equal((await cli(['outbox', 'flush', '-c', leaf])).code, 0);
    // check fails once the link is down longer than the configured limit (1 s, the shortest accepted, here via a config copy).
    const strict = join(dir, 'commune', 'strict.yaml');
    writeFileSync(strict, (await import('node:fs')).readFileSync(leaf, 'utf8') + 'check:\n  linkDownAfter: 1s\n');
    const bad = await waitFor('check to fail once the link has been down 1 s', async () => {
      const r = await cli(['check', '-c', strict]);
      return r.code === 2 ? r : null;
    }, 15_000, 250);
    assert.match(bad.stdout, /CRITICAL 000\.00\.07\.H44: link to parent 000\.00\.00\.H44 has been (down|connecting)/);
    await procs[0]!.start();
    await waitFor('the queued document delivered', async () => JSON.parse((await cli(['status', '-c', leaf, '--json'])).stdout).outboxTotal === 0);
    const ok = await cli(['check', '-c', leaf]);
    assert.equal(ok.code, 0, ok.stdout);
    assert.match(ok.stdout, /OK 000\.00\.07\.H44/);
  });

  it('never writes a document\'s content or a key into the logs', async () => {
    const secret = 'NỘI-DUNG-MẬT-' + Math.random().toString(36).slice(2);
    const sent = JSON.parse((await cli(['send', '-c', leaf, '--from', '000.00.07.H44', '--to', '000.00.01.H44', '--subject', `Trích yếu ${secret}`, '--text', `Thân văn bản ${secret}`, '--json'])).stdout);
    await waitFor('the document delivered', async () => JSON.parse((await cli(['inbox', '-c', root, '--agency', '000.00.01.H44', '--json'])).stdout).some((i: { message: { id: string } }) => i.message.id === sent.messageId));
    const { readFileSync } = await import('node:fs');
    const keys = ['province', 'commune'].map((n) => readFileSync(join(dir, n, `node-${net.nodes.get(n)!.code}.key`), 'utf8').split('\n')[1]!);
    for (const n of ['province', 'commune']) {
      const log = readFileSync(join(dir, n, 'node.log'), 'utf8');
      assert.ok(log.length > 0, `${n} logged something`);
      assert.ok(!log.includes(secret), `${n}'s log holds no subject or body text`);
      for (const k of keys) assert.ok(!log.includes(k), `${n}'s log holds no key material`);
    }
  });

  it('fails clearly: unknown flags, invalid configuration, node not running', async () => {
    const flag = await cli(['status', '-c', root, '--bogus']);
    assert.equal(flag.code, 64);
    assert.match(flag.stderr, /Unknown argument: bogus/);
    // `start` reads a valid line without yargs; anything else still gets yargs' answers.
    const startFlag = await cli(['start', '-c', root, '--bogus']);
    assert.equal(startFlag.code, 64);
    assert.match(startFlag.stderr, /Unknown argument: bogus/);
    const startLevel = await cli(['start', '-c', root, '--log-level', 'loud']);
    assert.equal(startLevel.code, 64);
    assert.match(startLevel.stderr, /Invalid values:[\s\S]*log-level/);
    const startHelp = await cli(['start', '--help']);
    assert.equal(startHelp.code, 0);
    assert.match(startHelp.stdout, /--data-dir\s+overrides node\.dataDir/);
    const badConfig = join(dir, 'bad.yaml');
    writeFileSync(badConfig, 'node:\n  code: 000.00.00.h44\n  listen: 127.0.0.1:1\n  dataDir: x\n  colour: blue\ntls: {ca: a, cert: b, key: c}\n');
    const r = await cli(['routes', '-c', badConfig]);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /node\.colour: unknown key/);
    const started = await cli(['start', '-c', badConfig]);
    assert.equal(started.code, 1, 'a valid start line with an invalid configuration fails like any command');
    assert.match(started.stderr, /node\.colour: unknown key/);
    assert.match(r.stderr, /node\.code: invalid agency code "000\.00\.00\.h44": group MX1X2/);
    // A port in use is refused before anything is left behind: the new data directory is gone again.
    const fresh = join(dir, 'never-started');
    const inUse = await cli(['start', '-c', root, '--data-dir', fresh]);
    assert.equal(inUse.code, 1);
    assert.match(inUse.stderr, /cannot listen on 127\.0\.0\.1:\d+: another process already uses it; stop it or change node\.listen/);
    assert.doesNotMatch(inUse.stdout + inUse.stderr, /No address added/, 'grpc-js\'s own line for it is not shown before the node\'s');
    assert.equal(existsSync(fresh), false, 'a failed start removes the data directory it created');
    const down = await cli(['status', '--socket', join(dir, 'nowhere.sock')]);
    assert.equal(down.code, 3);
    assert.match(down.stderr, /is the node running\?/);
  });
});
