// Original file: proto/lienthong/v1/agency.proto

import type { SendRequest as _lienthong_v1_SendRequest, SendRequest__Output as _lienthong_v1_SendRequest__Output } from '../../lienthong/v1/SendRequest.js';
import type { Long } from '@grpc/proto-loader';

export interface SendStreamRequest {
  'seq'?: (number | string | Long);
  'request'?: (_lienthong_v1_SendRequest | null);
}

export interface SendStreamRequest__Output {
  'seq': (number);
  'request': (_lienthong_v1_SendRequest__Output | null);
}
