// Original file: proto/lienthong/v1/agency.proto

import type { Long } from '@grpc/proto-loader';

export interface FetchAttachmentResponse {
  'offset'?: (number | string | Long);
  'data'?: (Buffer | Uint8Array | string);
}

export interface FetchAttachmentResponse__Output {
  'offset': (number);
  'data': (Buffer);
}
