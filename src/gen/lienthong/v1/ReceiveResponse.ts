// Original file: proto/lienthong/v1/agency.proto

import type { InboxItem as _lienthong_v1_InboxItem, InboxItem__Output as _lienthong_v1_InboxItem__Output } from '../../lienthong/v1/InboxItem.js';

export interface ReceiveResponse {
  'item'?: (_lienthong_v1_InboxItem | null);
}

export interface ReceiveResponse__Output {
  'item': (_lienthong_v1_InboxItem__Output | null);
}
