// Original file: proto/lienthong/v1/message.proto

import type { Long } from '@grpc/proto-loader';

export interface Attachment {
  'contentId'?: (string);
  'contentType'?: (string);
  'description'?: (string);
  'attachmentName'?: (string);
  'sha256'?: (string);
  'size'?: (number | string | Long);
}

export interface Attachment__Output {
  'contentId': (string);
  'contentType': (string);
  'description': (string);
  'attachmentName': (string);
  'sha256': (string);
  'size': (number);
}
