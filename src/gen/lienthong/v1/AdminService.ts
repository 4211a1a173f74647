// Original file: proto/lienthong/v1/admin.proto

import type * as grpc from '@grpc/grpc-js'
import type { MethodDefinition } from '@grpc/proto-loader'
import type { AdminServiceAcknowledgeRequest as _lienthong_v1_AdminServiceAcknowledgeRequest, AdminServiceAcknowledgeRequest__Output as _lienthong_v1_AdminServiceAcknowledgeRequest__Output } from '../../lienthong/v1/AdminServiceAcknowledgeRequest.js';
import type { AdminServiceAcknowledgeResponse as _lienthong_v1_AdminServiceAcknowledgeResponse, AdminServiceAcknowledgeResponse__Output as _lienthong_v1_AdminServiceAcknowledgeResponse__Output } from '../../lienthong/v1/AdminServiceAcknowledgeResponse.js';
import type { AdminServiceExportEdxmlRequest as _lienthong_v1_AdminServiceExportEdxmlRequest, AdminServiceExportEdxmlRequest__Output as _lienthong_v1_AdminServiceExportEdxmlRequest__Output } from '../../lienthong/v1/AdminServiceExportEdxmlRequest.js';
import type { AdminServiceExportEdxmlResponse as _lienthong_v1_AdminServiceExportEdxmlResponse, AdminServiceExportEdxmlResponse__Output as _lienthong_v1_AdminServiceExportEdxmlResponse__Output } from '../../lienthong/v1/AdminServiceExportEdxmlResponse.js';
import type { AdminServiceFetchAttachmentRequest as _lienthong_v1_AdminServiceFetchAttachmentRequest, AdminServiceFetchAttachmentRequest__Output as _lienthong_v1_AdminServiceFetchAttachmentRequest__Output } from '../../lienthong/v1/AdminServiceFetchAttachmentRequest.js';
import type { AdminServiceFetchAttachmentResponse as _lienthong_v1_AdminServiceFetchAttachmentResponse, AdminServiceFetchAttachmentResponse__Output as _lienthong_v1_AdminServiceFetchAttachmentResponse__Output } from '../../lienthong/v1/AdminServiceFetchAttachmentResponse.js';
import type { AdminServiceSendEdxmlRequest as _lienthong_v1_AdminServiceSendEdxmlRequest, AdminServiceSendEdxmlRequest__Output as _lienthong_v1_AdminServiceSendEdxmlRequest__Output } from '../../lienthong/v1/AdminServiceSendEdxmlRequest.js';
import type { AdminServiceSendEdxmlResponse as _lienthong_v1_AdminServiceSendEdxmlResponse, AdminServiceSendEdxmlResponse__Output as _lienthong_v1_AdminServiceSendEdxmlResponse__Output } from '../../lienthong/v1/AdminServiceSendEdxmlResponse.js';
import type { AdminServiceSendRequest as _lienthong_v1_AdminServiceSendRequest, AdminServiceSendRequest__Output as _lienthong_v1_AdminServiceSendRequest__Output } from '../../lienthong/v1/AdminServiceSendRequest.js';
import type { AdminServiceSendResponse as _lienthong_v1_AdminServiceSendResponse, AdminServiceSendResponse__Output as _lienthong_v1_AdminServiceSendResponse__Output } from '../../lienthong/v1/AdminServiceSendResponse.js';
import type { AdminServiceTraceRequest as _lienthong_v1_AdminServiceTraceRequest, AdminServiceTraceRequest__Output as _lienthong_v1_AdminServiceTraceRequest__Output } from '../../lienthong/v1/AdminServiceTraceRequest.js';
import type { AdminServiceTraceResponse as _lienthong_v1_AdminServiceTraceResponse, AdminServiceTraceResponse__Output as _lienthong_v1_AdminServiceTraceResponse__Output } from '../../lienthong/v1/AdminServiceTraceResponse.js';
import type { AdminServiceUpdateStatusRequest as _lienthong_v1_AdminServiceUpdateStatusRequest, AdminServiceUpdateStatusRequest__Output as _lienthong_v1_AdminServiceUpdateStatusRequest__Output } from '../../lienthong/v1/AdminServiceUpdateStatusRequest.js';
import type { AdminServiceUpdateStatusResponse as _lienthong_v1_AdminServiceUpdateStatusResponse, AdminServiceUpdateStatusResponse__Output as _lienthong_v1_AdminServiceUpdateStatusResponse__Output } from '../../lienthong/v1/AdminServiceUpdateStatusResponse.js';
import type { InboxRequest as _lienthong_v1_InboxRequest, InboxRequest__Output as _lienthong_v1_InboxRequest__Output } from '../../lienthong/v1/InboxRequest.js';
import type { InboxResponse as _lienthong_v1_InboxResponse, InboxResponse__Output as _lienthong_v1_InboxResponse__Output } from '../../lienthong/v1/InboxResponse.js';
import type { OutboxActionRequest as _lienthong_v1_OutboxActionRequest, OutboxActionRequest__Output as _lienthong_v1_OutboxActionRequest__Output } from '../../lienthong/v1/OutboxActionRequest.js';
import type { OutboxActionResponse as _lienthong_v1_OutboxActionResponse, OutboxActionResponse__Output as _lienthong_v1_OutboxActionResponse__Output } from '../../lienthong/v1/OutboxActionResponse.js';
import type { OutboxRequest as _lienthong_v1_OutboxRequest, OutboxRequest__Output as _lienthong_v1_OutboxRequest__Output } from '../../lienthong/v1/OutboxRequest.js';
import type { OutboxResponse as _lienthong_v1_OutboxResponse, OutboxResponse__Output as _lienthong_v1_OutboxResponse__Output } from '../../lienthong/v1/OutboxResponse.js';
import type { PublishRevocationsRequest as _lienthong_v1_PublishRevocationsRequest, PublishRevocationsRequest__Output as _lienthong_v1_PublishRevocationsRequest__Output } from '../../lienthong/v1/PublishRevocationsRequest.js';
import type { PublishRevocationsResponse as _lienthong_v1_PublishRevocationsResponse, PublishRevocationsResponse__Output as _lienthong_v1_PublishRevocationsResponse__Output } from '../../lienthong/v1/PublishRevocationsResponse.js';
import type { RoutesRequest as _lienthong_v1_RoutesRequest, RoutesRequest__Output as _lienthong_v1_RoutesRequest__Output } from '../../lienthong/v1/RoutesRequest.js';
import type { RoutesResponse as _lienthong_v1_RoutesResponse, RoutesResponse__Output as _lienthong_v1_RoutesResponse__Output } from '../../lienthong/v1/RoutesResponse.js';
import type { StatusRequest as _lienthong_v1_StatusRequest, StatusRequest__Output as _lienthong_v1_StatusRequest__Output } from '../../lienthong/v1/StatusRequest.js';
import type { StatusResponse as _lienthong_v1_StatusResponse, StatusResponse__Output as _lienthong_v1_StatusResponse__Output } from '../../lienthong/v1/StatusResponse.js';

export interface AdminServiceClient extends grpc.Client {
  Acknowledge(argument: _lienthong_v1_AdminServiceAcknowledgeRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_lienthong_v1_AdminServiceAcknowledgeResponse__Output>): grpc.ClientUnaryCall;
  Acknowledge(argument: _lienthong_v1_AdminServiceAcknowledgeRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_lienthong_v1_AdminServiceAcknowledgeResponse__Output>): grpc.ClientUnaryCall;
  Acknowledge(argument: _lienthong_v1_AdminServiceAcknowledgeRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_lienthong_v1_AdminServiceAcknowledgeResponse__Output>): grpc.ClientUnaryCall;
  Acknowledge(argument: _lienthong_v1_AdminServiceAcknowledgeRequest, callback: grpc.requestCallback<_lienthong_v1_AdminServiceAcknowledgeResponse__Output>): grpc.ClientUnaryCall;
  acknowledge(argument: _lienthong_v1_AdminServiceAcknowledgeRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_lienthong_v1_AdminServiceAcknowledgeResponse__Output>): grpc.ClientUnaryCall;
  acknowledge(argument: _lienthong_v1_AdminServiceAcknowledgeRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_lienthong_v1_AdminServiceAcknowledgeResponse__Output>): grpc.ClientUnaryCall;
  acknowledge(argument: _lienthong_v1_AdminServiceAcknowledgeRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_lienthong_v1_AdminServiceAcknowledgeResponse__Output>): grpc.ClientUnaryCall;
  acknowledge(argument: _lienthong_v1_AdminServiceAcknowledgeRequest, callback: grpc.requestCallback<_lienthong_v1_AdminServiceAcknowledgeResponse__Output>): grpc.ClientUnaryCall;
  
  ExportEdxml(argument: _lienthong_v1_AdminServiceExportEdxmlRequest, metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientReadableStream<_lienthong_v1_AdminServiceExportEdxmlResponse__Output>;
  ExportEdxml(argument: _lienthong_v1_AdminServiceExportEdxmlRequest, options?: grpc.CallOptions): grpc.ClientReadableStream<_lienthong_v1_AdminServiceExportEdxmlResponse__Output>;
  exportEdxml(argument: _lienthong_v1_AdminServiceExportEdxmlRequest, metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientReadableStream<_lienthong_v1_AdminServiceExportEdxmlResponse__Output>;
  exportEdxml(argument: _lienthong_v1_AdminServiceExportEdxmlRequest, options?: grpc.CallOptions): grpc.ClientReadableStream<_lienthong_v1_AdminServiceExportEdxmlResponse__Output>;
  
  FetchAttachment(argument: _lienthong_v1_AdminServiceFetchAttachmentRequest, metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientReadableStream<_lienthong_v1_AdminServiceFetchAttachmentResponse__Output>;
  FetchAttachment(argument: _lienthong_v1_AdminServiceFetchAttachmentRequest, options?: grpc.CallOptions): grpc.ClientReadableStream<_lienthong_v1_AdminServiceFetchAttachmentResponse__Output>;
  fetchAttachment(argument: _lienthong_v1_AdminServiceFetchAttachmentRequest, metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientReadableStream<_lienthong_v1_AdminServiceFetchAttachmentResponse__Output>;
  fetchAttachment(argument: _lienthong_v1_AdminServiceFetchAttachmentRequest, options?: grpc.CallOptions): grpc.ClientReadableStream<_lienthong_v1_AdminServiceFetchAttachmentResponse__Output>;
  
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
  
  PublishRevocations(argument: _lienthong_v1_PublishRevocationsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_lienthong_v1_PublishRevocationsResponse__Output>): grpc.ClientUnaryCall;
  PublishRevocations(argument: _lienthong_v1_PublishRevocationsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_lienthong_v1_PublishRevocationsResponse__Output>): grpc.ClientUnaryCall;
  PublishRevocations(argument: _lienthong_v1_PublishRevocationsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_lienthong_v1_PublishRevocationsResponse__Output>): grpc.ClientUnaryCall;
  PublishRevocations(argument: _lienthong_v1_PublishRevocationsRequest, callback: grpc.requestCallback<_lienthong_v1_PublishRevocationsResponse__Output>): grpc.ClientUnaryCall;
  publishRevocations(argument: _lienthong_v1_PublishRevocationsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_lienthong_v1_PublishRevocationsResponse__Output>): grpc.ClientUnaryCall;
  publishRevocations(argument: _lienthong_v1_PublishRevocationsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_lienthong_v1_PublishRevocationsResponse__Output>): grpc.ClientUnaryCall;
  publishRevocations(argument: _lienthong_v1_PublishRevocationsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_lienthong_v1_PublishRevocationsResponse__Output>): grpc.ClientUnaryCall;
  publishRevocations(argument: _lienthong_v1_PublishRevocationsRequest, callback: grpc.requestCallback<_lienthong_v1_PublishRevocationsResponse__Output>): grpc.ClientUnaryCall;
  
  Routes(argument: _lienthong_v1_RoutesRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_lienthong_v1_RoutesResponse__Output>): grpc.ClientUnaryCall;
  Routes(argument: _lienthong_v1_RoutesRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_lienthong_v1_RoutesResponse__Output>): grpc.ClientUnaryCall;
  Routes(argument: _lienthong_v1_RoutesRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_lienthong_v1_RoutesResponse__Output>): grpc.ClientUnaryCall;
  Routes(argument: _lienthong_v1_RoutesRequest, callback: grpc.requestCallback<_lienthong_v1_RoutesResponse__Output>): grpc.ClientUnaryCall;
  routes(argument: _lienthong_v1_RoutesRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_lienthong_v1_RoutesResponse__Output>): grpc.ClientUnaryCall;
  routes(argument: _lienthong_v1_RoutesRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_lienthong_v1_RoutesResponse__Output>): grpc.ClientUnaryCall;
  routes(argument: _lienthong_v1_RoutesRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_lienthong_v1_RoutesResponse__Output>): grpc.ClientUnaryCall;
  routes(argument: _lienthong_v1_RoutesRequest, callback: grpc.requestCallback<_lienthong_v1_RoutesResponse__Output>): grpc.ClientUnaryCall;
  
  Send(argument: _lienthong_v1_AdminServiceSendRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_lienthong_v1_AdminServiceSendResponse__Output>): grpc.ClientUnaryCall;
  Send(argument: _lienthong_v1_AdminServiceSendRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_lienthong_v1_AdminServiceSendResponse__Output>): grpc.ClientUnaryCall;
  Send(argument: _lienthong_v1_AdminServiceSendRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_lienthong_v1_AdminServiceSendResponse__Output>): grpc.ClientUnaryCall;
  Send(argument: _lienthong_v1_AdminServiceSendRequest, callback: grpc.requestCallback<_lienthong_v1_AdminServiceSendResponse__Output>): grpc.ClientUnaryCall;
  send(argument: _lienthong_v1_AdminServiceSendRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_lienthong_v1_AdminServiceSendResponse__Output>): grpc.ClientUnaryCall;
  send(argument: _lienthong_v1_AdminServiceSendRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_lienthong_v1_AdminServiceSendResponse__Output>): grpc.ClientUnaryCall;
  send(argument: _lienthong_v1_AdminServiceSendRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_lienthong_v1_AdminServiceSendResponse__Output>): grpc.ClientUnaryCall;
  send(argument: _lienthong_v1_AdminServiceSendRequest, callback: grpc.requestCallback<_lienthong_v1_AdminServiceSendResponse__Output>): grpc.ClientUnaryCall;
  
  SendEdxml(metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_lienthong_v1_AdminServiceSendEdxmlResponse__Output>): grpc.ClientWritableStream<_lienthong_v1_AdminServiceSendEdxmlRequest>;
  SendEdxml(metadata: grpc.Metadata, callback: grpc.requestCallback<_lienthong_v1_AdminServiceSendEdxmlResponse__Output>): grpc.ClientWritableStream<_lienthong_v1_AdminServiceSendEdxmlRequest>;
  SendEdxml(options: grpc.CallOptions, callback: grpc.requestCallback<_lienthong_v1_AdminServiceSendEdxmlResponse__Output>): grpc.ClientWritableStream<_lienthong_v1_AdminServiceSendEdxmlRequest>;
  SendEdxml(callback: grpc.requestCallback<_lienthong_v1_AdminServiceSendEdxmlResponse__Output>): grpc.ClientWritableStream<_lienthong_v1_AdminServiceSendEdxmlRequest>;
  sendEdxml(metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_lienthong_v1_AdminServiceSendEdxmlResponse__Output>): grpc.ClientWritableStream<_lienthong_v1_AdminServiceSendEdxmlRequest>;
  sendEdxml(metadata: grpc.Metadata, callback: grpc.requestCallback<_lienthong_v1_AdminServiceSendEdxmlResponse__Output>): grpc.ClientWritableStream<_lienthong_v1_AdminServiceSendEdxmlRequest>;
  sendEdxml(options: grpc.CallOptions, callback: grpc.requestCallback<_lienthong_v1_AdminServiceSendEdxmlResponse__Output>): grpc.ClientWritableStream<_lienthong_v1_AdminServiceSendEdxmlRequest>;
  sendEdxml(callback: grpc.requestCallback<_lienthong_v1_AdminServiceSendEdxmlResponse__Output>): grpc.ClientWritableStream<_lienthong_v1_AdminServiceSendEdxmlRequest>;
  
  Status(argument: _lienthong_v1_StatusRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_lienthong_v1_StatusResponse__Output>): grpc.ClientUnaryCall;
  Status(argument: _lienthong_v1_StatusRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_lienthong_v1_StatusResponse__Output>): grpc.ClientUnaryCall;
  Status(argument: _lienthong_v1_StatusRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_lienthong_v1_StatusResponse__Output>): grpc.ClientUnaryCall;
  Status(argument: _lienthong_v1_StatusRequest, callback: grpc.requestCallback<_lienthong_v1_StatusResponse__Output>): grpc.ClientUnaryCall;
  status(argument: _lienthong_v1_StatusRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_lienthong_v1_StatusResponse__Output>): grpc.ClientUnaryCall;
  status(argument: _lienthong_v1_StatusRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_lienthong_v1_StatusResponse__Output>): grpc.ClientUnaryCall;
  status(argument: _lienthong_v1_StatusRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_lienthong_v1_StatusResponse__Output>): grpc.ClientUnaryCall;
  status(argument: _lienthong_v1_StatusRequest, callback: grpc.requestCallback<_lienthong_v1_StatusResponse__Output>): grpc.ClientUnaryCall;
  
  Trace(argument: _lienthong_v1_AdminServiceTraceRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_lienthong_v1_AdminServiceTraceResponse__Output>): grpc.ClientUnaryCall;
  Trace(argument: _lienthong_v1_AdminServiceTraceRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_lienthong_v1_AdminServiceTraceResponse__Output>): grpc.ClientUnaryCall;
  Trace(argument: _lienthong_v1_AdminServiceTraceRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_lienthong_v1_AdminServiceTraceResponse__Output>): grpc.ClientUnaryCall;
  Trace(argument: _lienthong_v1_AdminServiceTraceRequest, callback: grpc.requestCallback<_lienthong_v1_AdminServiceTraceResponse__Output>): grpc.ClientUnaryCall;
  trace(argument: _lienthong_v1_AdminServiceTraceRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_lienthong_v1_AdminServiceTraceResponse__Output>): grpc.ClientUnaryCall;
  trace(argument: _lienthong_v1_AdminServiceTraceRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_lienthong_v1_AdminServiceTraceResponse__Output>): grpc.ClientUnaryCall;
  trace(argument: _lienthong_v1_AdminServiceTraceRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_lienthong_v1_AdminServiceTraceResponse__Output>): grpc.ClientUnaryCall;
  trace(argument: _lienthong_v1_AdminServiceTraceRequest, callback: grpc.requestCallback<_lienthong_v1_AdminServiceTraceResponse__Output>): grpc.ClientUnaryCall;
  
  UpdateStatus(argument: _lienthong_v1_AdminServiceUpdateStatusRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_lienthong_v1_AdminServiceUpdateStatusResponse__Output>): grpc.ClientUnaryCall;
  UpdateStatus(argument: _lienthong_v1_AdminServiceUpdateStatusRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_lienthong_v1_AdminServiceUpdateStatusResponse__Output>): grpc.ClientUnaryCall;
  UpdateStatus(argument: _lienthong_v1_AdminServiceUpdateStatusRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_lienthong_v1_AdminServiceUpdateStatusResponse__Output>): grpc.ClientUnaryCall;
  UpdateStatus(argument: _lienthong_v1_AdminServiceUpdateStatusRequest, callback: grpc.requestCallback<_lienthong_v1_AdminServiceUpdateStatusResponse__Output>): grpc.ClientUnaryCall;
  updateStatus(argument: _lienthong_v1_AdminServiceUpdateStatusRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_lienthong_v1_AdminServiceUpdateStatusResponse__Output>): grpc.ClientUnaryCall;
  updateStatus(argument: _lienthong_v1_AdminServiceUpdateStatusRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_lienthong_v1_AdminServiceUpdateStatusResponse__Output>): grpc.ClientUnaryCall;
  updateStatus(argument: _lienthong_v1_AdminServiceUpdateStatusRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_lienthong_v1_AdminServiceUpdateStatusResponse__Output>): grpc.ClientUnaryCall;
  updateStatus(argument: _lienthong_v1_AdminServiceUpdateStatusRequest, callback: grpc.requestCallback<_lienthong_v1_AdminServiceUpdateStatusResponse__Output>): grpc.ClientUnaryCall;
  
}

export interface AdminServiceHandlers extends grpc.UntypedServiceImplementation {
  Acknowledge: grpc.handleUnaryCall<_lienthong_v1_AdminServiceAcknowledgeRequest__Output, _lienthong_v1_AdminServiceAcknowledgeResponse>;
  
  ExportEdxml: grpc.handleServerStreamingCall<_lienthong_v1_AdminServiceExportEdxmlRequest__Output, _lienthong_v1_AdminServiceExportEdxmlResponse>;
  
  FetchAttachment: grpc.handleServerStreamingCall<_lienthong_v1_AdminServiceFetchAttachmentRequest__Output, _lienthong_v1_AdminServiceFetchAttachmentResponse>;
  
  Inbox: grpc.handleUnaryCall<_lienthong_v1_InboxRequest__Output, _lienthong_v1_InboxResponse>;
  
  Outbox: grpc.handleUnaryCall<_lienthong_v1_OutboxRequest__Output, _lienthong_v1_OutboxResponse>;
  
  OutboxAction: grpc.handleUnaryCall<_lienthong_v1_OutboxActionRequest__Output, _lienthong_v1_OutboxActionResponse>;
  
  PublishRevocations: grpc.handleUnaryCall<_lienthong_v1_PublishRevocationsRequest__Output, _lienthong_v1_PublishRevocationsResponse>;
  
  Routes: grpc.handleUnaryCall<_lienthong_v1_RoutesRequest__Output, _lienthong_v1_RoutesResponse>;
  
  Send: grpc.handleUnaryCall<_lienthong_v1_AdminServiceSendRequest__Output, _lienthong_v1_AdminServiceSendResponse>;
  
  SendEdxml: grpc.handleClientStreamingCall<_lienthong_v1_AdminServiceSendEdxmlRequest__Output, _lienthong_v1_AdminServiceSendEdxmlResponse>;
  
  Status: grpc.handleUnaryCall<_lienthong_v1_StatusRequest__Output, _lienthong_v1_StatusResponse>;
  
  Trace: grpc.handleUnaryCall<_lienthong_v1_AdminServiceTraceRequest__Output, _lienthong_v1_AdminServiceTraceResponse>;
  
  UpdateStatus: grpc.handleUnaryCall<_lienthong_v1_AdminServiceUpdateStatusRequest__Output, _lienthong_v1_AdminServiceUpdateStatusResponse>;
  
}

export interface AdminServiceDefinition extends grpc.ServiceDefinition {
  Acknowledge: MethodDefinition<_lienthong_v1_AdminServiceAcknowledgeRequest, _lienthong_v1_AdminServiceAcknowledgeResponse, _lienthong_v1_AdminServiceAcknowledgeRequest__Output, _lienthong_v1_AdminServiceAcknowledgeResponse__Output>
  ExportEdxml: MethodDefinition<_lienthong_v1_AdminServiceExportEdxmlRequest, _lienthong_v1_AdminServiceExportEdxmlResponse, _lienthong_v1_AdminServiceExportEdxmlRequest__Output, _lienthong_v1_AdminServiceExportEdxmlResponse__Output>
  FetchAttachment: MethodDefinition<_lienthong_v1_AdminServiceFetchAttachmentRequest, _lienthong_v1_AdminServiceFetchAttachmentResponse, _lienthong_v1_AdminServiceFetchAttachmentRequest__Output, _lienthong_v1_AdminServiceFetchAttachmentResponse__Output>
  Inbox: MethodDefinition<_lienthong_v1_InboxRequest, _lienthong_v1_InboxResponse, _lienthong_v1_InboxRequest__Output, _lienthong_v1_InboxResponse__Output>
  Outbox: MethodDefinition<_lienthong_v1_OutboxRequest, _lienthong_v1_OutboxResponse, _lienthong_v1_OutboxRequest__Output, _lienthong_v1_OutboxResponse__Output>
  OutboxAction: MethodDefinition<_lienthong_v1_OutboxActionRequest, _lienthong_v1_OutboxActionResponse, _lienthong_v1_OutboxActionRequest__Output, _lienthong_v1_OutboxActionResponse__Output>
  PublishRevocations: MethodDefinition<_lienthong_v1_PublishRevocationsRequest, _lienthong_v1_PublishRevocationsResponse, _lienthong_v1_PublishRevocationsRequest__Output, _lienthong_v1_PublishRevocationsResponse__Output>
  Routes: MethodDefinition<_lienthong_v1_RoutesRequest, _lienthong_v1_RoutesResponse, _lienthong_v1_RoutesRequest__Output, _lienthong_v1_RoutesResponse__Output>
  Send: MethodDefinition<_lienthong_v1_AdminServiceSendRequest, _lienthong_v1_AdminServiceSendResponse, _lienthong_v1_AdminServiceSendRequest__Output, _lienthong_v1_AdminServiceSendResponse__Output>
  SendEdxml: MethodDefinition<_lienthong_v1_AdminServiceSendEdxmlRequest, _lienthong_v1_AdminServiceSendEdxmlResponse, _lienthong_v1_AdminServiceSendEdxmlRequest__Output, _lienthong_v1_AdminServiceSendEdxmlResponse__Output>
  Status: MethodDefinition<_lienthong_v1_StatusRequest, _lienthong_v1_StatusResponse, _lienthong_v1_StatusRequest__Output, _lienthong_v1_StatusResponse__Output>
  Trace: MethodDefinition<_lienthong_v1_AdminServiceTraceRequest, _lienthong_v1_AdminServiceTraceResponse, _lienthong_v1_AdminServiceTraceRequest__Output, _lienthong_v1_AdminServiceTraceResponse__Output>
  UpdateStatus: MethodDefinition<_lienthong_v1_AdminServiceUpdateStatusRequest, _lienthong_v1_AdminServiceUpdateStatusResponse, _lienthong_v1_AdminServiceUpdateStatusRequest__Output, _lienthong_v1_AdminServiceUpdateStatusResponse__Output>
}
