// Original file: proto/lienthong/v1/admin.proto

import type { Long } from '@grpc/proto-loader';

export interface LinkStatus {
  'peerCode'?: (string);
  'role'?: (string);
  'state'?: (string);
  'sinceMs'?: (number | string | Long);
  'address'?: (string);
  'outboxDepth'?: (number);
  'oldestMs'?: (number | string | Long);
  'lastError'?: (string);
  'inflight'?: (number);
  'reconnects'?: (number);
}

export interface LinkStatus__Output {
  'peerCode': (string);
  'role': (string);
  'state': (string);
  'sinceMs': (number);
  'address': (string);
  'outboxDepth': (number);
  'oldestMs': (number);
  'lastError': (string);
  'inflight': (number);
  'reconnects': (number);
}
