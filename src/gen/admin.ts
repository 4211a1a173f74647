import type * as grpc from '@grpc/grpc-js';
import type { EnumTypeDefinition, MessageTypeDefinition } from '@grpc/proto-loader';

import type { AcknowledgeRequest as _lienthong_v1_AcknowledgeRequest, AcknowledgeRequest__Output as _lienthong_v1_AcknowledgeRequest__Output } from './lienthong/v1/AcknowledgeRequest.js';
import type { AcknowledgeResponse as _lienthong_v1_AcknowledgeResponse, AcknowledgeResponse__Output as _lienthong_v1_AcknowledgeResponse__Output } from './lienthong/v1/AcknowledgeResponse.js';
import type { AdminServiceClient as _lienthong_v1_AdminServiceClient, AdminServiceDefinition as _lienthong_v1_AdminServiceDefinition } from './lienthong/v1/AdminService.js';
import type { AdminServiceAcknowledgeRequest as _lienthong_v1_AdminServiceAcknowledgeRequest, AdminServiceAcknowledgeRequest__Output as _lienthong_v1_AdminServiceAcknowledgeRequest__Output } from './lienthong/v1/AdminServiceAcknowledgeRequest.js';
import type { AdminServiceAcknowledgeResponse as _lienthong_v1_AdminServiceAcknowledgeResponse, AdminServiceAcknowledgeResponse__Output as _lienthong_v1_AdminServiceAcknowledgeResponse__Output } from './lienthong/v1/AdminServiceAcknowledgeResponse.js';
import type { AdminServiceExportEdxmlRequest as _lienthong_v1_AdminServiceExportEdxmlRequest, AdminServiceExportEdxmlRequest__Output as _lienthong_v1_AdminServiceExportEdxmlRequest__Output } from './lienthong/v1/AdminServiceExportEdxmlRequest.js';
import type { AdminServiceExportEdxmlResponse as _lienthong_v1_AdminServiceExportEdxmlResponse, AdminServiceExportEdxmlResponse__Output as _lienthong_v1_AdminServiceExportEdxmlResponse__Output } from './lienthong/v1/AdminServiceExportEdxmlResponse.js';
import type { AdminServiceFetchAttachmentRequest as _lienthong_v1_AdminServiceFetchAttachmentRequest, AdminServiceFetchAttachmentRequest__Output as _lienthong_v1_AdminServiceFetchAttachmentRequest__Output } from './lienthong/v1/AdminServiceFetchAttachmentRequest.js';
import type { AdminServiceFetchAttachmentResponse as _lienthong_v1_AdminServiceFetchAttachmentResponse, AdminServiceFetchAttachmentResponse__Output as _lienthong_v1_AdminServiceFetchAttachmentResponse__Output } from './lienthong/v1/AdminServiceFetchAttachmentResponse.js';
import type { AdminServiceSendEdxmlRequest as _lienthong_v1_AdminServiceSendEdxmlRequest, AdminServiceSendEdxmlRequest__Output as _lienthong_v1_AdminServiceSendEdxmlRequest__Output } from './lienthong/v1/AdminServiceSendEdxmlRequest.js';
import type { AdminServiceSendEdxmlResponse as _lienthong_v1_AdminServiceSendEdxmlResponse, AdminServiceSendEdxmlResponse__Output as _lienthong_v1_AdminServiceSendEdxmlResponse__Output } from './lienthong/v1/AdminServiceSendEdxmlResponse.js';
import type { AdminServiceSendRequest as _lienthong_v1_AdminServiceSendRequest, AdminServiceSendRequest__Output as _lienthong_v1_AdminServiceSendRequest__Output } from './lienthong/v1/AdminServiceSendRequest.js';
import type { AdminServiceSendResponse as _lienthong_v1_AdminServiceSendResponse, AdminServiceSendResponse__Output as _lienthong_v1_AdminServiceSendResponse__Output } from './lienthong/v1/AdminServiceSendResponse.js';
import type { AdminServiceTraceRequest as _lienthong_v1_AdminServiceTraceRequest, AdminServiceTraceRequest__Output as _lienthong_v1_AdminServiceTraceRequest__Output } from './lienthong/v1/AdminServiceTraceRequest.js';
import type { AdminServiceTraceResponse as _lienthong_v1_AdminServiceTraceResponse, AdminServiceTraceResponse__Output as _lienthong_v1_AdminServiceTraceResponse__Output } from './lienthong/v1/AdminServiceTraceResponse.js';
import type { AdminServiceUpdateStatusRequest as _lienthong_v1_AdminServiceUpdateStatusRequest, AdminServiceUpdateStatusRequest__Output as _lienthong_v1_AdminServiceUpdateStatusRequest__Output } from './lienthong/v1/AdminServiceUpdateStatusRequest.js';
import type { AdminServiceUpdateStatusResponse as _lienthong_v1_AdminServiceUpdateStatusResponse, AdminServiceUpdateStatusResponse__Output as _lienthong_v1_AdminServiceUpdateStatusResponse__Output } from './lienthong/v1/AdminServiceUpdateStatusResponse.js';
import type { AgencyBacklog as _lienthong_v1_AgencyBacklog, AgencyBacklog__Output as _lienthong_v1_AgencyBacklog__Output } from './lienthong/v1/AgencyBacklog.js';
import type { AgencyServiceClient as _lienthong_v1_AgencyServiceClient, AgencyServiceDefinition as _lienthong_v1_AgencyServiceDefinition } from './lienthong/v1/AgencyService.js';
import type { Attachment as _lienthong_v1_Attachment, Attachment__Output as _lienthong_v1_Attachment__Output } from './lienthong/v1/Attachment.js';
import type { CertificateInfo as _lienthong_v1_CertificateInfo, CertificateInfo__Output as _lienthong_v1_CertificateInfo__Output } from './lienthong/v1/CertificateInfo.js';
import type { Counter as _lienthong_v1_Counter, Counter__Output as _lienthong_v1_Counter__Output } from './lienthong/v1/Counter.js';
import type { DocumentMeta as _lienthong_v1_DocumentMeta, DocumentMeta__Output as _lienthong_v1_DocumentMeta__Output } from './lienthong/v1/DocumentMeta.js';
import type { EarlierDocument as _lienthong_v1_EarlierDocument, EarlierDocument__Output as _lienthong_v1_EarlierDocument__Output } from './lienthong/v1/EarlierDocument.js';
import type { EdxmlBusiness as _lienthong_v1_EdxmlBusiness, EdxmlBusiness__Output as _lienthong_v1_EdxmlBusiness__Output } from './lienthong/v1/EdxmlBusiness.js';
import type { EdxmlInfo as _lienthong_v1_EdxmlInfo, EdxmlInfo__Output as _lienthong_v1_EdxmlInfo__Output } from './lienthong/v1/EdxmlInfo.js';
import type { EdxmlMessageHeader as _lienthong_v1_EdxmlMessageHeader, EdxmlMessageHeader__Output as _lienthong_v1_EdxmlMessageHeader__Output } from './lienthong/v1/EdxmlMessageHeader.js';
import type { EdxmlOrganization as _lienthong_v1_EdxmlOrganization, EdxmlOrganization__Output as _lienthong_v1_EdxmlOrganization__Output } from './lienthong/v1/EdxmlOrganization.js';
import type { EdxmlReplacementInfo as _lienthong_v1_EdxmlReplacementInfo, EdxmlReplacementInfo__Output as _lienthong_v1_EdxmlReplacementInfo__Output } from './lienthong/v1/EdxmlReplacementInfo.js';
import type { EdxmlResponseFor as _lienthong_v1_EdxmlResponseFor, EdxmlResponseFor__Output as _lienthong_v1_EdxmlResponseFor__Output } from './lienthong/v1/EdxmlResponseFor.js';
import type { EdxmlStaffInfo as _lienthong_v1_EdxmlStaffInfo, EdxmlStaffInfo__Output as _lienthong_v1_EdxmlStaffInfo__Output } from './lienthong/v1/EdxmlStaffInfo.js';
import type { EdxmlStatusInfo as _lienthong_v1_EdxmlStatusInfo, EdxmlStatusInfo__Output as _lienthong_v1_EdxmlStatusInfo__Output } from './lienthong/v1/EdxmlStatusInfo.js';
import type { EdxmlTraceHeader as _lienthong_v1_EdxmlTraceHeader, EdxmlTraceHeader__Output as _lienthong_v1_EdxmlTraceHeader__Output } from './lienthong/v1/EdxmlTraceHeader.js';
import type { ExportEdxmlRequest as _lienthong_v1_ExportEdxmlRequest, ExportEdxmlRequest__Output as _lienthong_v1_ExportEdxmlRequest__Output } from './lienthong/v1/ExportEdxmlRequest.js';
import type { ExportEdxmlResponse as _lienthong_v1_ExportEdxmlResponse, ExportEdxmlResponse__Output as _lienthong_v1_ExportEdxmlResponse__Output } from './lienthong/v1/ExportEdxmlResponse.js';
import type { FetchAttachmentRequest as _lienthong_v1_FetchAttachmentRequest, FetchAttachmentRequest__Output as _lienthong_v1_FetchAttachmentRequest__Output } from './lienthong/v1/FetchAttachmentRequest.js';
import type { FetchAttachmentResponse as _lienthong_v1_FetchAttachmentResponse, FetchAttachmentResponse__Output as _lienthong_v1_FetchAttachmentResponse__Output } from './lienthong/v1/FetchAttachmentResponse.js';
import type { Hop as _lienthong_v1_Hop, Hop__Output as _lienthong_v1_Hop__Output } from './lienthong/v1/Hop.js';
import type { InboxItem as _lienthong_v1_InboxItem, InboxItem__Output as _lienthong_v1_InboxItem__Output } from './lienthong/v1/InboxItem.js';
import type { InboxRequest as _lienthong_v1_InboxRequest, InboxRequest__Output as _lienthong_v1_InboxRequest__Output } from './lienthong/v1/InboxRequest.js';
import type { InboxResponse as _lienthong_v1_InboxResponse, InboxResponse__Output as _lienthong_v1_InboxResponse__Output } from './lienthong/v1/InboxResponse.js';
import type { LinkStatus as _lienthong_v1_LinkStatus, LinkStatus__Output as _lienthong_v1_LinkStatus__Output } from './lienthong/v1/LinkStatus.js';
import type { Message as _lienthong_v1_Message, Message__Output as _lienthong_v1_Message__Output } from './lienthong/v1/Message.js';
import type { OutboxActionRequest as _lienthong_v1_OutboxActionRequest, OutboxActionRequest__Output as _lienthong_v1_OutboxActionRequest__Output } from './lienthong/v1/OutboxActionRequest.js';
import type { OutboxActionResponse as _lienthong_v1_OutboxActionResponse, OutboxActionResponse__Output as _lienthong_v1_OutboxActionResponse__Output } from './lienthong/v1/OutboxActionResponse.js';
import type { OutboxEntry as _lienthong_v1_OutboxEntry, OutboxEntry__Output as _lienthong_v1_OutboxEntry__Output } from './lienthong/v1/OutboxEntry.js';
import type { OutboxRequest as _lienthong_v1_OutboxRequest, OutboxRequest__Output as _lienthong_v1_OutboxRequest__Output } from './lienthong/v1/OutboxRequest.js';
import type { OutboxResponse as _lienthong_v1_OutboxResponse, OutboxResponse__Output as _lienthong_v1_OutboxResponse__Output } from './lienthong/v1/OutboxResponse.js';
import type { PublishRevocationsRequest as _lienthong_v1_PublishRevocationsRequest, PublishRevocationsRequest__Output as _lienthong_v1_PublishRevocationsRequest__Output } from './lienthong/v1/PublishRevocationsRequest.js';
import type { PublishRevocationsResponse as _lienthong_v1_PublishRevocationsResponse, PublishRevocationsResponse__Output as _lienthong_v1_PublishRevocationsResponse__Output } from './lienthong/v1/PublishRevocationsResponse.js';
import type { ReceiveRequest as _lienthong_v1_ReceiveRequest, ReceiveRequest__Output as _lienthong_v1_ReceiveRequest__Output } from './lienthong/v1/ReceiveRequest.js';
import type { ReceiveResponse as _lienthong_v1_ReceiveResponse, ReceiveResponse__Output as _lienthong_v1_ReceiveResponse__Output } from './lienthong/v1/ReceiveResponse.js';
import type { RecipientRoute as _lienthong_v1_RecipientRoute, RecipientRoute__Output as _lienthong_v1_RecipientRoute__Output } from './lienthong/v1/RecipientRoute.js';
import type { RecipientState as _lienthong_v1_RecipientState, RecipientState__Output as _lienthong_v1_RecipientState__Output } from './lienthong/v1/RecipientState.js';
import type { RevocationStatus as _lienthong_v1_RevocationStatus, RevocationStatus__Output as _lienthong_v1_RevocationStatus__Output } from './lienthong/v1/RevocationStatus.js';
import type { RouteEntry as _lienthong_v1_RouteEntry, RouteEntry__Output as _lienthong_v1_RouteEntry__Output } from './lienthong/v1/RouteEntry.js';
import type { RoutesRequest as _lienthong_v1_RoutesRequest, RoutesRequest__Output as _lienthong_v1_RoutesRequest__Output } from './lienthong/v1/RoutesRequest.js';
import type { RoutesResponse as _lienthong_v1_RoutesResponse, RoutesResponse__Output as _lienthong_v1_RoutesResponse__Output } from './lienthong/v1/RoutesResponse.js';
import type { SendEdxmlOptions as _lienthong_v1_SendEdxmlOptions, SendEdxmlOptions__Output as _lienthong_v1_SendEdxmlOptions__Output } from './lienthong/v1/SendEdxmlOptions.js';
import type { SendEdxmlRequest as _lienthong_v1_SendEdxmlRequest, SendEdxmlRequest__Output as _lienthong_v1_SendEdxmlRequest__Output } from './lienthong/v1/SendEdxmlRequest.js';
import type { SendEdxmlResponse as _lienthong_v1_SendEdxmlResponse, SendEdxmlResponse__Output as _lienthong_v1_SendEdxmlResponse__Output } from './lienthong/v1/SendEdxmlResponse.js';
import type { SendRequest as _lienthong_v1_SendRequest, SendRequest__Output as _lienthong_v1_SendRequest__Output } from './lienthong/v1/SendRequest.js';
import type { SendResponse as _lienthong_v1_SendResponse, SendResponse__Output as _lienthong_v1_SendResponse__Output } from './lienthong/v1/SendResponse.js';
import type { SendStreamRequest as _lienthong_v1_SendStreamRequest, SendStreamRequest__Output as _lienthong_v1_SendStreamRequest__Output } from './lienthong/v1/SendStreamRequest.js';
import type { SendStreamResponse as _lienthong_v1_SendStreamResponse, SendStreamResponse__Output as _lienthong_v1_SendStreamResponse__Output } from './lienthong/v1/SendStreamResponse.js';
import type { Signature as _lienthong_v1_Signature, Signature__Output as _lienthong_v1_Signature__Output } from './lienthong/v1/Signature.js';
import type { SignerInfo as _lienthong_v1_SignerInfo, SignerInfo__Output as _lienthong_v1_SignerInfo__Output } from './lienthong/v1/SignerInfo.js';
import type { SkippedRecipient as _lienthong_v1_SkippedRecipient, SkippedRecipient__Output as _lienthong_v1_SkippedRecipient__Output } from './lienthong/v1/SkippedRecipient.js';
import type { StatusReport as _lienthong_v1_StatusReport, StatusReport__Output as _lienthong_v1_StatusReport__Output } from './lienthong/v1/StatusReport.js';
import type { StatusRequest as _lienthong_v1_StatusRequest, StatusRequest__Output as _lienthong_v1_StatusRequest__Output } from './lienthong/v1/StatusRequest.js';
import type { StatusResponse as _lienthong_v1_StatusResponse, StatusResponse__Output as _lienthong_v1_StatusResponse__Output } from './lienthong/v1/StatusResponse.js';
import type { TraceRequest as _lienthong_v1_TraceRequest, TraceRequest__Output as _lienthong_v1_TraceRequest__Output } from './lienthong/v1/TraceRequest.js';
import type { TraceResponse as _lienthong_v1_TraceResponse, TraceResponse__Output as _lienthong_v1_TraceResponse__Output } from './lienthong/v1/TraceResponse.js';
import type { UpdateStatusRequest as _lienthong_v1_UpdateStatusRequest, UpdateStatusRequest__Output as _lienthong_v1_UpdateStatusRequest__Output } from './lienthong/v1/UpdateStatusRequest.js';
import type { UpdateStatusResponse as _lienthong_v1_UpdateStatusResponse, UpdateStatusResponse__Output as _lienthong_v1_UpdateStatusResponse__Output } from './lienthong/v1/UpdateStatusResponse.js';

type SubtypeConstructor<Constructor extends new (...args: any) => any, Subtype> = {
  new(...args: ConstructorParameters<Constructor>): Subtype;
};

export interface ProtoGrpcType {
  lienthong: {
    v1: {
      AcknowledgeRequest: MessageTypeDefinition<_lienthong_v1_AcknowledgeRequest, _lienthong_v1_AcknowledgeRequest__Output>
      AcknowledgeResponse: MessageTypeDefinition<_lienthong_v1_AcknowledgeResponse, _lienthong_v1_AcknowledgeResponse__Output>
      AdminService: SubtypeConstructor<typeof grpc.Client, _lienthong_v1_AdminServiceClient> & { service: _lienthong_v1_AdminServiceDefinition }
      AdminServiceAcknowledgeRequest: MessageTypeDefinition<_lienthong_v1_AdminServiceAcknowledgeRequest, _lienthong_v1_AdminServiceAcknowledgeRequest__Output>
      AdminServiceAcknowledgeResponse: MessageTypeDefinition<_lienthong_v1_AdminServiceAcknowledgeResponse, _lienthong_v1_AdminServiceAcknowledgeResponse__Output>
      AdminServiceExportEdxmlRequest: MessageTypeDefinition<_lienthong_v1_AdminServiceExportEdxmlRequest, _lienthong_v1_AdminServiceExportEdxmlRequest__Output>
      AdminServiceExportEdxmlResponse: MessageTypeDefinition<_lienthong_v1_AdminServiceExportEdxmlResponse, _lienthong_v1_AdminServiceExportEdxmlResponse__Output>
      AdminServiceFetchAttachmentRequest: MessageTypeDefinition<_lienthong_v1_AdminServiceFetchAttachmentRequest, _lienthong_v1_AdminServiceFetchAttachmentRequest__Output>
      AdminServiceFetchAttachmentResponse: MessageTypeDefinition<_lienthong_v1_AdminServiceFetchAttachmentResponse, _lienthong_v1_AdminServiceFetchAttachmentResponse__Output>
      AdminServiceSendEdxmlRequest: MessageTypeDefinition<_lienthong_v1_AdminServiceSendEdxmlRequest, _lienthong_v1_AdminServiceSendEdxmlRequest__Output>
      AdminServiceSendEdxmlResponse: MessageTypeDefinition<_lienthong_v1_AdminServiceSendEdxmlResponse, _lienthong_v1_AdminServiceSendEdxmlResponse__Output>
      AdminServiceSendRequest: MessageTypeDefinition<_lienthong_v1_AdminServiceSendRequest, _lienthong_v1_AdminServiceSendRequest__Output>
      AdminServiceSendResponse: MessageTypeDefinition<_lienthong_v1_AdminServiceSendResponse, _lienthong_v1_AdminServiceSendResponse__Output>
      AdminServiceTraceRequest: MessageTypeDefinition<_lienthong_v1_AdminServiceTraceRequest, _lienthong_v1_AdminServiceTraceRequest__Output>
      AdminServiceTraceResponse: MessageTypeDefinition<_lienthong_v1_AdminServiceTraceResponse, _lienthong_v1_AdminServiceTraceResponse__Output>
      AdminServiceUpdateStatusRequest: MessageTypeDefinition<_lienthong_v1_AdminServiceUpdateStatusRequest, _lienthong_v1_AdminServiceUpdateStatusRequest__Output>
      AdminServiceUpdateStatusResponse: MessageTypeDefinition<_lienthong_v1_AdminServiceUpdateStatusResponse, _lienthong_v1_AdminServiceUpdateStatusResponse__Output>
      AgencyBacklog: MessageTypeDefinition<_lienthong_v1_AgencyBacklog, _lienthong_v1_AgencyBacklog__Output>
      AgencyService: SubtypeConstructor<typeof grpc.Client, _lienthong_v1_AgencyServiceClient> & { service: _lienthong_v1_AgencyServiceDefinition }
      Attachment: MessageTypeDefinition<_lienthong_v1_Attachment, _lienthong_v1_Attachment__Output>
      CertificateInfo: MessageTypeDefinition<_lienthong_v1_CertificateInfo, _lienthong_v1_CertificateInfo__Output>
      Counter: MessageTypeDefinition<_lienthong_v1_Counter, _lienthong_v1_Counter__Output>
      DocumentMeta: MessageTypeDefinition<_lienthong_v1_DocumentMeta, _lienthong_v1_DocumentMeta__Output>
      EarlierDocument: MessageTypeDefinition<_lienthong_v1_EarlierDocument, _lienthong_v1_EarlierDocument__Output>
      EdxmlBusiness: MessageTypeDefinition<_lienthong_v1_EdxmlBusiness, _lienthong_v1_EdxmlBusiness__Output>
      EdxmlInfo: MessageTypeDefinition<_lienthong_v1_EdxmlInfo, _lienthong_v1_EdxmlInfo__Output>
      EdxmlMessageHeader: MessageTypeDefinition<_lienthong_v1_EdxmlMessageHeader, _lienthong_v1_EdxmlMessageHeader__Output>
      EdxmlOrganization: MessageTypeDefinition<_lienthong_v1_EdxmlOrganization, _lienthong_v1_EdxmlOrganization__Output>
      EdxmlReplacementInfo: MessageTypeDefinition<_lienthong_v1_EdxmlReplacementInfo, _lienthong_v1_EdxmlReplacementInfo__Output>
      EdxmlResponseFor: MessageTypeDefinition<_lienthong_v1_EdxmlResponseFor, _lienthong_v1_EdxmlResponseFor__Output>
      EdxmlStaffInfo: MessageTypeDefinition<_lienthong_v1_EdxmlStaffInfo, _lienthong_v1_EdxmlStaffInfo__Output>
      EdxmlStatusInfo: MessageTypeDefinition<_lienthong_v1_EdxmlStatusInfo, _lienthong_v1_EdxmlStatusInfo__Output>
      EdxmlTraceHeader: MessageTypeDefinition<_lienthong_v1_EdxmlTraceHeader, _lienthong_v1_EdxmlTraceHeader__Output>
      ExportEdxmlRequest: MessageTypeDefinition<_lienthong_v1_ExportEdxmlRequest, _lienthong_v1_ExportEdxmlRequest__Output>
      ExportEdxmlResponse: MessageTypeDefinition<_lienthong_v1_ExportEdxmlResponse, _lienthong_v1_ExportEdxmlResponse__Output>
      FetchAttachmentRequest: MessageTypeDefinition<_lienthong_v1_FetchAttachmentRequest, _lienthong_v1_FetchAttachmentRequest__Output>
      FetchAttachmentResponse: MessageTypeDefinition<_lienthong_v1_FetchAttachmentResponse, _lienthong_v1_FetchAttachmentResponse__Output>
      Hop: MessageTypeDefinition<_lienthong_v1_Hop, _lienthong_v1_Hop__Output>
      InboxItem: MessageTypeDefinition<_lienthong_v1_InboxItem, _lienthong_v1_InboxItem__Output>
      InboxRequest: MessageTypeDefinition<_lienthong_v1_InboxRequest, _lienthong_v1_InboxRequest__Output>
      InboxResponse: MessageTypeDefinition<_lienthong_v1_InboxResponse, _lienthong_v1_InboxResponse__Output>
      LinkStatus: MessageTypeDefinition<_lienthong_v1_LinkStatus, _lienthong_v1_LinkStatus__Output>
      Message: MessageTypeDefinition<_lienthong_v1_Message, _lienthong_v1_Message__Output>
      MessageKind: EnumTypeDefinition
      OutboxActionRequest: MessageTypeDefinition<_lienthong_v1_OutboxActionRequest, _lienthong_v1_OutboxActionRequest__Output>
      OutboxActionResponse: MessageTypeDefinition<_lienthong_v1_OutboxActionResponse, _lienthong_v1_OutboxActionResponse__Output>
      OutboxEntry: MessageTypeDefinition<_lienthong_v1_OutboxEntry, _lienthong_v1_OutboxEntry__Output>
      OutboxRequest: MessageTypeDefinition<_lienthong_v1_OutboxRequest, _lienthong_v1_OutboxRequest__Output>
      OutboxResponse: MessageTypeDefinition<_lienthong_v1_OutboxResponse, _lienthong_v1_OutboxResponse__Output>
      PublishRevocationsRequest: MessageTypeDefinition<_lienthong_v1_PublishRevocationsRequest, _lienthong_v1_PublishRevocationsRequest__Output>
      PublishRevocationsResponse: MessageTypeDefinition<_lienthong_v1_PublishRevocationsResponse, _lienthong_v1_PublishRevocationsResponse__Output>
      ReceiveRequest: MessageTypeDefinition<_lienthong_v1_ReceiveRequest, _lienthong_v1_ReceiveRequest__Output>
      ReceiveResponse: MessageTypeDefinition<_lienthong_v1_ReceiveResponse, _lienthong_v1_ReceiveResponse__Output>
      RecipientRoute: MessageTypeDefinition<_lienthong_v1_RecipientRoute, _lienthong_v1_RecipientRoute__Output>
      RecipientState: MessageTypeDefinition<_lienthong_v1_RecipientState, _lienthong_v1_RecipientState__Output>
      RevocationStatus: MessageTypeDefinition<_lienthong_v1_RevocationStatus, _lienthong_v1_RevocationStatus__Output>
      RouteEntry: MessageTypeDefinition<_lienthong_v1_RouteEntry, _lienthong_v1_RouteEntry__Output>
      RoutesRequest: MessageTypeDefinition<_lienthong_v1_RoutesRequest, _lienthong_v1_RoutesRequest__Output>
      RoutesResponse: MessageTypeDefinition<_lienthong_v1_RoutesResponse, _lienthong_v1_RoutesResponse__Output>
      SendEdxmlOptions: MessageTypeDefinition<_lienthong_v1_SendEdxmlOptions, _lienthong_v1_SendEdxmlOptions__Output>
      SendEdxmlRequest: MessageTypeDefinition<_lienthong_v1_SendEdxmlRequest, _lienthong_v1_SendEdxmlRequest__Output>
      SendEdxmlResponse: MessageTypeDefinition<_lienthong_v1_SendEdxmlResponse, _lienthong_v1_SendEdxmlResponse__Output>
      SendRequest: MessageTypeDefinition<_lienthong_v1_SendRequest, _lienthong_v1_SendRequest__Output>
      SendResponse: MessageTypeDefinition<_lienthong_v1_SendResponse, _lienthong_v1_SendResponse__Output>
      SendStreamRequest: MessageTypeDefinition<_lienthong_v1_SendStreamRequest, _lienthong_v1_SendStreamRequest__Output>
      SendStreamResponse: MessageTypeDefinition<_lienthong_v1_SendStreamResponse, _lienthong_v1_SendStreamResponse__Output>
      Signature: MessageTypeDefinition<_lienthong_v1_Signature, _lienthong_v1_Signature__Output>
      SignerInfo: MessageTypeDefinition<_lienthong_v1_SignerInfo, _lienthong_v1_SignerInfo__Output>
      SkippedRecipient: MessageTypeDefinition<_lienthong_v1_SkippedRecipient, _lienthong_v1_SkippedRecipient__Output>
      StatusReport: MessageTypeDefinition<_lienthong_v1_StatusReport, _lienthong_v1_StatusReport__Output>
      StatusRequest: MessageTypeDefinition<_lienthong_v1_StatusRequest, _lienthong_v1_StatusRequest__Output>
      StatusResponse: MessageTypeDefinition<_lienthong_v1_StatusResponse, _lienthong_v1_StatusResponse__Output>
      TraceRequest: MessageTypeDefinition<_lienthong_v1_TraceRequest, _lienthong_v1_TraceRequest__Output>
      TraceResponse: MessageTypeDefinition<_lienthong_v1_TraceResponse, _lienthong_v1_TraceResponse__Output>
      UpdateStatusRequest: MessageTypeDefinition<_lienthong_v1_UpdateStatusRequest, _lienthong_v1_UpdateStatusRequest__Output>
      UpdateStatusResponse: MessageTypeDefinition<_lienthong_v1_UpdateStatusResponse, _lienthong_v1_UpdateStatusResponse__Output>
    }
  }
}

