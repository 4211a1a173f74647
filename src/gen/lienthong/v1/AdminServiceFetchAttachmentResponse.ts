// Original file: proto/lienthong/v1/admin.proto

import type { Long } from '@grpc/proto-loader';

export interface AdminServiceFetchAttachmentResponse {
  'offset'?: (number | string | Long);
  'data'?: (Buffer | Uint8Array | string);
}

export interface AdminServiceFetchAttachmentResponse__Output {
  'offset': (number);
  'data': (Buffer);
}
