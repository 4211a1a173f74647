// Original file: proto/lienthong/v1/link.proto

import type { Message as _lienthong_v1_Message, Message__Output as _lienthong_v1_Message__Output } from '../../lienthong/v1/Message.js';
import type { Hop as _lienthong_v1_Hop, Hop__Output as _lienthong_v1_Hop__Output } from '../../lienthong/v1/Hop.js';
import type { Long } from '@grpc/proto-loader';

export interface Transfer {
  'seq'?: (number | string | Long);
  'message'?: (_lienthong_v1_Message | null);
  'recipients'?: (string)[];
  'trace'?: (_lienthong_v1_Hop)[];
  'expiresAtMs'?: (number | string | Long);
}

export interface Transfer__Output {
  'seq': (number);
  'message': (_lienthong_v1_Message__Output | null);
  'recipients': (string)[];
  'trace': (_lienthong_v1_Hop__Output)[];
  'expiresAtMs': (number);
}
