// Original file: proto/lienthong/v1/admin.proto

import type { Long } from '@grpc/proto-loader';

export interface AdminServiceFetchAttachmentRequest {
  'messageId'?: (string);
  'sha256'?: (string);
  'offset'?: (number | string | Long);
  'agency'?: (string);
}

export interface AdminServiceFetchAttachmentRequest__Output {
  'messageId': (string);
  'sha256': (string);
  'offset': (number);
  'agency': (string);
}
