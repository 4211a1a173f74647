// Original file: proto/lienthong/v1/admin.proto

import type { SendRequest as _lienthong_v1_SendRequest, SendRequest__Output as _lienthong_v1_SendRequest__Output } from '../../lienthong/v1/SendRequest.js';

export interface AdminServiceSendRequest {
  'request'?: (_lienthong_v1_SendRequest | null);
}

export interface AdminServiceSendRequest__Output {
  'request': (_lienthong_v1_SendRequest__Output | null);
}
