// Original file: proto/lienthong/v1/admin.proto

import type { Long } from '@grpc/proto-loader';

export interface InboxRequest {
  'agency'?: (string);
  'includeAcknowledged'?: (boolean);
  'limit'?: (number);
  'withBodies'?: (boolean);
  'afterSeq'?: (number | string | Long);
}

export interface InboxRequest__Output {
  'agency': (string);
  'includeAcknowledged': (boolean);
  'limit': (number);
  'withBodies': (boolean);
  'afterSeq': (number);
}
