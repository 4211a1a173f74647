// Original file: proto/lienthong/v1/link.proto

import type { Long } from '@grpc/proto-loader';

export interface AttachmentOffer {
  'sha256'?: (string);
  'size'?: (number | string | Long);
  'recipients'?: (string)[];
  'messageId'?: (string);
  'sender'?: (string);
}

export interface AttachmentOffer__Output {
  'sha256': (string);
  'size': (number);
  'recipients': (string)[];
  'messageId': (string);
  'sender': (string);
}
