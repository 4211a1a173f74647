// Original file: proto/lienthong/v1/admin.proto

import type { RecipientRoute as _lienthong_v1_RecipientRoute, RecipientRoute__Output as _lienthong_v1_RecipientRoute__Output } from '../../lienthong/v1/RecipientRoute.js';

export interface AdminServiceSendResponse {
  'messageId'?: (string);
  'duplicate'?: (boolean);
  'routes'?: (_lienthong_v1_RecipientRoute)[];
}

export interface AdminServiceSendResponse__Output {
  'messageId': (string);
  'duplicate': (boolean);
  'routes': (_lienthong_v1_RecipientRoute__Output)[];
}
