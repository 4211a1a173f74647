// Original file: proto/lienthong/v1/agency.proto

import type { Long } from '@grpc/proto-loader';

export interface FetchAttachmentRequest {
  'messageId'?: (string);
  'sha256'?: (string);
  'offset'?: (number | string | Long);
  'agency'?: (string);
}

export interface FetchAttachmentRequest__Output {
  'messageId': (string);
  'sha256': (string);
  'offset': (number);
  'agency': (string);
}
