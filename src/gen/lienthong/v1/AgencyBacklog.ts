// Original file: proto/lienthong/v1/admin.proto

import type { Long } from '@grpc/proto-loader';

export interface AgencyBacklog {
  'agency'?: (string);
  'items'?: (number);
  'oldestMs'?: (number | string | Long);
}

export interface AgencyBacklog__Output {
  'agency': (string);
  'items': (number);
  'oldestMs': (number);
}
