// Original file: proto/lienthong/v1/agency.proto

import type { Long } from '@grpc/proto-loader';

export interface ReceiveRequest {
  'agency'?: (string);
  'follow'?: (boolean);
  'max'?: (number);
  'afterSeq'?: (number | string | Long);
}

export interface ReceiveRequest__Output {
  'agency': (string);
  'follow': (boolean);
  'max': (number);
  'afterSeq': (number);
}
