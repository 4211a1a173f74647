/**
 * A tiny echo service for the transport ceiling, defined with grpc-js's generic service
 * definitions: messages are raw bytes (no protobuf), so what is measured is mutual TLS, HTTP/2 and
 * grpc-js framing — the part of a transfer the relay cannot avoid.
 */
import * as grpc from '@grpc/grpc-js';

const raw = (b: Buffer): Buffer => b;

export const ECHO_SERVICE = {
  unary: {
    path: '/lienthong.bench.Echo/Unary',
    requestStream: false,
    responseStream: false,
    requestSerialize: raw,
    requestDeserialize: raw,
    responseSerialize: raw,
    responseDeserialize: raw,
  },
  stream: {
    path: '/lienthong.bench.Echo/Stream',
    requestStream: true,
    responseStream: true,
    requestSerialize: raw,
    requestDeserialize: raw,
    responseSerialize: raw,
    responseDeserialize: raw,
  },
} satisfies grpc.ServiceDefinition;

export interface EchoClient extends grpc.Client {
  unary(req: Buffer, cb: (err: grpc.ServiceError | null, res?: Buffer) => void): grpc.ClientUnaryCall;
  stream(): grpc.ClientDuplexStream<Buffer, Buffer>;
}

export const EchoClientConstructor = grpc.makeGenericClientConstructor(ECHO_SERVICE, 'Echo') as unknown as new (
  address: string,
  credentials: grpc.ChannelCredentials,
  options?: grpc.ChannelOptions,
) => EchoClient;

export const ECHO_HANDLERS: grpc.UntypedServiceImplementation = {
  unary: (call: grpc.ServerUnaryCall<Buffer, Buffer>, cb: grpc.sendUnaryData<Buffer>) => cb(null, call.request),
  stream: (call: grpc.ServerDuplexStream<Buffer, Buffer>) => {
    call.on('data', (m: Buffer) => {
      if (!call.write(m)) {
        call.pause();
        call.once('drain', () => call.resume());
      }
    });
    call.on('end', () => call.end());
    call.on('error', () => undefined);
  },
};
