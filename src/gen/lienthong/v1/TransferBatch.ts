// Original file: proto/lienthong/v1/link.proto

import type { Transfer as _lienthong_v1_Transfer, Transfer__Output as _lienthong_v1_Transfer__Output } from '../../lienthong/v1/Transfer.js';

export interface TransferBatch {
  'transfers'?: (_lienthong_v1_Transfer)[];
}

export interface TransferBatch__Output {
  'transfers': (_lienthong_v1_Transfer__Output)[];
}
