// Original file: proto/lienthong/v1/link.proto

import type { Long } from '@grpc/proto-loader';

export interface LinkSummary {
  'peer'?: (string);
  'role'?: (string);
  'state'?: (string);
  'outboxDepth'?: (number);
  'oldestAgeMs'?: (number | string | Long);
  'lastError'?: (string);
}

export interface LinkSummary__Output {
  'peer': (string);
  'role': (string);
  'state': (string);
  'outboxDepth': (number);
  'oldestAgeMs': (number);
  'lastError': (string);
}
