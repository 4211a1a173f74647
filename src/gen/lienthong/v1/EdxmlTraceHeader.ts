// Original file: proto/lienthong/v1/message.proto

import type { Long } from '@grpc/proto-loader';

export interface EdxmlTraceHeader {
  'organId'?: (string);
  'timestampMs'?: (number | string | Long);
}

export interface EdxmlTraceHeader__Output {
  'organId': (string);
  'timestampMs': (number);
}
