// Original file: proto/lienthong/v1/admin.proto

import type { OutboxEntry as _lienthong_v1_OutboxEntry, OutboxEntry__Output as _lienthong_v1_OutboxEntry__Output } from '../../lienthong/v1/OutboxEntry.js';

export interface OutboxResponse {
  'entries'?: (_lienthong_v1_OutboxEntry)[];
  'total'?: (number);
}

export interface OutboxResponse__Output {
  'entries': (_lienthong_v1_OutboxEntry__Output)[];
  'total': (number);
}
