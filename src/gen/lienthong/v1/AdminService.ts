// Original file: proto/lienthong/v1/admin.proto

import type * as grpc from '@grpc/grpc-js'
import type { MethodDefinition } from '@grpc/proto-loader'
import type { AcknowledgeRequest as _lienthong_v1_AcknowledgeRequest, AcknowledgeRequest__Output as _lienthong_v1_AcknowledgeRequest__Output } from '../../lienthong/v1/AcknowledgeRequest.js';
import type { AcknowledgeResponse as _lienthong_v1_AcknowledgeResponse, AcknowledgeResponse__Output as _lienthong_v1_AcknowledgeResponse__Output } from '../../lienthong/v1/AcknowledgeResponse.js';
import type { AdminSendRequest as _lienthong_v1_AdminSendRequest, AdminSendRequest__Output as _lienthong_v1_AdminSendRequest__Output } from '../../lienthong/v1/AdminSendRequest.js';
import type { InboxRequest as _lienthong_v1_InboxRequest, InboxRequest__Output as _lienthong_v1_InboxRequest__Output } from '../../lienthong/v1/InboxRequest.js';
import type { InboxResponse as _lienthong_v1_InboxResponse, InboxResponse__Output as _lienthong_v1_InboxResponse__Output } from '../../lienthong/v1/InboxResponse.js';
import type { OutboxActionRequest as _lienthong_v1_OutboxActionRequest, OutboxActionRequest__Output as _lienthong_v1_OutboxActionRequest__Output } from '../../lienthong/v1/OutboxActionRequest.js';
import type { OutboxActionResponse as _lienthong_v1_OutboxActionResponse, OutboxActionResponse__Output as _lienthong_v1_OutboxActionResponse__Output } from '../../lienthong/v1/OutboxActionResponse.js';
import type { OutboxRequest as _lienthong_v1_OutboxRequest, OutboxRequest__Output as _lienthong_v1_OutboxRequest__Output } from '../../lienthong/v1/OutboxRequest.js';
import type { OutboxResponse as _lienthong_v1_OutboxResponse, OutboxResponse__Output as _lienthong_v1_OutboxResponse__Output } from '../../lienthong/v1/OutboxResponse.js';
import type { RoutesRequest as _lienthong_v1_RoutesRequest, RoutesRequest__Output as _lienthong_v1_RoutesRequest__Output } from '../../lienthong/v1/RoutesRequest.js';
import type { RoutesResponse as _lienthong_v1_RoutesResponse, RoutesResponse__Output as _lienthong_v1_RoutesResponse__Output } from '../../lienthong/v1/RoutesResponse.js';
import type { SendResponse as _lienthong_v1_SendResponse, SendResponse__Output as _lienthong_v1_SendResponse__Output } from '../../lienthong/v1/SendResponse.js';
import type { StatusRequest as _lienthong_v1_StatusRequest, StatusRequest__Output as _lienthong_v1_StatusRequest__Output } from '../../lienthong/v1/StatusRequest.js';
import type { StatusResponse as _lienthong_v1_StatusResponse, StatusResponse__Output as _lienthong_v1_StatusResponse__Output } from '../../lienthong/v1/StatusResponse.js';
import type { TraceRequest as _lienthong_v1_TraceRequest, TraceRequest__Output as _lienthong_v1_TraceRequest__Output } from '../../lienthong/v1/TraceRequest.js';
import type { TraceResponse as _lienthong_v1_TraceResponse, TraceResponse__Output as _lienthong_v1_TraceResponse__Output } from '../../lienthong/v1/TraceResponse.js';
import type { UpdateStatusRequest as _lienthong_v1_UpdateStatusRequest, UpdateStatusRequest__Output as _lienthong_v1_UpdateStatusRequest__Output } from '../../lienthong/v1/UpdateStatusRequest.js';
import type { UpdateStatusResponse as _lienthong_v1_UpdateStatusResponse, UpdateStatusResponse__Output as _lienthong_v1_UpdateStatusResponse__Output } from '../../lienthong/v1/UpdateStatusResponse.js';

export interface AdminServiceClient extends grpc.Client {
  Acknowledge(argument: _lienthong_v1_AcknowledgeRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_lienthong_v1_AcknowledgeResponse__Output>): grpc.ClientUnaryCall;
  Acknowledge(argument: _lienthong_v1_AcknowledgeRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_lienthong_v1_AcknowledgeResponse__Output>): grpc.ClientUnaryCall;
  Acknowledge(argument: _lienthong_v1_AcknowledgeRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_lienthong_v1_AcknowledgeResponse__Output>): grpc.ClientUnaryCall;
  Acknowledge(argument: _lienthong_v1_AcknowledgeRequest, callback: grpc.requestCallback<_lienthong_v1_AcknowledgeResponse__Output>): grpc.ClientUnaryCall;
  acknowledge(argument: _lienthong_v1_AcknowledgeRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_lienthong_v1_AcknowledgeResponse__Output>): grpc.ClientUnaryCall;
  acknowledge(argument: _lienthong_v1_AcknowledgeRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_lienthong_v1_AcknowledgeResponse__Output>): grpc.ClientUnaryCall;
  acknowledge(argument: _lienthong_v1_AcknowledgeRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_lienthong_v1_AcknowledgeResponse__Output>): grpc.ClientUnaryCall;
  acknowledge(argument: _lienthong_v1_AcknowledgeRequest, callback: grpc.requestCallback<_lienthong_v1_AcknowledgeResponse__Output>): grpc.ClientUnaryCall;
  
  Inbox(argument: _lienthong_v1_InboxRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_lienthong_v1_InboxResponse__Output>): grpc.ClientUnaryCall;
  Inbox(argument: _lienthong_v1_InboxRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_lienthong_v1_InboxResponse__Output>): grpc.ClientUnaryCall;
  Inbox(argument: _lienthong_v1_InboxRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_lienthong_v1_InboxResponse__Output>): grpc.ClientUnaryCall;
  Inbox(argument: _lienthong_v1_InboxRequest, callback: grpc.requestCallback<_lienthong_v1_InboxResponse__Output>): grpc.ClientUnaryCall;
  inbox(argument: _lienthong_v1_InboxRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_lienthong_v1_InboxResponse__Output>): grpc.ClientUnaryCall;
  inbox(argument: _lienthong_v1_InboxRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_lienthong_v1_InboxResponse__Output>): grpc.ClientUnaryCall;
  inbox(argument: _lienthong_v1_InboxRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_lienthong_v1_InboxResponse__Output>): grpc.ClientUnaryCall;
  inbox(argument: _lienthong_v1_InboxRequest, callback: grpc.requestCallback<_lienthong_v1_InboxResponse__Output>): grpc.ClientUnaryCall;
  
  Outbox(argument: _lienthong_v1_OutboxRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_lienthong_v1_OutboxResponse__Output>): grpc.ClientUnaryCall;
  Outbox(argument: _lienthong_v1_OutboxRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_lienthong_v1_OutboxResponse__Output>): grpc.ClientUnaryCall;
  Outbox(argument: _lienthong_v1_OutboxRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_lienthong_v1_OutboxResponse__Output>): grpc.ClientUnaryCall;
  Outbox(argument: _lienthong_v1_OutboxRequest, callback: grpc.requestCallback<_lienthong_v1_OutboxResponse__Output>): grpc.ClientUnaryCall;
  outbox(argument: _lienthong_v1_OutboxRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_lienthong_v1_OutboxResponse__Output>): grpc.ClientUnaryCall;
  outbox(argument: _lienthong_v1_OutboxRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_lienthong_v1_OutboxResponse__Output>): grpc.ClientUnaryCall;
  outbox(argument: _lienthong_v1_OutboxRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_lienthong_v1_OutboxResponse__Output>): grpc.ClientUnaryCall;
  outbox(argument: _lienthong_v1_OutboxRequest, callback: grpc.requestCallback<_lienthong_v1_OutboxResponse__Output>): grpc.ClientUnaryCall;
  
  OutboxAction(argument: _lienthong_v1_OutboxActionRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_lienthong_v1_OutboxActionResponse__Output>): grpc.ClientUnaryCall;
  OutboxAction(argument: _lienthong_v1_OutboxActionRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_lienthong_v1_OutboxActionResponse__Output>): grpc.ClientUnaryCall;
  OutboxAction(argument: _lienthong_v1_OutboxActionRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_lienthong_v1_OutboxActionResponse__Output>): grpc.ClientUnaryCall;
  OutboxAction(argument: _lienthong_v1_OutboxActionRequest, callback: grpc.requestCallback<_lienthong_v1_OutboxActionResponse__Output>): grpc.ClientUnaryCall;
  outboxAction(argument: _lienthong_v1_OutboxActionRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_lienthong_v1_OutboxActionResponse__Output>): grpc.ClientUnaryCall;
  outboxAction(argument: _lienthong_v1_OutboxActionRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_lienthong_v1_OutboxActionResponse__Output>): grpc.ClientUnaryCall;
  outboxAction(argument: _lienthong_v1_OutboxActionRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_lienthong_v1_OutboxActionResponse__Output>): grpc.ClientUnaryCall;
  outboxAction(argument: _lienthong_v1_OutboxActionRequest, callback: grpc.requestCallback<_lienthong_v1_OutboxActionResponse__Output>): grpc.ClientUnaryCall;
  
  Routes(argument: _lienthong_v1_RoutesRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_lienthong_v1_RoutesResponse__Output>): grpc.ClientUnaryCall;
  Routes(argument: _lienthong_v1_RoutesRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_lienthong_v1_RoutesResponse__Output>): grpc.ClientUnaryCall;
  Routes(argument: _lienthong_v1_RoutesRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_lienthong_v1_RoutesResponse__Output>): grpc.ClientUnaryCall;
  Routes(argument: _lienthong_v1_RoutesRequest, callback: grpc.requestCallback<_lienthong_v1_RoutesResponse__Output>): grpc.ClientUnaryCall;
  routes(argument: _lienthong_v1_RoutesRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_lienthong_v1_RoutesResponse__Output>): grpc.ClientUnaryCall;
  routes(argument: _lienthong_v1_RoutesRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_lienthong_v1_RoutesResponse__Output>): grpc.ClientUnaryCall;
  routes(argument: _lienthong_v1_RoutesRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_lienthong_v1_RoutesResponse__Output>): grpc.ClientUnaryCall;
  routes(argument: _lienthong_v1_RoutesRequest, callback: grpc.requestCallback<_lienthong_v1_RoutesResponse__Output>): grpc.ClientUnaryCall;
  
  Send(argument: _lienthong_v1_AdminSendRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_lienthong_v1_SendResponse__Output>): grpc.ClientUnaryCall;
  Send(argument: _lienthong_v1_AdminSendRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_lienthong_v1_SendResponse__Output>): grpc.ClientUnaryCall;
  Send(argument: _lienthong_v1_AdminSendRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_lienthong_v1_SendResponse__Output>): grpc.ClientUnaryCall;
  Send(argument: _lienthong_v1_AdminSendRequest, callback: grpc.requestCallback<_lienthong_v1_SendResponse__Output>): grpc.ClientUnaryCall;
  send(argument: _lienthong_v1_AdminSendRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_lienthong_v1_SendResponse__Output>): grpc.ClientUnaryCall;
  send(argument: _lienthong_v1_AdminSendRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_lienthong_v1_SendResponse__Output>): grpc.ClientUnaryCall;
  send(argument: _lienthong_v1_AdminSendRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_lienthong_v1_SendResponse__Output>): grpc.ClientUnaryCall;
  send(argument: _lienthong_v1_AdminSendRequest, callback: grpc.requestCallback<_lienthong_v1_SendResponse__Output>): grpc.ClientUnaryCall;
  
  Status(argument: _lienthong_v1_StatusRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_lienthong_v1_StatusResponse__Output>): grpc.ClientUnaryCall;
  Status(argument: _lienthong_v1_StatusRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_lienthong_v1_StatusResponse__Output>): grpc.ClientUnaryCall;
  Status(argument: _lienthong_v1_StatusRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_lienthong_v1_StatusResponse__Output>): grpc.ClientUnaryCall;
  Status(argument: _lienthong_v1_StatusRequest, callback: grpc.requestCallback<_lienthong_v1_StatusResponse__Output>): grpc.ClientUnaryCall;
  status(argument: _lienthong_v1_StatusRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_lienthong_v1_StatusResponse__Output>): grpc.ClientUnaryCall;
  status(argument: _lienthong_v1_StatusRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_lienthong_v1_StatusResponse__Output>): grpc.ClientUnaryCall;
  status(argument: _lienthong_v1_StatusRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_lienthong_v1_StatusResponse__Output>): grpc.ClientUnaryCall;
  status(argument: _lienthong_v1_StatusRequest, callback: grpc.requestCallback<_lienthong_v1_StatusResponse__Output>): grpc.ClientUnaryCall;
  
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

export interface AdminServiceHandlers extends grpc.UntypedServiceImplementation {
  Acknowledge: grpc.handleUnaryCall<_lienthong_v1_AcknowledgeRequest__Output, _lienthong_v1_AcknowledgeResponse>;
  
  Inbox: grpc.handleUnaryCall<_lienthong_v1_InboxRequest__Output, _lienthong_v1_InboxResponse>;
  
  Outbox: grpc.handleUnaryCall<_lienthong_v1_OutboxRequest__Output, _lienthong_v1_OutboxResponse>;
  
  OutboxAction: grpc.handleUnaryCall<_lienthong_v1_OutboxActionRequest__Output, _lienthong_v1_OutboxActionResponse>;
  
  Routes: grpc.handleUnaryCall<_lienthong_v1_RoutesRequest__Output, _lienthong_v1_RoutesResponse>;
  
  Send: grpc.handleUnaryCall<_lienthong_v1_AdminSendRequest__Output, _lienthong_v1_SendResponse>;
  
  Status: grpc.handleUnaryCall<_lienthong_v1_StatusRequest__Output, _lienthong_v1_StatusResponse>;
  
  Trace: grpc.handleUnaryCall<_lienthong_v1_TraceRequest__Output, _lienthong_v1_TraceResponse>;
  
  UpdateStatus: grpc.handleUnaryCall<_lienthong_v1_UpdateStatusRequest__Output, _lienthong_v1_UpdateStatusResponse>;
  
}

export interface AdminServiceDefinition extends grpc.ServiceDefinition {
  Acknowledge: MethodDefinition<_lienthong_v1_AcknowledgeRequest, _lienthong_v1_AcknowledgeResponse, _lienthong_v1_AcknowledgeRequest__Output, _lienthong_v1_AcknowledgeResponse__Output>
  Inbox: MethodDefinition<_lienthong_v1_InboxRequest, _lienthong_v1_InboxResponse, _lienthong_v1_InboxRequest__Output, _lienthong_v1_InboxResponse__Output>
  Outbox: MethodDefinition<_lienthong_v1_OutboxRequest, _lienthong_v1_OutboxResponse, _lienthong_v1_OutboxRequest__Output, _lienthong_v1_OutboxResponse__Output>
  OutboxAction: MethodDefinition<_lienthong_v1_OutboxActionRequest, _lienthong_v1_OutboxActionResponse, _lienthong_v1_OutboxActionRequest__Output, _lienthong_v1_OutboxActionResponse__Output>
  Routes: MethodDefinition<_lienthong_v1_RoutesRequest, _lienthong_v1_RoutesResponse, _lienthong_v1_RoutesRequest__Output, _lienthong_v1_RoutesResponse__Output>
  Send: MethodDefinition<_lienthong_v1_AdminSendRequest, _lienthong_v1_SendResponse, _lienthong_v1_AdminSendRequest__Output, _lienthong_v1_SendResponse__Output>
  Status: MethodDefinition<_lienthong_v1_StatusRequest, _lienthong_v1_StatusResponse, _lienthong_v1_StatusRequest__Output, _lienthong_v1_StatusResponse__Output>
  Trace: MethodDefinition<_lienthong_v1_TraceRequest, _lienthong_v1_TraceResponse, _lienthong_v1_TraceRequest__Output, _lienthong_v1_TraceResponse__Output>
  UpdateStatus: MethodDefinition<_lienthong_v1_UpdateStatusRequest, _lienthong_v1_UpdateStatusResponse, _lienthong_v1_UpdateStatusRequest__Output, _lienthong_v1_UpdateStatusResponse__Output>
}
