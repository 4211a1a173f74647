// Original file: proto/lienthong/v1/link.proto

import type * as grpc from '@grpc/grpc-js'
import type { MethodDefinition } from '@grpc/proto-loader'
import type { LinkFrame as _lienthong_v1_LinkFrame, LinkFrame__Output as _lienthong_v1_LinkFrame__Output } from '../../lienthong/v1/LinkFrame.js';

export interface LinkServiceClient extends grpc.Client {
  Connect(metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientDuplexStream<_lienthong_v1_LinkFrame, _lienthong_v1_LinkFrame__Output>;
  Connect(options?: grpc.CallOptions): grpc.ClientDuplexStream<_lienthong_v1_LinkFrame, _lienthong_v1_LinkFrame__Output>;
  connect(metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientDuplexStream<_lienthong_v1_LinkFrame, _lienthong_v1_LinkFrame__Output>;
  connect(options?: grpc.CallOptions): grpc.ClientDuplexStream<_lienthong_v1_LinkFrame, _lienthong_v1_LinkFrame__Output>;
  
}

export interface LinkServiceHandlers extends grpc.UntypedServiceImplementation {
  Connect: grpc.handleBidiStreamingCall<_lienthong_v1_LinkFrame__Output, _lienthong_v1_LinkFrame>;
  
}

export interface LinkServiceDefinition extends grpc.ServiceDefinition {
  Connect: MethodDefinition<_lienthong_v1_LinkFrame, _lienthong_v1_LinkFrame, _lienthong_v1_LinkFrame__Output, _lienthong_v1_LinkFrame__Output>
}
