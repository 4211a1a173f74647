// Original file: proto/lienthong/v1/agency.proto

import type { Long } from '@grpc/proto-loader';

export interface RecipientState {
  'recipient'?: (string);
  'state'?: (string);
  'nextHop'?: (string);
  'updatedAtMs'?: (number | string | Long);
  'detail'?: (string);
}

export interface RecipientState__Output {
  'recipient': (string);
  'state': (string);
  'nextHop': (string);
  'updatedAtMs': (number);
  'detail': (string);
}
