import type * as grpc from '@grpc/grpc-js';
import type { EnumTypeDefinition, MessageTypeDefinition } from '@grpc/proto-loader';

import type { Attachment as _lienthong_v1_Attachment, Attachment__Output as _lienthong_v1_Attachment__Output } from './lienthong/v1/Attachment.js';
import type { AttachmentChunk as _lienthong_v1_AttachmentChunk, AttachmentChunk__Output as _lienthong_v1_AttachmentChunk__Output } from './lienthong/v1/AttachmentChunk.js';
import type { AttachmentOffer as _lienthong_v1_AttachmentOffer, AttachmentOffer__Output as _lienthong_v1_AttachmentOffer__Output } from './lienthong/v1/AttachmentOffer.js';
import type { AttachmentStatus as _lienthong_v1_AttachmentStatus, AttachmentStatus__Output as _lienthong_v1_AttachmentStatus__Output } from './lienthong/v1/AttachmentStatus.js';
import type { ConnectRequest as _lienthong_v1_ConnectRequest, ConnectRequest__Output as _lienthong_v1_ConnectRequest__Output } from './lienthong/v1/ConnectRequest.js';
import type { ConnectResponse as _lienthong_v1_ConnectResponse, ConnectResponse__Output as _lienthong_v1_ConnectResponse__Output } from './lienthong/v1/ConnectResponse.js';
import type { DocumentMeta as _lienthong_v1_DocumentMeta, DocumentMeta__Output as _lienthong_v1_DocumentMeta__Output } from './lienthong/v1/DocumentMeta.js';
import type { EdxmlBusiness as _lienthong_v1_EdxmlBusiness, EdxmlBusiness__Output as _lienthong_v1_EdxmlBusiness__Output } from './lienthong/v1/EdxmlBusiness.js';
import type { EdxmlInfo as _lienthong_v1_EdxmlInfo, EdxmlInfo__Output as _lienthong_v1_EdxmlInfo__Output } from './lienthong/v1/EdxmlInfo.js';
import type { EdxmlMessageHeader as _lienthong_v1_EdxmlMessageHeader, EdxmlMessageHeader__Output as _lienthong_v1_EdxmlMessageHeader__Output } from './lienthong/v1/EdxmlMessageHeader.js';
import type { EdxmlOrganization as _lienthong_v1_EdxmlOrganization, EdxmlOrganization__Output as _lienthong_v1_EdxmlOrganization__Output } from './lienthong/v1/EdxmlOrganization.js';
import type { EdxmlReplacementInfo as _lienthong_v1_EdxmlReplacementInfo, EdxmlReplacementInfo__Output as _lienthong_v1_EdxmlReplacementInfo__Output } from './lienthong/v1/EdxmlReplacementInfo.js';
import type { EdxmlResponseFor as _lienthong_v1_EdxmlResponseFor, EdxmlResponseFor__Output as _lienthong_v1_EdxmlResponseFor__Output } from './lienthong/v1/EdxmlResponseFor.js';
import type { EdxmlStaffInfo as _lienthong_v1_EdxmlStaffInfo, EdxmlStaffInfo__Output as _lienthong_v1_EdxmlStaffInfo__Output } from './lienthong/v1/EdxmlStaffInfo.js';
import type { EdxmlStatusInfo as _lienthong_v1_EdxmlStatusInfo, EdxmlStatusInfo__Output as _lienthong_v1_EdxmlStatusInfo__Output } from './lienthong/v1/EdxmlStatusInfo.js';
import type { EdxmlTraceHeader as _lienthong_v1_EdxmlTraceHeader, EdxmlTraceHeader__Output as _lienthong_v1_EdxmlTraceHeader__Output } from './lienthong/v1/EdxmlTraceHeader.js';
import type { Goodbye as _lienthong_v1_Goodbye, Goodbye__Output as _lienthong_v1_Goodbye__Output } from './lienthong/v1/Goodbye.js';
import type { Hello as _lienthong_v1_Hello, Hello__Output as _lienthong_v1_Hello__Output } from './lienthong/v1/Hello.js';
import type { Hop as _lienthong_v1_Hop, Hop__Output as _lienthong_v1_Hop__Output } from './lienthong/v1/Hop.js';
import type { LinkFrame as _lienthong_v1_LinkFrame, LinkFrame__Output as _lienthong_v1_LinkFrame__Output } from './lienthong/v1/LinkFrame.js';
import type { LinkServiceClient as _lienthong_v1_LinkServiceClient, LinkServiceDefinition as _lienthong_v1_LinkServiceDefinition } from './lienthong/v1/LinkService.js';
import type { LinkSummary as _lienthong_v1_LinkSummary, LinkSummary__Output as _lienthong_v1_LinkSummary__Output } from './lienthong/v1/LinkSummary.js';
import type { Message as _lienthong_v1_Message, Message__Output as _lienthong_v1_Message__Output } from './lienthong/v1/Message.js';
import type { NodeReport as _lienthong_v1_NodeReport, NodeReport__Output as _lienthong_v1_NodeReport__Output } from './lienthong/v1/NodeReport.js';
import type { NodeSummary as _lienthong_v1_NodeSummary, NodeSummary__Output as _lienthong_v1_NodeSummary__Output } from './lienthong/v1/NodeSummary.js';
import type { RevocationList as _lienthong_v1_RevocationList, RevocationList__Output as _lienthong_v1_RevocationList__Output } from './lienthong/v1/RevocationList.js';
import type { Signature as _lienthong_v1_Signature, Signature__Output as _lienthong_v1_Signature__Output } from './lienthong/v1/Signature.js';
import type { SignerInfo as _lienthong_v1_SignerInfo, SignerInfo__Output as _lienthong_v1_SignerInfo__Output } from './lienthong/v1/SignerInfo.js';
import type { StatusReport as _lienthong_v1_StatusReport, StatusReport__Output as _lienthong_v1_StatusReport__Output } from './lienthong/v1/StatusReport.js';
import type { Transfer as _lienthong_v1_Transfer, Transfer__Output as _lienthong_v1_Transfer__Output } from './lienthong/v1/Transfer.js';
import type { TransferAck as _lienthong_v1_TransferAck, TransferAck__Output as _lienthong_v1_TransferAck__Output } from './lienthong/v1/TransferAck.js';
import type { TransferAcks as _lienthong_v1_TransferAcks, TransferAcks__Output as _lienthong_v1_TransferAcks__Output } from './lienthong/v1/TransferAcks.js';
import type { TransferBatch as _lienthong_v1_TransferBatch, TransferBatch__Output as _lienthong_v1_TransferBatch__Output } from './lienthong/v1/TransferBatch.js';

type SubtypeConstructor<Constructor extends new (...args: any) => any, Subtype> = {
  new(...args: ConstructorParameters<Constructor>): Subtype;
};

export interface ProtoGrpcType {
  lienthong: {
    v1: {
      AckResult: EnumTypeDefinition
      Attachment: MessageTypeDefinition<_lienthong_v1_Attachment, _lienthong_v1_Attachment__Output>
      AttachmentChunk: MessageTypeDefinition<_lienthong_v1_AttachmentChunk, _lienthong_v1_AttachmentChunk__Output>
      AttachmentOffer: MessageTypeDefinition<_lienthong_v1_AttachmentOffer, _lienthong_v1_AttachmentOffer__Output>
      AttachmentStatus: MessageTypeDefinition<_lienthong_v1_AttachmentStatus, _lienthong_v1_AttachmentStatus__Output>
      ConnectRequest: MessageTypeDefinition<_lienthong_v1_ConnectRequest, _lienthong_v1_ConnectRequest__Output>
      ConnectResponse: MessageTypeDefinition<_lienthong_v1_ConnectResponse, _lienthong_v1_ConnectResponse__Output>
      DocumentMeta: MessageTypeDefinition<_lienthong_v1_DocumentMeta, _lienthong_v1_DocumentMeta__Output>
      EdxmlBusiness: MessageTypeDefinition<_lienthong_v1_EdxmlBusiness, _lienthong_v1_EdxmlBusiness__Output>
      EdxmlInfo: MessageTypeDefinition<_lienthong_v1_EdxmlInfo, _lienthong_v1_EdxmlInfo__Output>
      EdxmlMessageHeader: MessageTypeDefinition<_lienthong_v1_EdxmlMessageHeader, _lienthong_v1_EdxmlMessageHeader__Output>
      EdxmlOrganization: MessageTypeDefinition<_lienthong_v1_EdxmlOrganization, _lienthong_v1_EdxmlOrganization__Output>
      EdxmlReplacementInfo: MessageTypeDefinition<_lienthong_v1_EdxmlReplacementInfo, _lienthong_v1_EdxmlReplacementInfo__Output>
      EdxmlResponseFor: MessageTypeDefinition<_lienthong_v1_EdxmlResponseFor, _lienthong_v1_EdxmlResponseFor__Output>
      EdxmlStaffInfo: MessageTypeDefinition<_lienthong_v1_EdxmlStaffInfo, _lienthong_v1_EdxmlStaffInfo__Output>
      EdxmlStatusInfo: MessageTypeDefinition<_lienthong_v1_EdxmlStatusInfo, _lienthong_v1_EdxmlStatusInfo__Output>
      EdxmlTraceHeader: MessageTypeDefinition<_lienthong_v1_EdxmlTraceHeader, _lienthong_v1_EdxmlTraceHeader__Output>
      Goodbye: MessageTypeDefinition<_lienthong_v1_Goodbye, _lienthong_v1_Goodbye__Output>
      Hello: MessageTypeDefinition<_lienthong_v1_Hello, _lienthong_v1_Hello__Output>
      Hop: MessageTypeDefinition<_lienthong_v1_Hop, _lienthong_v1_Hop__Output>
      LinkFrame: MessageTypeDefinition<_lienthong_v1_LinkFrame, _lienthong_v1_LinkFrame__Output>
      LinkService: SubtypeConstructor<typeof grpc.Client, _lienthong_v1_LinkServiceClient> & { service: _lienthong_v1_LinkServiceDefinition }
      LinkSummary: MessageTypeDefinition<_lienthong_v1_LinkSummary, _lienthong_v1_LinkSummary__Output>
      Message: MessageTypeDefinition<_lienthong_v1_Message, _lienthong_v1_Message__Output>
      MessageKind: EnumTypeDefinition
      NodeReport: MessageTypeDefinition<_lienthong_v1_NodeReport, _lienthong_v1_NodeReport__Output>
      NodeSummary: MessageTypeDefinition<_lienthong_v1_NodeSummary, _lienthong_v1_NodeSummary__Output>
      RevocationList: MessageTypeDefinition<_lienthong_v1_RevocationList, _lienthong_v1_RevocationList__Output>
      Signature: MessageTypeDefinition<_lienthong_v1_Signature, _lienthong_v1_Signature__Output>
      SignerInfo: MessageTypeDefinition<_lienthong_v1_SignerInfo, _lienthong_v1_SignerInfo__Output>
      StatusReport: MessageTypeDefinition<_lienthong_v1_StatusReport, _lienthong_v1_StatusReport__Output>
      Transfer: MessageTypeDefinition<_lienthong_v1_Transfer, _lienthong_v1_Transfer__Output>
      TransferAck: MessageTypeDefinition<_lienthong_v1_TransferAck, _lienthong_v1_TransferAck__Output>
      TransferAcks: MessageTypeDefinition<_lienthong_v1_TransferAcks, _lienthong_v1_TransferAcks__Output>
      TransferBatch: MessageTypeDefinition<_lienthong_v1_TransferBatch, _lienthong_v1_TransferBatch__Output>
    }
  }
}

