// Original file: proto/lienthong/v1/agency.proto

import type { Signature as _lienthong_v1_Signature, Signature__Output as _lienthong_v1_Signature__Output } from '../../lienthong/v1/Signature.js';
import type { Long } from '@grpc/proto-loader';

export interface _lienthong_v1_SendEdxmlOptions_DeclaredFile {
  'contentId'?: (string);
  'sha256'?: (string);
  'size'?: (number | string | Long);
}

export interface _lienthong_v1_SendEdxmlOptions_DeclaredFile__Output {
  'contentId': (string);
  'sha256': (string);
  'size': (number);
}

export interface SendEdxmlOptions {
  'messageId'?: (string);
  'expirySeconds'?: (number);
  'agency'?: (string);
  'files'?: (_lienthong_v1_SendEdxmlOptions_DeclaredFile)[];
  'signature'?: (_lienthong_v1_Signature | null);
  'createdAtMs'?: (number | string | Long);
  'expiresAtMs'?: (number | string | Long);
  'formOnly'?: (boolean);
}

export interface SendEdxmlOptions__Output {
  'messageId': (string);
  'expirySeconds': (number);
  'agency': (string);
  'files': (_lienthong_v1_SendEdxmlOptions_DeclaredFile__Output)[];
  'signature': (_lienthong_v1_Signature__Output | null);
  'createdAtMs': (number);
  'expiresAtMs': (number);
  'formOnly': (boolean);
}
