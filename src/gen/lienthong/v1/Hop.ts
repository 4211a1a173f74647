// Original file: proto/lienthong/v1/message.proto

import type { Long } from '@grpc/proto-loader';

export interface Hop {
  'nodeCode'?: (string);
  'atMs'?: (number | string | Long);
}

export interface Hop__Output {
  'nodeCode': (string);
  'atMs': (number);
}
