// Original file: proto/lienthong/v1/link.proto

import type { Long } from '@grpc/proto-loader';

export interface AttachmentStatus {
  'sha256'?: (string);
  'committed'?: (number | string | Long);
  'complete'?: (boolean);
  'errorCode'?: (string);
  'errorMessage'?: (string);
}

export interface AttachmentStatus__Output {
  'sha256': (string);
  'committed': (number);
  'complete': (boolean);
  'errorCode': (string);
  'errorMessage': (string);
}
