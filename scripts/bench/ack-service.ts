/**
 * A tiny service for the transport ceiling, defined with grpc-js's generic service definitions:
 * messages are raw bytes (no protobuf), so what is measured is mutual TLS, HTTP/2 and grpc-js
 * framing — the part of a transfer the relay cannot avoid. Like the relay's own traffic, requests
 * carry the document and answers are small: `unary` answers each request with a 16-byte ack (as
 * Send answers with an id), `stream` acks each message on the same bidirectional stream (as a link
 * answers transfers).
 */
import * as grpc from '@grpc/grpc-js';

const raw = (b: Buffer): Buffer => b;
const ACK = Buffer.alloc(16, 1);

export const ACK_SERVICE = {
  unary: {
    path: '/lienthong.bench.Ack/Unary',
    requestStream: false,
    responseStream: false,
    requestSerialize: raw,
    requestDeserialize: raw,
    responseSerialize: raw,
    responseDeserialize: raw,
  },
  stream: {
    path: '/lienthong.bench.Ack/Stream',
    requestStream: true,
    responseStream: true,
    requestSerialize: raw,
    requestDeserialize: raw,
    responseSerialize: raw,
    responseDeserialize: raw,
  },
} satisfies grpc.ServiceDefinition;

export interface AckClient extends grpc.Client {
  unary(req: Buffer, cb: (err: grpc.ServiceError | null, res?: Buffer) => void): grpc.ClientUnaryCall;
  stream(): grpc.ClientDuplexStream<Buffer, Buffer>;
}

export const AckClientConstructor = grpc.makeGenericClientConstructor(ACK_SERVICE, 'Ack') as unknown as new (
  address: string,
  credentials: grpc.ChannelCredentials,
  options?: grpc.ChannelOptions,
) => AckClient;

export const ACK_HANDLERS: grpc.UntypedServiceImplementation = {
  unary: (_call: grpc.ServerUnaryCall<Buffer, Buffer>, cb: grpc.sendUnaryData<Buffer>) => cb(null, ACK),
  stream: (call: grpc.ServerDuplexStream<Buffer, Buffer>) => {
    call.on('data', () => {
      if (!call.write(ACK)) {
        call.pause();
        call.once('drain', () => call.resume());
      }
    });
    call.on('end', () => call.end());
    call.on('error', () => undefined);
  },
};
