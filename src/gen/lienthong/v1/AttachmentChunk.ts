// Original file: proto/lienthong/v1/link.proto

import type { Long } from '@grpc/proto-loader';

export interface AttachmentChunk {
  'sha256'?: (string);
  'offset'?: (number | string | Long);
  'data'?: (Buffer | Uint8Array | string);
}

export interface AttachmentChunk__Output {
  'sha256': (string);
  'offset': (number);
  'data': (Buffer);
}
