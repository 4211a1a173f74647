// Original file: proto/lienthong/v1/admin.proto

import type { Long } from '@grpc/proto-loader';

export interface OutboxActionRequest {
  'action'?: (string);
  'ids'?: (number | string | Long)[];
  'nextHop'?: (string);
}

export interface OutboxActionRequest__Output {
  'action': (string);
  'ids': (number)[];
  'nextHop': (string);
}
