// Original file: proto/lienthong/v1/link.proto

import type { Long } from '@grpc/proto-loader';

export interface Hello {
  'nodeCode'?: (string);
  'softwareVersion'?: (string);
  'window'?: (number);
  'transferBatches'?: (boolean);
  'sentAtMs'?: (number | string | Long);
}

export interface Hello__Output {
  'nodeCode': (string);
  'softwareVersion': (string);
  'window': (number);
  'transferBatches': (boolean);
  'sentAtMs': (number);
}
