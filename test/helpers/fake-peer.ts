/**
 * A hand-driven node link for tests that need a peer misbehaving: it dials a real node over real
 * mutual TLS with a real node certificate, says Hello, and then sends whatever frames the test
 * writes (an altered document, a forged sender) and records what the node sends back.
 */
import * as grpc from '@grpc/grpc-js';
import type { ConnectRequest } from '../../src/gen/lienthong/v1/ConnectRequest.js';
import type { ConnectResponse__Output } from '../../src/gen/lienthong/v1/ConnectResponse.js';
import type { LinkFrame, LinkFrame__Output } from '../../src/gen/lienthong/v1/LinkFrame.js';
import type { LinkServiceClient } from '../../src/gen/lienthong/v1/LinkService.js';
import type { TransferAck__Output } from '../../src/gen/lienthong/v1/TransferAck.js';
import type { Transfer__Output } from '../../src/gen/lienthong/v1/Transfer.js';
import { createPrivateKey, X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { buildDocument } from '../../src/domain/envelope.js';
import { newMessageId } from '../../src/domain/ids.js';
import type { Message } from '../../src/domain/types.js';
import { signEnvelope } from '../../src/signing/sign-envelope.js';
import { join } from 'node:path';
import { documentInput, type TestNetwork } from './in-process-network.js';
import { CHANNEL_OPTIONS, dialCredentials, readTlsFiles, type TlsFiles } from '../../src/link/tls-credentials.js';
import { loadProto } from '../../src/service/proto.js';
import { messageToPb } from '../../src/service/wire.js';
import { waitFor } from '../../scripts/lib/wait-for.js';

/** A document from `from`, signed with the key in `files` (the agency's own, unless a test forges). */
export function signedDocument(from: string, to: string[], subject: string, files: { cert: string; key: string }): Message {
  const now = Date.now();
  const placeholder = { algorithm: 'RSA-SHA256' as const, certificate: '', value: '' };
  const m = buildDocument({ ...documentInput(from, to, subject), messageId: newMessageId(), createdAtMs: now, expiresAtMs: now + 3_600_000, signature: placeholder }, { maxDocumentBytes: 1e9, expirySeconds: 3_600 }, now);
  m.signature = signEnvelope(m, createPrivateKey(readFileSync(files.key)), new X509Certificate(readFileSync(files.cert)).raw);
  return m;
}

/** The transfers a frame carries, single or batched. */
export function transfersOf(f: LinkFrame__Output): Transfer__Output[] {
  return f.transfer ? [f.transfer] : (f.transferBatch?.transfers ?? []);
}

export interface FakePeer {
  /** Frames received from the node, in order. */
  received: LinkFrame__Output[];
  /** Hands over one copy of `m` for `recipients`, as if it came through `path`; resolves with the node's ack. */
  transfer(m: Message, recipients: string[], path?: string[]): Promise<TransferAck__Output>;
  /** The same with the path given whole, times included (a forged one). */
  transferWithTrace(m: Message, recipients: string[], trace: { nodeCode: string; atMs: number }[]): Promise<TransferAck__Output>;
  /** Hands over copies in one TransferBatch frame; resolves with the node's acks, in order. */
  transferBatch(copies: { m: Message; recipients: string[] }[]): Promise<TransferAck__Output[]>;
  /** Waits for a transfer from the node matching `pred`, and acknowledges it. */
  nextTransfer(pred: (t: Transfer__Output) => boolean, what: string): Promise<Transfer__Output>;
  /** Waits for a transfer from the node matching `pred`, and refuses it for good with `errorCode`. */
  refuseNext(pred: (t: Transfer__Output) => boolean, what: string, errorCode: string, errorMessage: string): Promise<Transfer__Output>;
  /** Writes any frame as it is (an attachment offer or chunk, say). */
  send(frame: LinkFrame): void;
  close(): void;
}

/** `batches`: say in the Hello that this peer reads TransferBatch frames (as current nodes do). */
export async function dialAsPeer(o: { address: string; self: string; nodeCode: string; tls: TlsFiles; batches?: boolean }): Promise<FakePeer> {
  const proto = loadProto();
  const creds = dialCredentials(readTlsFiles(o.tls), o.nodeCode, 'node');
  const client = new proto.LinkService(o.address, creds, { ...CHANNEL_OPTIONS, 'grpc.ssl_target_name_override': 'lienthong-node' }) as unknown as LinkServiceClient;
  const call: grpc.ClientDuplexStream<ConnectRequest, ConnectResponse__Output> = client.Connect();
  const received: LinkFrame__Output[] = [];
  const acked = new Set<number>();
  call.on('data', (r: ConnectResponse__Output) => {
    if (r.frame) received.push(r.frame);
  });
  call.on('error', () => undefined);
  const write = (frame: LinkFrame) => call.write({ frame });
  write({ hello: { nodeCode: o.self, softwareVersion: 'fake-peer', window: 64, transferBatches: o.batches === true } });
  await waitFor(`Hello from ${o.nodeCode}`, () => received.some((f) => f.hello));
  let seq = 0;
  const ackOf = (s: number) => waitFor(`ack of transfer ${s}`, () => received.flatMap((f) => f.acks?.acks ?? []).find((a) => Number(a.seq) === s));
  const copy = (m: Message, recipients: string[], path: string[]) =>
    ({ seq: ++seq, message: messageToPb(m), recipients, trace: path.map((nodeCode) => ({ nodeCode, atMs: Date.now() })), expiresAtMs: m.expiresAtMs });
  return {
    received,
    async transfer(m, recipients, path = [o.self]) {
      const transfer = copy(m, recipients, path);
      write({ transfer });
      return ackOf(transfer.seq);
    },
    async transferWithTrace(m, recipients, trace) {
      const transfer = { ...copy(m, recipients, []), trace };
      write({ transfer });
      return ackOf(transfer.seq);
    },
    async transferBatch(copies) {
      const transfers = copies.map((c) => copy(c.m, c.recipients, [o.self]));
      write({ transferBatch: { transfers } });
      return Promise.all(transfers.map((t) => ackOf(t.seq)));
    },
    async nextTransfer(pred, what) {
      const t = await waitFor(what, () => received.flatMap(transfersOf).find((x) => !acked.has(Number(x.seq)) && pred(x)));
      acked.add(Number(t.seq));
      write({ acks: { acks: [{ seq: t.seq, result: 'ACK_RESULT_ACCEPTED' }] } });
      return t;
    },
    async refuseNext(pred, what, errorCode, errorMessage) {
      const t = await waitFor(what, () => received.flatMap(transfersOf).find((x) => !acked.has(Number(x.seq)) && pred(x)));
      acked.add(Number(t.seq));
      write({ acks: { acks: [{ seq: t.seq, result: 'ACK_RESULT_REFUSED_PERMANENT', errorCode, errorMessage }] } });
      return t;
    },
    send: write,
    close() {
      call.cancel();
      client.close();
    },
  };
}

/** The network of tests that play the province h44's link to the national node by hand. */
export const H44_RELAY = {
  NATIONAL: '000.00.00.G22',
  H44: '000.00.00.H44',
  D24_AGENCY: '000.00.24.H44',
  H41: '000.00.00.H41',
} as const;

export const H44_RELAY_TOPOLOGY = [
  { name: 'national', code: H44_RELAY.NATIONAL, agencies: [H44_RELAY.NATIONAL] },
  { name: 'h44', code: H44_RELAY.H44, parent: 'national', agencies: [H44_RELAY.H44, H44_RELAY.D24_AGENCY] },
  { name: 'h41', code: H44_RELAY.H41, parent: 'national', agencies: [H44_RELAY.H41] },
];

/** Dials the national node of H44_RELAY_TOPOLOGY as h44, with h44's real node certificate (stop h44 first). */
export function dialAsH44(t: TestNetwork, batches = false): Promise<FakePeer> {
  const { H44, NATIONAL } = H44_RELAY;
  return dialAsPeer({
    address: t.net.nodes.get('national')!.address,
    self: H44,
    nodeCode: NATIONAL,
    tls: { ca: join(t.net.pkiDir, 'ca.crt'), cert: join(t.dir, 'h44', `node-${H44}.crt`), key: join(t.dir, 'h44', `node-${H44}.key`) },
    batches,
  });
}
