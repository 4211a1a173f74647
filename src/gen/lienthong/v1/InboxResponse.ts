// Original file: proto/lienthong/v1/admin.proto

import type { InboxItem as _lienthong_v1_InboxItem, InboxItem__Output as _lienthong_v1_InboxItem__Output } from '../../lienthong/v1/InboxItem.js';

export interface InboxResponse {
  'items'?: (_lienthong_v1_InboxItem)[];
}

export interface InboxResponse__Output {
  'items': (_lienthong_v1_InboxItem__Output)[];
}
