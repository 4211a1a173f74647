// Original file: proto/lienthong/v1/link.proto

import type * as grpc from '@grpc/grpc-js'
import type { MethodDefinition } from '@grpc/proto-loader'
import type { ConnectRequest as _lienthong_v1_ConnectRequest, ConnectRequest__Output as _lienthong_v1_ConnectRequest__Output } from '../../lienthong/v1/ConnectRequest.js';
import type { ConnectResponse as _lienthong_v1_ConnectResponse, ConnectResponse__Output as _lienthong_v1_ConnectResponse__Output } from '../../lienthong/v1/ConnectResponse.js';

export interface LinkServiceClient extends grpc.Client {
  Connect(metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientDuplexStream<_lienthong_v1_ConnectRequest, _lienthong_v1_ConnectResponse__Output>;
  Connect(options?: grpc.CallOptions): grpc.ClientDuplexStream<_lienthong_v1_ConnectRequest, _lienthong_v1_ConnectResponse__Output>;
  connect(metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientDuplexStream<_lienthong_v1_ConnectRequest, _lienthong_v1_ConnectResponse__Output>;
  connect(options?: grpc.CallOptions): grpc.ClientDuplexStream<_lienthong_v1_ConnectRequest, _lienthong_v1_ConnectResponse__Output>;
  
}

export interface LinkServiceHandlers extends grpc.UntypedServiceImplementation {
  Connect: grpc.handleBidiStreamingCall<_lienthong_v1_ConnectRequest__Output, _lienthong_v1_ConnectResponse>;
  
}

export interface LinkServiceDefinition extends grpc.ServiceDefinition {
  Connect: MethodDefinition<_lienthong_v1_ConnectRequest, _lienthong_v1_ConnectResponse, _lienthong_v1_ConnectRequest__Output, _lienthong_v1_ConnectResponse__Output>
}
