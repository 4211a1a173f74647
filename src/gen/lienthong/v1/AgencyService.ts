// Original file: proto/lienthong/v1/agency.proto

import type * as grpc from '@grpc/grpc-js'
import type { MethodDefinition } from '@grpc/proto-loader'
import type { AcknowledgeRequest as _lienthong_v1_AcknowledgeRequest, AcknowledgeRequest__Output as _lienthong_v1_AcknowledgeRequest__Output } from '../../lienthong/v1/AcknowledgeRequest.js';
import type { AcknowledgeResponse as _lienthong_v1_AcknowledgeResponse, AcknowledgeResponse__Output as _lienthong_v1_AcknowledgeResponse__Output } from '../../lienthong/v1/AcknowledgeResponse.js';
import type { ExportEdxmlRequest as _lienthong_v1_ExportEdxmlRequest, ExportEdxmlRequest__Output as _lienthong_v1_ExportEdxmlRequest__Output } from '../../lienthong/v1/ExportEdxmlRequest.js';
import type { ExportEdxmlResponse as _lienthong_v1_ExportEdxmlResponse, ExportEdxmlResponse__Output as _lienthong_v1_ExportEdxmlResponse__Output } from '../../lienthong/v1/ExportEdxmlResponse.js';
import type { FetchAttachmentRequest as _lienthong_v1_FetchAttachmentRequest, FetchAttachmentRequest__Output as _lienthong_v1_FetchAttachmentRequest__Output } from '../../lienthong/v1/FetchAttachmentRequest.js';
import type { FetchAttachmentResponse as _lienthong_v1_FetchAttachmentResponse, FetchAttachmentResponse__Output as _lienthong_v1_FetchAttachmentResponse__Output } from '../../lienthong/v1/FetchAttachmentResponse.js';
import type { ReceiveRequest as _lienthong_v1_ReceiveRequest, ReceiveRequest__Output as _lienthong_v1_ReceiveRequest__Output } from '../../lienthong/v1/ReceiveRequest.js';
import type { ReceiveResponse as _lienthong_v1_ReceiveResponse, ReceiveResponse__Output as _lienthong_v1_ReceiveResponse__Output } from '../../lienthong/v1/ReceiveResponse.js';
import type { SendEdxmlRequest as _lienthong_v1_SendEdxmlRequest, SendEdxmlRequest__Output as _lienthong_v1_SendEdxmlRequest__Output } from '../../lienthong/v1/SendEdxmlRequest.js';
import type { SendEdxmlResponse as _lienthong_v1_SendEdxmlResponse, SendEdxmlResponse__Output as _lienthong_v1_SendEdxmlResponse__Output } from '../../lienthong/v1/SendEdxmlResponse.js';
import type { SendRequest as _lienthong_v1_SendRequest, SendRequest__Output as _lienthong_v1_SendRequest__Output } from '../../lienthong/v1/SendRequest.js';
import type { SendResponse as _lienthong_v1_SendResponse, SendResponse__Output as _lienthong_v1_SendResponse__Output } from '../../lienthong/v1/SendResponse.js';
import type { SendStreamRequest as _lienthong_v1_SendStreamRequest, SendStreamRequest__Output as _lienthong_v1_SendStreamRequest__Output } from '../../lienthong/v1/SendStreamRequest.js';
import type { SendStreamResponse as _lienthong_v1_SendStreamResponse, SendStreamResponse__Output as _lienthong_v1_SendStreamResponse__Output } from '../../lienthong/v1/SendStreamResponse.js';
import type { TraceRequest as _lienthong_v1_TraceRequest, TraceRequest__Output as _lienthong_v1_TraceRequest__Output } from '../../lienthong/v1/TraceRequest.js';
import type { TraceResponse as _lienthong_v1_TraceResponse, TraceResponse__Output as _lienthong_v1_TraceResponse__Output } from '../../lienthong/v1/TraceResponse.js';
import type { UpdateStatusRequest as _lienthong_v1_UpdateStatusRequest, UpdateStatusRequest__Output as _lienthong_v1_UpdateStatusRequest__Output } from '../../lienthong/v1/UpdateStatusRequest.js';
import type { UpdateStatusResponse as _lienthong_v1_UpdateStatusResponse, UpdateStatusResponse__Output as _lienthong_v1_UpdateStatusResponse__Output } from '../../lienthong/v1/UpdateStatusResponse.js';

export interface AgencyServiceClient extends grpc.Client {
  Acknowledge(argument: _lienthong_v1_AcknowledgeRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_lienthong_v1_AcknowledgeResponse__Output>): grpc.ClientUnaryCall;
  Acknowledge(argument: _lienthong_v1_AcknowledgeRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_lienthong_v1_AcknowledgeResponse__Output>): grpc.ClientUnaryCall;
  Acknowledge(argument: _lienthong_v1_AcknowledgeRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_lienthong_v1_AcknowledgeResponse__Output>): grpc.ClientUnaryCall;
  Acknowledge(argument: _lienthong_v1_AcknowledgeRequest, callback: grpc.requestCallback<_lienthong_v1_AcknowledgeResponse__Output>): grpc.ClientUnaryCall;
  acknowledge(argument: _lienthong_v1_AcknowledgeRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_lienthong_v1_AcknowledgeResponse__Output>): grpc.ClientUnaryCall;
  acknowledge(argument: _lienthong_v1_AcknowledgeRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_lienthong_v1_AcknowledgeResponse__Output>): grpc.ClientUnaryCall;
  acknowledge(argument: _lienthong_v1_AcknowledgeRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_lienthong_v1_AcknowledgeResponse__Output>): grpc.ClientUnaryCall;
  acknowledge(argument: _lienthong_v1_AcknowledgeRequest, callback: grpc.requestCallback<_lienthong_v1_AcknowledgeResponse__Output>): grpc.ClientUnaryCall;
  
  ExportEdxml(argument: _lienthong_v1_ExportEdxmlRequest, metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientReadableStream<_lienthong_v1_ExportEdxmlResponse__Output>;
  ExportEdxml(argument: _lienthong_v1_ExportEdxmlRequest, options?: grpc.CallOptions): grpc.ClientReadableStream<_lienthong_v1_ExportEdxmlResponse__Output>;
  exportEdxml(argument: _lienthong_v1_ExportEdxmlRequest, metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientReadableStream<_lienthong_v1_ExportEdxmlResponse__Output>;
  exportEdxml(argument: _lienthong_v1_ExportEdxmlRequest, options?: grpc.CallOptions): grpc.ClientReadableStream<_lienthong_v1_ExportEdxmlResponse__Output>;
  
  FetchAttachment(argument: _lienthong_v1_FetchAttachmentRequest, metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientReadableStream<_lienthong_v1_FetchAttachmentResponse__Output>;
  FetchAttachment(argument: _lienthong_v1_FetchAttachmentRequest, options?: grpc.CallOptions): grpc.ClientReadableStream<_lienthong_v1_FetchAttachmentResponse__Output>;
  fetchAttachment(argument: _lienthong_v1_FetchAttachmentRequest, metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientReadableStream<_lienthong_v1_FetchAttachmentResponse__Output>;
  fetchAttachment(argument: _lienthong_v1_FetchAttachmentRequest, options?: grpc.CallOptions): grpc.ClientReadableStream<_lienthong_v1_FetchAttachmentResponse__Output>;
  
  Receive(argument: _lienthong_v1_ReceiveRequest, metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientReadableStream<_lienthong_v1_ReceiveResponse__Output>;
  Receive(argument: _lienthong_v1_ReceiveRequest, options?: grpc.CallOptions): grpc.ClientReadableStream<_lienthong_v1_ReceiveResponse__Output>;
  receive(argument: _lienthong_v1_ReceiveRequest, metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientReadableStream<_lienthong_v1_ReceiveResponse__Output>;
  receive(argument: _lienthong_v1_ReceiveRequest, options?: grpc.CallOptions): grpc.ClientReadableStream<_lienthong_v1_ReceiveResponse__Output>;
  
  Send(argument: _lienthong_v1_SendRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_lienthong_v1_SendResponse__Output>): grpc.ClientUnaryCall;
  Send(argument: _lienthong_v1_SendRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_lienthong_v1_SendResponse__Output>): grpc.ClientUnaryCall;
  Send(argument: _lienthong_v1_SendRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_lienthong_v1_SendResponse__Output>): grpc.ClientUnaryCall;
  Send(argument: _lienthong_v1_SendRequest, callback: grpc.requestCallback<_lienthong_v1_SendResponse__Output>): grpc.ClientUnaryCall;
  send(argument: _lienthong_v1_SendRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_lienthong_v1_SendResponse__Output>): grpc.ClientUnaryCall;
  send(argument: _lienthong_v1_SendRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_lienthong_v1_SendResponse__Output>): grpc.ClientUnaryCall;
  send(argument: _lienthong_v1_SendRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_lienthong_v1_SendResponse__Output>): grpc.ClientUnaryCall;
  send(argument: _lienthong_v1_SendRequest, callback: grpc.requestCallback<_lienthong_v1_SendResponse__Output>): grpc.ClientUnaryCall;
  
  SendEdxml(metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_lienthong_v1_SendEdxmlResponse__Output>): grpc.ClientWritableStream<_lienthong_v1_SendEdxmlRequest>;
  SendEdxml(metadata: grpc.Metadata, callback: grpc.requestCallback<_lienthong_v1_SendEdxmlResponse__Output>): grpc.ClientWritableStream<_lienthong_v1_SendEdxmlRequest>;
  SendEdxml(options: grpc.CallOptions, callback: grpc.requestCallback<_lienthong_v1_SendEdxmlResponse__Output>): grpc.ClientWritableStream<_lienthong_v1_SendEdxmlRequest>;
  SendEdxml(callback: grpc.requestCallback<_lienthong_v1_SendEdxmlResponse__Output>): grpc.ClientWritableStream<_lienthong_v1_SendEdxmlRequest>;
  sendEdxml(metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_lienthong_v1_SendEdxmlResponse__Output>): grpc.ClientWritableStream<_lienthong_v1_SendEdxmlRequest>;
  sendEdxml(metadata: grpc.Metadata, callback: grpc.requestCallback<_lienthong_v1_SendEdxmlResponse__Output>): grpc.ClientWritableStream<_lienthong_v1_SendEdxmlRequest>;
  sendEdxml(options: grpc.CallOptions, callback: grpc.requestCallback<_lienthong_v1_SendEdxmlResponse__Output>): grpc.ClientWritableStream<_lienthong_v1_SendEdxmlRequest>;
  sendEdxml(callback: grpc.requestCallback<_lienthong_v1_SendEdxmlResponse__Output>): grpc.ClientWritableStream<_lienthong_v1_SendEdxmlRequest>;
  
  SendStream(metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientDuplexStream<_lienthong_v1_SendStreamRequest, _lienthong_v1_SendStreamResponse__Output>;
  SendStream(options?: grpc.CallOptions): grpc.ClientDuplexStream<_lienthong_v1_SendStreamRequest, _lienthong_v1_SendStreamResponse__Output>;
  sendStream(metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientDuplexStream<_lienthong_v1_SendStreamRequest, _lienthong_v1_SendStreamResponse__Output>;
  sendStream(options?: grpc.CallOptions): grpc.ClientDuplexStream<_lienthong_v1_SendStreamRequest, _lienthong_v1_SendStreamResponse__Output>;
  
  Trace(argument: _lienthong_v1_TraceRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_lienthong_v1_TraceResponse__Output>): grpc.ClientUnaryCall;
  Trace(argument: _lienthong_v1_TraceRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_lienthong_v1_TraceResponse__Output>): grpc.ClientUnaryCall;
  Trace(argument: _lienthong_v1_TraceRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_lienthong_v1_TraceResponse__Output>): grpc.ClientUnaryCall;
  Trace(argument: _lienthong_v1_TraceRequest, callback: grpc.requestCallback<_lienthong_v1_TraceResponse__Output>): grpc.ClientUnaryCall;
  trace(argument: _lienthong_v1_TraceRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_lienthong_v1_TraceResponse__Output>): grpc.ClientUnaryCall;
  trace(argument: _lienthong_v1_TraceRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_lienthong_v1_TraceResponse__Output>): grpc.ClientUnaryCall;
  trace(argument: _lienthong_v1_TraceRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_lienthong_v1_TraceResponse__Output>): grpc.ClientUnaryCall;
  trace(argument: _lienthong_v1_TraceRequest, callback: grpc.requestCallback<_lienthong_v1_TraceResponse__Output>): grpc.ClientUnaryCall;
  
  UpdateStatus(argument: _lienthong_v1_UpdateStatusRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_lienthong_v1_UpdateStatusResponse__Output>): grpc.ClientUnaryCall;
  UpdateStatus(argument: _lienthong_v1_UpdateStatusRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_lienthong_v1_UpdateStatusResponse__Output>): grpc.ClientUnaryCall;
  UpdateStatus(argument: _lienthong_v1_UpdateStatusRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_lienthong_v1_UpdateStatusResponse__Output>): grpc.ClientUnaryCall;
  UpdateStatus(argument: _lienthong_v1_UpdateStatusRequest, callback: grpc.requestCallback<_lienthong_v1_UpdateStatusResponse__Output>): grpc.ClientUnaryCall;
  updateStatus(argument: _lienthong_v1_UpdateStatusRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_lienthong_v1_UpdateStatusResponse__Output>): grpc.ClientUnaryCall;
  updateStatus(argument: _lienthong_v1_UpdateStatusRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_lienthong_v1_UpdateStatusResponse__Output>): grpc.ClientUnaryCall;
  updateStatus(argument: _lienthong_v1_UpdateStatusRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_lienthong_v1_UpdateStatusResponse__Output>): grpc.ClientUnaryCall;
  updateStatus(argument: _lienthong_v1_UpdateStatusRequest, callback: grpc.requestCallback<_lienthong_v1_UpdateStatusResponse__Output>): grpc.ClientUnaryCall;
  
}

export interface AgencyServiceHandlers extends grpc.UntypedServiceImplementation {
  Acknowledge: grpc.handleUnaryCall<_lienthong_v1_AcknowledgeRequest__Output, _lienthong_v1_AcknowledgeResponse>;
  
  ExportEdxml: grpc.handleServerStreamingCall<_lienthong_v1_ExportEdxmlRequest__Output, _lienthong_v1_ExportEdxmlResponse>;
  
  FetchAttachment: grpc.handleServerStreamingCall<_lienthong_v1_FetchAttachmentRequest__Output, _lienthong_v1_FetchAttachmentResponse>;
  
  Receive: grpc.handleServerStreamingCall<_lienthong_v1_ReceiveRequest__Output, _lienthong_v1_ReceiveResponse>;
  
  Send: grpc.handleUnaryCall<_lienthong_v1_SendRequest__Output, _lienthong_v1_SendResponse>;
  
  SendEdxml: grpc.handleClientStreamingCall<_lienthong_v1_SendEdxmlRequest__Output, _lienthong_v1_SendEdxmlResponse>;
  
  SendStream: grpc.handleBidiStreamingCall<_lienthong_v1_SendStreamRequest__Output, _lienthong_v1_SendStreamResponse>;
  
  Trace: grpc.handleUnaryCall<_lienthong_v1_TraceRequest__Output, _lienthong_v1_TraceResponse>;
  
  UpdateStatus: grpc.handleUnaryCall<_lienthong_v1_UpdateStatusRequest__Output, _lienthong_v1_UpdateStatusResponse>;
  
}

export interface AgencyServiceDefinition extends grpc.ServiceDefinition {
  Acknowledge: MethodDefinition<_lienthong_v1_AcknowledgeRequest, _lienthong_v1_AcknowledgeResponse, _lienthong_v1_AcknowledgeRequest__Output, _lienthong_v1_AcknowledgeResponse__Output>
  ExportEdxml: MethodDefinition<_lienthong_v1_ExportEdxmlRequest, _lienthong_v1_ExportEdxmlResponse, _lienthong_v1_ExportEdxmlRequest__Output, _lienthong_v1_ExportEdxmlResponse__Output>
  FetchAttachment: MethodDefinition<_lienthong_v1_FetchAttachmentRequest, _lienthong_v1_FetchAttachmentResponse, _lienthong_v1_FetchAttachmentRequest__Output, _lienthong_v1_FetchAttachmentResponse__Output>
  Receive: MethodDefinition<_lienthong_v1_ReceiveRequest, _lienthong_v1_ReceiveResponse, _lienthong_v1_ReceiveRequest__Output, _lienthong_v1_ReceiveResponse__Output>
  Send: MethodDefinition<_lienthong_v1_SendRequest, _lienthong_v1_SendResponse, _lienthong_v1_SendRequest__Output, _lienthong_v1_SendResponse__Output>
  SendEdxml: MethodDefinition<_lienthong_v1_SendEdxmlRequest, _lienthong_v1_SendEdxmlResponse, _lienthong_v1_SendEdxmlRequest__Output, _lienthong_v1_SendEdxmlResponse__Output>
  SendStream: MethodDefinition<_lienthong_v1_SendStreamRequest, _lienthong_v1_SendStreamResponse, _lienthong_v1_SendStreamRequest__Output, _lienthong_v1_SendStreamResponse__Output>
  Trace: MethodDefinition<_lienthong_v1_TraceRequest, _lienthong_v1_TraceResponse, _lienthong_v1_TraceRequest__Output, _lienthong_v1_TraceResponse__Output>
  UpdateStatus: MethodDefinition<_lienthong_v1_UpdateStatusRequest, _lienthong_v1_UpdateStatusResponse, _lienthong_v1_UpdateStatusRequest__Output, _lienthong_v1_UpdateStatusResponse__Output>
}
