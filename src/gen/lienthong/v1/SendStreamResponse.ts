// Original file: proto/lienthong/v1/agency.proto

import type { SendResponse as _lienthong_v1_SendResponse, SendResponse__Output as _lienthong_v1_SendResponse__Output } from '../../lienthong/v1/SendResponse.js';
import type { Long } from '@grpc/proto-loader';

export interface SendStreamResponse {
  'seq'?: (number | string | Long);
  'response'?: (_lienthong_v1_SendResponse | null);
  'errorCode'?: (string);
  'errorMessage'?: (string);
}

export interface SendStreamResponse__Output {
  'seq': (number);
  'response': (_lienthong_v1_SendResponse__Output | null);
  'errorCode': (string);
  'errorMessage': (string);
}
