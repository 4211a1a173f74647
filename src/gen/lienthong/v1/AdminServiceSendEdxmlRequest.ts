// Original file: proto/lienthong/v1/admin.proto

import type { SendEdxmlRequest as _lienthong_v1_SendEdxmlRequest, SendEdxmlRequest__Output as _lienthong_v1_SendEdxmlRequest__Output } from '../../lienthong/v1/SendEdxmlRequest.js';

export interface AdminServiceSendEdxmlRequest {
  'request'?: (_lienthong_v1_SendEdxmlRequest | null);
}

export interface AdminServiceSendEdxmlRequest__Output {
  'request': (_lienthong_v1_SendEdxmlRequest__Output | null);
}
