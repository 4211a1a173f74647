// Original file: proto/lienthong/v1/link.proto

import type { Hello as _lienthong_v1_Hello, Hello__Output as _lienthong_v1_Hello__Output } from '../../lienthong/v1/Hello.js';
import type { Transfer as _lienthong_v1_Transfer, Transfer__Output as _lienthong_v1_Transfer__Output } from '../../lienthong/v1/Transfer.js';
import type { TransferAcks as _lienthong_v1_TransferAcks, TransferAcks__Output as _lienthong_v1_TransferAcks__Output } from '../../lienthong/v1/TransferAcks.js';
import type { NodeReport as _lienthong_v1_NodeReport, NodeReport__Output as _lienthong_v1_NodeReport__Output } from '../../lienthong/v1/NodeReport.js';

export interface LinkFrame {
  'hello'?: (_lienthong_v1_Hello | null);
  'transfer'?: (_lienthong_v1_Transfer | null);
  'acks'?: (_lienthong_v1_TransferAcks | null);
  'report'?: (_lienthong_v1_NodeReport | null);
  'frame'?: "hello"|"transfer"|"acks"|"report";
}

export interface LinkFrame__Output {
  'hello'?: (_lienthong_v1_Hello__Output | null);
  'transfer'?: (_lienthong_v1_Transfer__Output | null);
  'acks'?: (_lienthong_v1_TransferAcks__Output | null);
  'report'?: (_lienthong_v1_NodeReport__Output | null);
  'frame'?: "hello"|"transfer"|"acks"|"report";
}
