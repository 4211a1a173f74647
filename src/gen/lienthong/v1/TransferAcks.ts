// Original file: proto/lienthong/v1/link.proto

import type { TransferAck as _lienthong_v1_TransferAck, TransferAck__Output as _lienthong_v1_TransferAck__Output } from '../../lienthong/v1/TransferAck.js';

export interface TransferAcks {
  'acks'?: (_lienthong_v1_TransferAck)[];
}

export interface TransferAcks__Output {
  'acks': (_lienthong_v1_TransferAck__Output)[];
}
