/**
 * Every admin call has a time limit (`--timeout`): against a real node stopped with SIGSTOP (the
 * kernel still accepts on its admin socket, the node never answers) each command gives up with
 * exit 3 (`check`: CRITICAL, exit 2), while a transfer that lasts longer than the limit but keeps
 * moving (through a Unix-socket proxy that passes 2 MiB/s) is not cut, and one that stops moving
 * midway is given up.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { connect, createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { buildNetwork, type BuiltNode } from '../../scripts/lib/network-builder.js';
import { NodeProcess } from '../../scripts/lib/node-process.js';
import { cli } from '../helpers/cli-run.js';

const CODE = '000.00.00.H44';
const SILENT = /did not answer within 1 s: it may be stopped \(SIGSTOP\), overloaded or hung; check its process and log/;

/**
 * A Unix-socket proxy to `target` that passes at most `bytesPerSecond` each way, and after
 * `freezeAfter` bytes from the client passes nothing more (a node that stops reading midway).
 */
function proxy(path: string, target: string, bytesPerSecond: number, freezeAfter = Infinity): Promise<Server> {
  const sockets = new Set<Socket>();
  const server = createServer((client) => {
    const upstream = connect(target);
    sockets.add(client).add(upstream);
    let fromClient = 0;
    const pipe = (from: Socket, to: Socket, count: boolean) => {
      from.on('data', (chunk: Buffer) => {
        if (count && (fromClient += chunk.length) > freezeAfter) return void from.pause();
        to.write(chunk);
        from.pause();
        setTimeout(() => from.resume(), (chunk.length / bytesPerSecond) * 1000);
      });
      from.on('close', () => to.destroy());
      from.on('error', () => to.destroy());
    };
    pipe(client, upstream, true);
    pipe(upstream, client, false);
  });
  server.on('close', () => sockets.forEach((s) => s.destroy()));
  const close = server.close.bind(server);
  server.close = (cb) => {
    sockets.forEach((s) => s.destroy());
    return close(cb);
  };
  return new Promise((resolve) => server.listen(path, () => resolve(server)));
}

describe('lienthong --timeout: a node that does not answer', () => {
  let dir: string;
  let node: BuiltNode;
  let proc: NodeProcess;
  let file: string;
  let socket: string;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'lienthong-timeout-'));
    const net = await buildNetwork(dir, [{ name: 'district', code: CODE, agencies: [CODE] }]);
    node = net.nodes.get('district')!;
    socket = join(node.dataDir, 'admin.sock');
    proc = new NodeProcess('district', node.configPath);
    await proc.start();
    file = join(dir, 'scan.pdf');
    writeFileSync(file, randomBytes(3 * 1024 * 1024));
  });
  after(async () => {
    proc.signal('SIGCONT');
    await proc.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('a stopped node: every command gives up after --timeout, exit 3 (check: CRITICAL, exit 2)', async () => {
    proc.signal('SIGSTOP');
    try {
      const started = Date.now();
      const status = await cli(['status', '-c', node.configPath, '--timeout', '1']);
      assert.equal(status.code, 3, status.stderr);
      assert.match(status.stderr, new RegExp(`^lienthong: NODE_UNREACHABLE: node ${CODE} ${SILENT.source}`));
      assert.ok(Date.now() - started < 10_000);

      const check = await cli(['check', '-c', node.configPath, '--timeout', '1']);
      assert.equal(check.code, 2, check.stdout + check.stderr);
      assert.match(check.stdout, new RegExp(`^CRITICAL ${CODE}: node ${CODE} ${SILENT.source}`));

      const bySocket = await cli(['check', '--socket', socket, '--timeout', '1', '--json']);
      assert.equal(bySocket.code, 2);
      assert.match(JSON.parse(bySocket.stdout).problems[0], new RegExp(`^node at ${socket} ${SILENT.source}`));

      const id = '01a20635-0000-7000-8000-000000000001';
      const send = await cli(['send', '-c', node.configPath, '--timeout', '1', '--from', CODE, '--to', CODE, '--subject', 's', '--text', 't', '--message-id', id]);
      assert.equal(send.code, 3, send.stderr);
      assert.match(send.stderr, SILENT);
      assert.match(send.stderr, /whether the node took what was sent is unknown/);
      assert.match(send.stderr, new RegExp(`send it again with the same --message-id ${id}`));

      // The streaming calls: an upload, a download.
      const attach = await cli(['send', '-c', node.configPath, '--timeout', '1', '--from', CODE, '--to', CODE, '--subject', 's', '--attach', file]);
      assert.equal(attach.code, 3, attach.stderr);
      assert.match(attach.stderr, SILENT);
      assert.match(attach.stderr, /whether the node took what was sent is unknown.*add --message-id \S+ when you send it again/);

      // An outbox action has no limit of its own once the node answers; a stopped one still gives up.
      const deleted = await cli(['outbox', 'delete', '-c', node.configPath, '--timeout', '1', '--next-hop', '000.00.24.H44']);
      assert.equal(deleted.code, 3, deleted.stderr);
      assert.match(deleted.stderr, SILENT);

      const exported = await cli(['inbox', 'export', '-c', node.configPath, '--timeout', '1', '--agency', CODE, '--out', join(dir, 'out'), id]);
      assert.equal(exported.code, 3, exported.stderr);
      assert.match(exported.stderr, SILENT);
    } finally {
      proc.signal('SIGCONT');
    }
    const again = await cli(['status', '-c', node.configPath, '--timeout', '5']);
    assert.equal(again.code, 0, again.stderr);
  });

  it('a transfer longer than --timeout that keeps moving is not cut; one that stops moving is given up', async () => {
    const slow = await proxy(join(dir, 'slow.sock'), socket, 2 * 1024 * 1024);
    try {
      const started = Date.now();
      const sent = await cli(['send', '--socket', join(dir, 'slow.sock'), '--timeout', '1', '--from', CODE, '--to', CODE, '--subject', 'slow', '--attach', file]);
      assert.equal(sent.code, 0, sent.stderr);
      assert.ok(Date.now() - started > 1500, `the upload took ${Date.now() - started} ms: too fast to show anything`);
      const id = /accepted: message (\S+) with 3145728 bytes of attachments/.exec(sent.stdout)?.[1];
      assert.ok(id, sent.stdout);

      const out = join(dir, 'out');
      const exported = await cli(['inbox', 'export', '--socket', join(dir, 'slow.sock'), '--timeout', '1', '--agency', CODE, '--out', out, id]);
      assert.equal(exported.code, 0, exported.stderr);
      assert.ok(statSync(join(out, `${id}.xml`)).size > 4 * 1024 * 1024);
    } finally {
      await new Promise((r) => slow.close(r));
    }

    const stuck = await proxy(join(dir, 'stuck.sock'), socket, 64 * 1024 * 1024, 2 * 1024 * 1024);
    try {
      const r = await cli(['send', '--socket', join(dir, 'stuck.sock'), '--timeout', '1', '--from', CODE, '--to', CODE, '--subject', 'stuck', '--attach', file]);
      assert.equal(r.code, 3, r.stderr);
      assert.match(r.stderr, new RegExp(`node at ${join(dir, 'stuck.sock')} ${SILENT.source}`));
    } finally {
      await new Promise((r) => stuck.close(r));
    }
  });
});
