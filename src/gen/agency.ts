import type * as grpc from '@grpc/grpc-js';
import type { EnumTypeDefinition, MessageTypeDefinition } from '@grpc/proto-loader';

import type { AcknowledgeRequest as _lienthong_v1_AcknowledgeRequest, AcknowledgeRequest__Output as _lienthong_v1_AcknowledgeRequest__Output } from './lienthong/v1/AcknowledgeRequest.js';
import type { AcknowledgeResponse as _lienthong_v1_AcknowledgeResponse, AcknowledgeResponse__Output as _lienthong_v1_AcknowledgeResponse__Output } from './lienthong/v1/AcknowledgeResponse.js';
import type { AgencyServiceClient as _lienthong_v1_AgencyServiceClient, AgencyServiceDefinition as _lienthong_v1_AgencyServiceDefinition } from './lienthong/v1/AgencyService.js';
import type { DocumentMeta as _lienthong_v1_DocumentMeta, DocumentMeta__Output as _lienthong_v1_DocumentMeta__Output } from './lienthong/v1/DocumentMeta.js';
import type { Hop as _lienthong_v1_Hop, Hop__Output as _lienthong_v1_Hop__Output } from './lienthong/v1/Hop.js';
import type { InboxItem as _lienthong_v1_InboxItem, InboxItem__Output as _lienthong_v1_InboxItem__Output } from './lienthong/v1/InboxItem.js';
import type { Message as _lienthong_v1_Message, Message__Output as _lienthong_v1_Message__Output } from './lienthong/v1/Message.js';
import type { ReceiveRequest as _lienthong_v1_ReceiveRequest, ReceiveRequest__Output as _lienthong_v1_ReceiveRequest__Output } from './lienthong/v1/ReceiveRequest.js';
import type { ReceiveResponse as _lienthong_v1_ReceiveResponse, ReceiveResponse__Output as _lienthong_v1_ReceiveResponse__Output } from './lienthong/v1/ReceiveResponse.js';
import type { RecipientRoute as _lienthong_v1_RecipientRoute, RecipientRoute__Output as _lienthong_v1_RecipientRoute__Output } from './lienthong/v1/RecipientRoute.js';
import type { RecipientState as _lienthong_v1_RecipientState, RecipientState__Output as _lienthong_v1_RecipientState__Output } from './lienthong/v1/RecipientState.js';
import type { SendRequest as _lienthong_v1_SendRequest, SendRequest__Output as _lienthong_v1_SendRequest__Output } from './lienthong/v1/SendRequest.js';
import type { SendResponse as _lienthong_v1_SendResponse, SendResponse__Output as _lienthong_v1_SendResponse__Output } from './lienthong/v1/SendResponse.js';
import type { SendStreamRequest as _lienthong_v1_SendStreamRequest, SendStreamRequest__Output as _lienthong_v1_SendStreamRequest__Output } from './lienthong/v1/SendStreamRequest.js';
import type { SendStreamResponse as _lienthong_v1_SendStreamResponse, SendStreamResponse__Output as _lienthong_v1_SendStreamResponse__Output } from './lienthong/v1/SendStreamResponse.js';
import type { StatusReport as _lienthong_v1_StatusReport, StatusReport__Output as _lienthong_v1_StatusReport__Output } from './lienthong/v1/StatusReport.js';
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
      AgencyService: SubtypeConstructor<typeof grpc.Client, _lienthong_v1_AgencyServiceClient> & { service: _lienthong_v1_AgencyServiceDefinition }
      DocumentMeta: MessageTypeDefinition<_lienthong_v1_DocumentMeta, _lienthong_v1_DocumentMeta__Output>
      Hop: MessageTypeDefinition<_lienthong_v1_Hop, _lienthong_v1_Hop__Output>
      InboxItem: MessageTypeDefinition<_lienthong_v1_InboxItem, _lienthong_v1_InboxItem__Output>
      Message: MessageTypeDefinition<_lienthong_v1_Message, _lienthong_v1_Message__Output>
      MessageKind: EnumTypeDefinition
      ReceiveRequest: MessageTypeDefinition<_lienthong_v1_ReceiveRequest, _lienthong_v1_ReceiveRequest__Output>
      ReceiveResponse: MessageTypeDefinition<_lienthong_v1_ReceiveResponse, _lienthong_v1_ReceiveResponse__Output>
      RecipientRoute: MessageTypeDefinition<_lienthong_v1_RecipientRoute, _lienthong_v1_RecipientRoute__Output>
      RecipientState: MessageTypeDefinition<_lienthong_v1_RecipientState, _lienthong_v1_RecipientState__Output>
      SendRequest: MessageTypeDefinition<_lienthong_v1_SendRequest, _lienthong_v1_SendRequest__Output>
      SendResponse: MessageTypeDefinition<_lienthong_v1_SendResponse, _lienthong_v1_SendResponse__Output>
      SendStreamRequest: MessageTypeDefinition<_lienthong_v1_SendStreamRequest, _lienthong_v1_SendStreamRequest__Output>
      SendStreamResponse: MessageTypeDefinition<_lienthong_v1_SendStreamResponse, _lienthong_v1_SendStreamResponse__Output>
      StatusReport: MessageTypeDefinition<_lienthong_v1_StatusReport, _lienthong_v1_StatusReport__Output>
      TraceRequest: MessageTypeDefinition<_lienthong_v1_TraceRequest, _lienthong_v1_TraceRequest__Output>
      TraceResponse: MessageTypeDefinition<_lienthong_v1_TraceResponse, _lienthong_v1_TraceResponse__Output>
      UpdateStatusRequest: MessageTypeDefinition<_lienthong_v1_UpdateStatusRequest, _lienthong_v1_UpdateStatusRequest__Output>
      UpdateStatusResponse: MessageTypeDefinition<_lienthong_v1_UpdateStatusResponse, _lienthong_v1_UpdateStatusResponse__Output>
    }
  }
}

