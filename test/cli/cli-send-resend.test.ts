/**
 * `lienthong send` without --message-id, and the connection to the node breaks during the call:
 * nobody knows whether the node took the document, so the CLI names the message id it chose (a
 * UUIDv7, as the node would have) and says to send again with it. The "node" here is a gRPC admin
 * server behind a unix-socket relay that cuts the connection as soon as the call reaches it.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { connect, createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import * as grpc from '@grpc/grpc-js';
import { isMessageId } from '../../src/domain/ids.js';
import { loadProto } from '../../src/service/proto.js';
import { cli } from '../helpers/cli-run.js';

describe('send: a connection that breaks during the call', () => {
  let dir: string;
  let socket: string;
  let server: grpc.Server;
  let relay: Server;
  const sockets = new Set<Socket>();
  /** What the node was sent: the message id of each call that reached it. */
  const received: string[] = [];
  const cut = () => {
    for (const s of sockets) s.destroy();
  };

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'lienthong-resend-'));
    const inner = join(dir, 'node.sock');
    socket = join(dir, 'admin.sock');
    server = new grpc.Server();
    server.addService(loadProto().AdminService.service, {
      Send: (call: grpc.ServerUnaryCall<{ request: { messageId: string } }, unknown>) => {
        received.push(call.request.request.messageId);
        cut(); // and never answer
      },
      SendEdxml: (call: grpc.ServerReadableStream<{ request: { options?: { messageId: string } } }, unknown>) => {
        call.once('data', (r: { request: { options?: { messageId: string } } }) => {
          received.push(r.request.options?.messageId ?? '');
          cut();
        });
      },
    });
    await new Promise<void>((resolve, reject) => server.bindAsync(`unix:${inner}`, grpc.ServerCredentials.createInsecure(), (err) => (err ? reject(err) : resolve())));
    relay = createServer((client) => {
      const up = connect(inner);
      for (const s of [client, up]) {
        sockets.add(s);
        s.on('error', () => undefined).on('close', () => {
          sockets.delete(s);
          client.destroy();
          up.destroy();
        });
      }
      client.pipe(up);
      up.pipe(client);
    });
    await new Promise<void>((resolve) => relay.listen(socket, resolve));
  });
  after(async () => {
    cut();
    await new Promise((resolve) => relay.close(resolve));
    server.forceShutdown();
    rmSync(dir, { recursive: true, force: true });
  });

  /** The id the advice names, checked against the one the node was sent. */
  function advisedId(r: { code: number; stderr: string }): string {
    assert.equal(r.code, 3, r.stderr);
    assert.match(r.stderr, /NODE_UNREACHABLE: node unreachable: the connection to the node broke during the call/);
    const id = /This message's id is (\S+): add --message-id \1 when you send it again/.exec(r.stderr)?.[1];
    assert.ok(id && isMessageId(id), r.stderr);
    assert.equal(id[14], '7', 'a UUIDv7, like the ids the node chooses');
    assert.equal(received.at(-1), id, 'the id the node was sent');
    return id;
  }

  it('a document: names the message id the CLI chose', async () => {
    const r = await cli(['send', '--socket', socket, '--from', '000.00.00.H44', '--to', '000.00.01.H44', '--subject', 'x', '--text', 'y']);
    advisedId(r);
  });

  it('an edXML package: names the message id the CLI chose', async () => {
    const pkg = join(dir, 'package.xml');
    writeFileSync(pkg, '<edXML/>'.padEnd(64 * 1024, ' '));
    const r = await cli(['send', '--socket', socket, '--edxml', pkg]);
    advisedId(r);
  });

  it('an id given with --message-id: says to send again with that same id', async () => {
    const id = '0190f3a2-7b1c-7d2e-8f00-1234567890ab';
    const r = await cli(['send', '--socket', socket, '--from', '000.00.00.H44', '--to', '000.00.01.H44', '--subject', 'x', '--text', 'y', '--message-id', id]);
    assert.equal(r.code, 3, r.stderr);
    assert.match(r.stderr, new RegExp(`This message's id is ${id}: send it again with the same --message-id ${id}`));
    assert.equal(received.at(-1), id);
  });
});
