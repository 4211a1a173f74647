// Original file: proto/lienthong/v1/admin.proto

import type { SendEdxmlResponse as _lienthong_v1_SendEdxmlResponse, SendEdxmlResponse__Output as _lienthong_v1_SendEdxmlResponse__Output } from '../../lienthong/v1/SendEdxmlResponse.js';

export interface AdminServiceSendEdxmlResponse {
  'response'?: (_lienthong_v1_SendEdxmlResponse | null);
}

export interface AdminServiceSendEdxmlResponse__Output {
  'response': (_lienthong_v1_SendEdxmlResponse__Output | null);
}
