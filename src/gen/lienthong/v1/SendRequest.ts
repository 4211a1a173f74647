// Original file: proto/lienthong/v1/agency.proto

import type { DocumentMeta as _lienthong_v1_DocumentMeta, DocumentMeta__Output as _lienthong_v1_DocumentMeta__Output } from '../../lienthong/v1/DocumentMeta.js';
import type { Signature as _lienthong_v1_Signature, Signature__Output as _lienthong_v1_Signature__Output } from '../../lienthong/v1/Signature.js';
import type { Long } from '@grpc/proto-loader';

export interface SendRequest {
  'from'?: (string);
  'to'?: (string)[];
  'priority'?: (number);
  'document'?: (_lienthong_v1_DocumentMeta | null);
  'body'?: (Buffer | Uint8Array | string);
  'messageId'?: (string);
  'expirySeconds'?: (number);
  'signature'?: (_lienthong_v1_Signature | null);
  'createdAtMs'?: (number | string | Long);
  'expiresAtMs'?: (number | string | Long);
}

export interface SendRequest__Output {
  'from': (string);
  'to': (string)[];
  'priority': (number);
  'document': (_lienthong_v1_DocumentMeta__Output | null);
  'body': (Buffer);
  'messageId': (string);
  'expirySeconds': (number);
  'signature': (_lienthong_v1_Signature__Output | null);
  'createdAtMs': (number);
  'expiresAtMs': (number);
}
