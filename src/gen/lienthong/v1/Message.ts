// Original file: proto/lienthong/v1/message.proto

import type { MessageKind as _lienthong_v1_MessageKind, MessageKind__Output as _lienthong_v1_MessageKind__Output } from '../../lienthong/v1/MessageKind.js';
import type { DocumentMeta as _lienthong_v1_DocumentMeta, DocumentMeta__Output as _lienthong_v1_DocumentMeta__Output } from '../../lienthong/v1/DocumentMeta.js';
import type { StatusReport as _lienthong_v1_StatusReport, StatusReport__Output as _lienthong_v1_StatusReport__Output } from '../../lienthong/v1/StatusReport.js';
import type { Attachment as _lienthong_v1_Attachment, Attachment__Output as _lienthong_v1_Attachment__Output } from '../../lienthong/v1/Attachment.js';
import type { EdxmlInfo as _lienthong_v1_EdxmlInfo, EdxmlInfo__Output as _lienthong_v1_EdxmlInfo__Output } from '../../lienthong/v1/EdxmlInfo.js';
import type { Signature as _lienthong_v1_Signature, Signature__Output as _lienthong_v1_Signature__Output } from '../../lienthong/v1/Signature.js';
import type { EdxmlStatusInfo as _lienthong_v1_EdxmlStatusInfo, EdxmlStatusInfo__Output as _lienthong_v1_EdxmlStatusInfo__Output } from '../../lienthong/v1/EdxmlStatusInfo.js';
import type { Long } from '@grpc/proto-loader';

export interface Message {
  'id'?: (string);
  'kind'?: (_lienthong_v1_MessageKind);
  'from'?: (string);
  'to'?: (string)[];
  'priority'?: (number);
  'createdAtMs'?: (number | string | Long);
  'expiresAtMs'?: (number | string | Long);
  'document'?: (_lienthong_v1_DocumentMeta | null);
  'status'?: (_lienthong_v1_StatusReport | null);
  'body'?: (Buffer | Uint8Array | string);
  'bodySha256'?: (string);
  'attachments'?: (_lienthong_v1_Attachment)[];
  'edxml'?: (_lienthong_v1_EdxmlInfo | null);
  'signature'?: (_lienthong_v1_Signature | null);
  'edxmlStatus'?: (_lienthong_v1_EdxmlStatusInfo | null);
}

export interface Message__Output {
  'id': (string);
  'kind': (_lienthong_v1_MessageKind__Output);
  'from': (string);
  'to': (string)[];
  'priority': (number);
  'createdAtMs': (number);
  'expiresAtMs': (number);
  'document': (_lienthong_v1_DocumentMeta__Output | null);
  'status': (_lienthong_v1_StatusReport__Output | null);
  'body': (Buffer);
  'bodySha256': (string);
  'attachments': (_lienthong_v1_Attachment__Output)[];
  'edxml': (_lienthong_v1_EdxmlInfo__Output | null);
  'signature': (_lienthong_v1_Signature__Output | null);
  'edxmlStatus': (_lienthong_v1_EdxmlStatusInfo__Output | null);
}
