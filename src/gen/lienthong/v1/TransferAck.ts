// Original file: proto/lienthong/v1/link.proto

import type { AckResult as _lienthong_v1_AckResult, AckResult__Output as _lienthong_v1_AckResult__Output } from '../../lienthong/v1/AckResult.js';
import type { Long } from '@grpc/proto-loader';

export interface TransferAck {
  'seq'?: (number | string | Long);
  'result'?: (_lienthong_v1_AckResult);
  'errorCode'?: (string);
  'errorMessage'?: (string);
}

export interface TransferAck__Output {
  'seq': (number);
  'result': (_lienthong_v1_AckResult__Output);
  'errorCode': (string);
  'errorMessage': (string);
}
