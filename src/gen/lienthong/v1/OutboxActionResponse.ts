// Original file: proto/lienthong/v1/admin.proto

import type { Long } from '@grpc/proto-loader';

export interface OutboxActionResponse {
  'affected'?: (number);
  'unknownIds'?: (number | string | Long)[];
  'unroutable'?: (string)[];
  'moved'?: (number);
}

export interface OutboxActionResponse__Output {
  'affected': (number);
  'unknownIds': (number)[];
  'unroutable': (string)[];
  'moved': (number);
}
