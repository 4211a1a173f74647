// Original file: proto/lienthong/v1/agency.proto

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
}

export interface SendEdxmlOptions__Output {
  'messageId': (string);
  'expirySeconds': (number);
  'agency': (string);
  'files': (_lienthong_v1_SendEdxmlOptions_DeclaredFile__Output)[];
}
