// Original file: proto/lienthong/v1/admin.proto

import type { Long } from '@grpc/proto-loader';

export interface OutboxEntry {
  'id'?: (number | string | Long);
  'messageId'?: (string);
  'nextHop'?: (string);
  'recipients'?: (string)[];
  'priority'?: (number);
  'state'?: (string);
  'attempts'?: (number);
  'nextAttemptAtMs'?: (number | string | Long);
  'lastError'?: (string);
  'createdAtMs'?: (number | string | Long);
  'expiresAtMs'?: (number | string | Long);
  'sender'?: (string);
  'size'?: (number | string | Long);
}

export interface OutboxEntry__Output {
  'id': (number);
  'messageId': (string);
  'nextHop': (string);
  'recipients': (string)[];
  'priority': (number);
  'state': (string);
  'attempts': (number);
  'nextAttemptAtMs': (number);
  'lastError': (string);
  'createdAtMs': (number);
  'expiresAtMs': (number);
  'sender': (string);
  'size': (number);
}
