// Original file: proto/lienthong/v1/agency.proto

import type { DocumentMeta as _lienthong_v1_DocumentMeta, DocumentMeta__Output as _lienthong_v1_DocumentMeta__Output } from '../../lienthong/v1/DocumentMeta.js';

export interface SendRequest {
  'from'?: (string);
  'to'?: (string)[];
  'priority'?: (number);
  'document'?: (_lienthong_v1_DocumentMeta | null);
  'body'?: (Buffer | Uint8Array | string);
  'messageId'?: (string);
  'expirySeconds'?: (number);
}

export interface SendRequest__Output {
  'from': (string);
  'to': (string)[];
  'priority': (number);
  'document': (_lienthong_v1_DocumentMeta__Output | null);
  'body': (Buffer);
  'messageId': (string);
  'expirySeconds': (number);
}
