// Original file: proto/lienthong/v1/message.proto

import type { Hop as _lienthong_v1_Hop, Hop__Output as _lienthong_v1_Hop__Output } from '../../lienthong/v1/Hop.js';
import type { Long } from '@grpc/proto-loader';

export interface StatusReport {
  'refMessageId'?: (string);
  'code'?: (string);
  'reason'?: (string);
  'reporter'?: (string);
  'recipient'?: (string);
  'atMs'?: (number | string | Long);
  'nodeCode'?: (string);
  'path'?: (_lienthong_v1_Hop)[];
  'errorCode'?: (string);
}

export interface StatusReport__Output {
  'refMessageId': (string);
  'code': (string);
  'reason': (string);
  'reporter': (string);
  'recipient': (string);
  'atMs': (number);
  'nodeCode': (string);
  'path': (_lienthong_v1_Hop__Output)[];
  'errorCode': (string);
}
