/**
 * A link frame that does not decode, arriving while the node is still writing to that peer (a
 * backlog of documents for a child). The call must end at once with a status. grpc-js ends the
 * HTTP/2 stream when it sends a status, but it does not stop the messages that come after it: a
 * frame the session wrote after that status was written after the stream's end, the stream went
 * into an error state, and the trailers never went out. The client got no status until its own
 * deadline. The fuzzers found this (link-frames.test.ts). Here a raw HTTP/2 client over real mutual
 * TLS makes it happen every time: it reads nothing, so the node's writes wait for HTTP/2 flow
 * control. Then it sends the bad frame, and only after that does it read.
 */
import assert from 'node:assert/strict';
import { connect, type ClientHttp2Session, type ClientHttp2Stream, type IncomingHttpHeaders } from 'node:http2';
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import type * as grpc from '@grpc/grpc-js';
import { waitFor } from '../../scripts/lib/wait-for.js';
import { loadProto } from '../../src/service/proto.js';
import { dialAsPeer } from '../helpers/fake-peer.js';
import { CHILD, TARGET, TARGET_AGENCY, startFuzzTarget, type FuzzTarget } from '../helpers/fuzz-network.js';
import { documentInput } from '../helpers/in-process-network.js';

const CONNECT = (loadProto().LinkService.service as unknown as Record<string, grpc.MethodDefinition<unknown, unknown>>).Connect!;
/** How long the node may take to end the call once the client reads again. */
const STATUS_BOUND_MS = 5_000;
/** Documents queued for the child: well over the 64 KiB the client's stream window lets through. */
const BACKLOG = 16;
const BODY_BYTES = 32 * 1024;
/** Field 1 (the frame), length-delimited, 3 bytes announced and 1 given: protobuf cannot decode it. */
const CUT_FRAME = Buffer.from([0x0a, 0x03, 0x0a]);

/** One gRPC message on the wire: compressed flag, length, bytes. */
function grpcMessage(bytes: Buffer, compressed = false): Buffer {
  const head = Buffer.alloc(5);
  head.writeUInt8(compressed ? 1 : 0, 0);
  head.writeUInt32BE(bytes.length, 1);
  return Buffer.concat([head, bytes]);
}

interface Ending {
  /** Trailers (or headers of a trailers-only answer) carrying grpc-status; null when none came in time. */
  status: IncomingHttpHeaders | null;
  /** Response bytes read before the status. */
  bytes: number;
}

describe('a link frame that does not decode while the node writes to the peer', () => {
  let t: FuzzTarget;
  let http: ClientHttp2Session;

  before(async () => {
    t = await startFuzzTarget();
    const tls = t.childTls;
    http = connect(`https://${t.node.address}`, {
      ca: readFileSync(tls.ca),
      cert: readFileSync(tls.cert),
      key: readFileSync(tls.key),
      // The node's certificate names its code, not 127.0.0.1; the CA check still applies.
      checkServerIdentity: () => undefined,
    });
    http.on('error', () => undefined);
  });
  after(async () => {
    http?.destroy();
    await t?.close();
  });

  /** Queues `BACKLOG` documents for the child (never running) and returns their ids. */
  async function backlog(subject: string): Promise<string[]> {
    const ids: string[] = [];
    for (let i = 0; i < BACKLOG; i++) {
      const r = await t.node.relay.submit(documentInput(TARGET_AGENCY, [CHILD], `${subject} ${i}`, Buffer.alloc(BODY_BYTES, i)));
      ids.push(r.messageId);
    }
    await waitFor('the backlog queued for the child', () => t.node.store.entryIds(CHILD, ['queued']).length >= BACKLOG);
    return ids;
  }

  /**
   * Opens Connect as the child, says Hello, reads nothing until the node has handed the whole backlog
   * to the stream, then sends `bad`, waits for a PING round trip (the node has read the frame), and
   * reads until the call ends.
   */
  async function badFrameDuringBacklog(bad: Buffer, headers: Record<string, string> = {}): Promise<Ending> {
    const req: ClientHttp2Stream = http.request({ ':method': 'POST', ':path': CONNECT.path, 'content-type': 'application/grpc', te: 'trailers', ...headers });
    req.on('error', () => undefined);
    let status: IncomingHttpHeaders | null = null;
    const ended = new Promise<void>((resolve) => {
      req.on('response', (h) => {
        if (h['grpc-status'] !== undefined) {
          status = h;
          resolve();
        }
      });
      req.on('trailers', (h) => {
        status = h;
        resolve();
      });
      req.on('close', () => resolve());
    });
    req.write(grpcMessage(CONNECT.requestSerialize({ frame: { hello: { nodeCode: CHILD, softwareVersion: 'test', window: 512 } } })));
    await waitFor('the backlog handed to the link', () => (t.node.registry.get(CHILD)?.session?.inflightCount ?? 0) >= BACKLOG && t.node.store.entryIds(CHILD, ['queued']).length === 0);
    req.write(bad);
    await new Promise<void>((resolve, reject) => http.ping((err) => (err ? reject(err) : resolve())));
    let bytes = 0;
    req.on('data', (d: Buffer) => (bytes += d.length));
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([ended, new Promise<void>((resolve) => (timer = setTimeout(resolve, STATUS_BOUND_MS)))]);
    clearTimeout(timer);
    if (!status) req.close();
    return { status, bytes };
  }

  /** A well-behaved child dials in: every document of `ids` reaches it (the ones dropped with the bad call too). */
  async function goodLinkDelivers(ids: string[]): Promise<void> {
    await waitFor('the bad session closed', () => !t.node.registry.get(CHILD)?.session);
    const peer = await dialAsPeer({ address: t.node.address, self: CHILD, nodeCode: TARGET, tls: t.childTls });
    try {
      for (const id of ids) await peer.nextTransfer((x) => x.message?.id === id, `document ${id} over a good link`);
      await waitFor('the backlog delivered', () => t.node.store.entryIds(CHILD, ['queued', 'inflight']).length === 0);
    } finally {
      peer.close();
    }
  }

  it('is refused with INVALID_ARGUMENT at once, and a good link then gets every document', async () => {
    const ids = await backlog('trước khung hỏng');
    const { status, bytes } = await badFrameDuringBacklog(grpcMessage(CUT_FRAME));
    assert.ok(status, `no status within ${STATUS_BOUND_MS} ms of reading again (${bytes} bytes read): the call was left hanging`);
    assert.equal(status['grpc-status'], '3', `grpc-status ${status['grpc-status']}: ${decodeURIComponent(String(status['grpc-message']))}`);
    assert.equal(status['lienthong-error-code'], 'INVALID_ARGUMENT');
    assert.match(decodeURIComponent(String(status['grpc-message'])), /LinkService\/Connect: the message is not a valid ConnectRequest/);
    await goodLinkDelivers(ids);
  });

  it('ends with a status when grpc-js refuses the frame itself (compressed, and not gzip)', async () => {
    const ids = await backlog('trước khung nén hỏng');
    const { status, bytes } = await badFrameDuringBacklog(grpcMessage(Buffer.from('not gzip at all'), true), { 'grpc-encoding': 'gzip' });
    assert.ok(status, `no status within ${STATUS_BOUND_MS} ms of reading again (${bytes} bytes read): the call was left hanging`);
    assert.equal(status['grpc-status'], '13');
    assert.match(decodeURIComponent(String(status['grpc-message'])), /Failed to decompress message/);
    await goodLinkDelivers(ids);
  });
});
