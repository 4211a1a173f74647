/**
 * A gRPC client that sends arbitrary bytes as request messages (identity serializers), so a fuzzer
 * can hand any method of a node bytes no well-behaved client would produce. Every call carries a
 * deadline: a node that does not answer shows up as DEADLINE_EXCEEDED without a lienthong code.
 */
import * as grpc from '@grpc/grpc-js';
import { CHANNEL_OPTIONS, dialCredentials, readTlsFiles, type TlsFiles } from '../../src/link/tls-credentials.js';
import { outcomeOf, type CallOutcome } from './fuzz-checks.js';

const identity = (b: Buffer): Buffer => b;

/** How long a node may take to answer one hostile call before it counts as hung. */
export const CALL_DEADLINE_MS = 15_000;

export interface RawAnswer {
  outcome: CallOutcome;
  /** Response messages, undecoded. */
  messages: Buffer[];
}

export class RawGrpcClient {
  private readonly client: grpc.Client;

  /** `tls` null: an insecure channel (the admin socket, `unix:` addresses). */
  constructor(address: string, tls: TlsFiles | null, nodeCode = '', options: grpc.ChannelOptions = {}) {
    const creds = tls ? dialCredentials(readTlsFiles(tls), nodeCode, 'node') : grpc.credentials.createInsecure();
    this.client = new grpc.Client(address, creds, { ...CHANNEL_OPTIONS, 'grpc.ssl_target_name_override': 'lienthong-node', ...options });
  }

  private static deadline(ms = CALL_DEADLINE_MS): grpc.CallOptions {
    return { deadline: Date.now() + ms };
  }

  unary(path: string, request: Buffer, deadlineMs = CALL_DEADLINE_MS): Promise<RawAnswer> {
    return new Promise((resolve) => {
      this.client.makeUnaryRequest(path, identity, identity, request, new grpc.Metadata(), RawGrpcClient.deadline(deadlineMs), (err, res) => {
        resolve({ outcome: outcomeOf(err), messages: res ? [res] : [] });
      });
    });
  }

  serverStream(path: string, request: Buffer, deadlineMs = CALL_DEADLINE_MS): Promise<RawAnswer> {
    const call = this.client.makeServerStreamRequest(path, identity, identity, request, new grpc.Metadata(), RawGrpcClient.deadline(deadlineMs));
    return collect(call);
  }

  clientStream(path: string, requests: Buffer[], deadlineMs = CALL_DEADLINE_MS): Promise<RawAnswer> {
    return new Promise((resolve) => {
      const call = this.client.makeClientStreamRequest(path, identity, identity, new grpc.Metadata(), RawGrpcClient.deadline(deadlineMs), (err, res) => {
        resolve({ outcome: outcomeOf(err), messages: res ? [res] : [] });
      });
      call.on('error', () => undefined);
      for (const r of requests) call.write(r);
      call.end();
    });
  }

  bidi(path: string, requests: Buffer[], deadlineMs = CALL_DEADLINE_MS): Promise<RawAnswer> {
    const call = this.client.makeBidiStreamRequest(path, identity, identity, new grpc.Metadata(), RawGrpcClient.deadline(deadlineMs));
    const answer = collect(call);
    for (const r of requests) call.write(r);
    call.end();
    return answer;
  }

  /** Calls `def` (any kind) with raw request bytes: one message, or several on a client stream. */
  call(def: grpc.MethodDefinition<unknown, unknown>, requests: Buffer[], deadlineMs = CALL_DEADLINE_MS): Promise<RawAnswer> {
    if (def.requestStream && def.responseStream) return this.bidi(def.path, requests, deadlineMs);
    if (def.requestStream) return this.clientStream(def.path, requests, deadlineMs);
    const one = requests[0] ?? Buffer.alloc(0);
    return def.responseStream ? this.serverStream(def.path, one, deadlineMs) : this.unary(def.path, one, deadlineMs);
  }

  close(): void {
    this.client.close();
  }
}

function collect(call: grpc.ClientReadableStream<Buffer>): Promise<RawAnswer> {
  return new Promise((resolve) => {
    const messages: Buffer[] = [];
    let done = false;
    call.on('data', (m: Buffer) => messages.push(m));
    call.on('error', (err: grpc.ServiceError) => {
      if (done) return;
      done = true;
      resolve({ outcome: outcomeOf(err), messages });
    });
    call.on('status', (s: grpc.StatusObject) => {
      if (done || s.code !== grpc.status.OK) return;
      done = true;
      resolve({ outcome: outcomeOf(null), messages });
    });
  });
}
